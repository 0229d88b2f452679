using Dapper;
using Mentoring.Contracts.Events.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using RelationshipState = Mentoring.Contracts.Matching.V1.RelationshipState;

namespace Mentoring.IntegrationTests.Feedback;

/// <summary>A relationship left in CONTRACTING without a signed agreement is reminded once; a signed one is not.</summary>
public sealed class AgreementReminderTests() : ServicesUnderTest("feedback")
{
    protected override IReadOnlyDictionary<string, string?>? SettingsOf(string service) =>
        new Dictionary<string, string?> { ["Feedback:HealthSweepSeconds"] = "1", ["Feedback:ContractingReminderDays"] = "14" };

    [Fact]
    public async Task Two_weeks_in_contracting_without_a_signed_agreement_sends_one_reminder()
    {
        var world = new FeedbackWorld(Db);
        string mentor = $"people/{Guid.NewGuid()}", mentee = $"people/{Guid.NewGuid()}";
        var waiting = await world.RelationshipAsync([mentor], [mentee], RelationshipState.Contracting);
        var signed = await world.RelationshipAsync([$"people/{Guid.NewGuid()}"], [$"people/{Guid.NewGuid()}"], RelationshipState.Contracting);
        var recent = await world.RelationshipAsync([$"people/{Guid.NewGuid()}"], [$"people/{Guid.NewGuid()}"], RelationshipState.Contracting);
        await using var data = Db.AdminDataSource();
        await using (var c = await data.OpenConnectionAsync())
            await c.ExecuteAsync(
                """
                UPDATE feedback.relationship SET contracting_since = now() - interval '15 days' WHERE id = ANY(@old);
                UPDATE feedback.relationship SET contracting_since = now() - interval '13 days' WHERE id = @recent;
                INSERT INTO feedback.agreement (tenant_id, relationship_id, version, revision, content, signed_at, updated_by, updated_at)
                VALUES ('acme', @signed, 1, 1, '\x00', now(), @signed, now());
                UPDATE feedback.health_check_due SET due_at = now() - interval '1 second';
                """, new { old = new[] { FeedbackWorld.Id(waiting), FeedbackWorld.Id(signed) }, recent = FeedbackWorld.Id(recent), signed = FeedbackWorld.Id(signed) });

        var reminder = await Eventually.Until("the sweeper publishes AgreementReminderDue", async () =>
            (await EventBus.ReadAsync<AgreementReminderDue>(Db)).SingleOrDefault());
        Assert.Equal((waiting, 15), (reminder.Relationship, reminder.DaysWaiting));
        Assert.Equal([mentor, mentee], reminder.Participants);

        // Looked at again: no second reminder, and still none for the signed or the recent one.
        await using (var c = await data.OpenConnectionAsync())
            await c.ExecuteAsync("UPDATE feedback.health_check_due SET due_at = now() - interval '1 second'");
        await Eventually.True("the sweeper looked again", async () =>
        {
            await using var c = await data.OpenConnectionAsync();
            return await c.ExecuteScalarAsync<bool>("SELECT bool_and(due_at > now()) FROM feedback.health_check_due");
        });
        Assert.Equal(1, await world.QueuedAsync<AgreementReminderDue>());
    }
}
