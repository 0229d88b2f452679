using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Events.Inbox;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Scheduling.Notifications;
using Mentoring.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mentoring.IntegrationTests.Scheduling;

/// <summary>
/// Feedback's <c>AgreementReminderDue</c> mailed by scheduling over real SMTP (an in-process server): each participant
/// once, in their language, however often the event is delivered.
/// </summary>
public sealed class AgreementReminderMailTests() : ServicesUnderTest("scheduling")
{
    private readonly SmtpSink smtp = SmtpSink.Start();
    private SchedulingWorld world = null!;
    private readonly string mentor = $"people/{Guid.NewGuid()}", mentee = $"people/{Guid.NewGuid()}";

    protected override IReadOnlyDictionary<string, string?>? SettingsOf(string service) => new Dictionary<string, string?>
    {
        ["Scheduling:SweepInterval"] = "01:00:00",
        ["Notifications:Email:Enabled"] = "true",
        ["Notifications:Email:Host"] = "127.0.0.1",
        ["Notifications:Email:Port"] = smtp.Port.ToString(),
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        world = new SchedulingWorld(Db, Client<SchedulingService.SchedulingServiceClient>("scheduling", await TestIdentity.PartnerAsync()));
        await world.PersonAsync(mentor, "Europe/Paris", "mentor@acme.example", "fr-FR");
        await world.PersonAsync(mentee, "America/New_York", "mentee@acme.example", "");
        await world.KnownAsync(mentor, withAvailability: false);
        await world.KnownAsync(mentee, withAvailability: false);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await smtp.DisposeAsync();
    }

    private static AgreementReminderDue Due(string relationship, params string[] participants)
    {
        var e = new AgreementReminderDue { Relationship = relationship, DaysWaiting = 14 };
        e.Participants.AddRange(participants);
        return e;
    }

    private async Task<long> MailsRecordedAsync(Guid eventId)
    {
        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<long>("SELECT count(*) FROM scheduling.notification_sent WHERE event_id = @eventId", new { eventId });
    }

    [Fact]
    public async Task Each_participant_is_mailed_once_in_their_language_even_when_the_event_comes_again()
    {
        var relationship = await world.RelationshipAsync([mentor], [mentee], RelationshipState.Contracting);
        var envelope = CloudEvent.Create(Due(relationship, mentor, mentee), "feedback", TestIdentity.Acme, TimeProvider.System);
        var dispatcher = Service("scheduling").Services.GetRequiredService<EventDispatcher>();
        Assert.Equal(DispatchOutcome.Handled, await dispatcher.DispatchAsync(AgreementMailer.Subscriber, envelope, default));

        var mails = await Eventually.Until("two agreement reminders", () => Task.FromResult(smtp.Messages.Count >= 2 ? smtp.Messages : null));
        Assert.Equal(2, mails.Count);
        var toMentor = mails.Single(m => m.To.Mailboxes.Single().Address == "mentor@acme.example");
        var toMentee = mails.Single(m => m.To.Mailboxes.Single().Address == "mentee@acme.example");
        Assert.Equal("Rappel : votre accord de mentorat", toMentor.Subject);
        Assert.Contains("14 jours", toMentor.TextBody);
        Assert.Equal("Reminder: your mentoring agreement", toMentee.Subject);
        Assert.Contains("14 days", toMentee.TextBody);
        Assert.Contains("sign", toMentee.TextBody);

        // Delivered again: the inbox knows it. Delivered again after a handler that failed once its mails had gone
        // out (the inbox row rolled back, the sent mails recorded): still nobody is mailed twice.
        Assert.Equal(DispatchOutcome.Duplicate, await dispatcher.DispatchAsync(AgreementMailer.Subscriber, envelope, default));
        await using (var data = Db.AdminDataSource())
        await using (var c = await data.OpenConnectionAsync())
            await c.ExecuteAsync("DELETE FROM scheduling.inbox WHERE event_id = @id", new { id = envelope.EventId });
        Assert.Equal(DispatchOutcome.Handled, await dispatcher.DispatchAsync(AgreementMailer.Subscriber, envelope, default));
        Assert.Equal(2, smtp.Messages.Count);
        Assert.Equal(2, await MailsRecordedAsync(envelope.EventId));
    }

    [Fact]
    public async Task Published_by_feedback_it_reaches_the_participants_through_the_bus()
    {
        var relationship = await world.RelationshipAsync([mentor], [mentee], RelationshipState.Contracting);
        await EventBus.PublishAsync(Db, Due(relationship, mentor, mentee), "feedback");
        var mails = await Eventually.Until("two agreement reminders", () => Task.FromResult(smtp.Messages.Count >= 2 ? smtp.Messages : null));
        Assert.Equal(["mentee@acme.example", "mentor@acme.example"], mails.Select(m => m.To.Mailboxes.Single().Address).Order());
    }

    [Fact]
    public async Task A_relationship_already_past_contracting_or_a_participant_without_an_address_is_not_mailed()
    {
        var active = await world.RelationshipAsync([mentor], [mentee], RelationshipState.Active);
        var dispatcher = Service("scheduling").Services.GetRequiredService<EventDispatcher>();
        var stale = CloudEvent.Create(Due(active, mentor, mentee), "feedback", TestIdentity.Acme, TimeProvider.System);
        Assert.Equal(DispatchOutcome.Handled, await dispatcher.DispatchAsync(AgreementMailer.Subscriber, stale, default));
        Assert.Empty(smtp.Messages);

        var unknown = $"people/{Guid.NewGuid()}";
        var contracting = await world.RelationshipAsync([mentor], [unknown], RelationshipState.Contracting);
        var due = CloudEvent.Create(Due(contracting, mentor, unknown), "feedback", TestIdentity.Acme, TimeProvider.System);
        Assert.Equal(DispatchOutcome.Handled, await dispatcher.DispatchAsync(AgreementMailer.Subscriber, due, default));
        Assert.Equal("mentor@acme.example", Assert.Single(smtp.Messages).To.Mailboxes.Single().Address);
    }
}
