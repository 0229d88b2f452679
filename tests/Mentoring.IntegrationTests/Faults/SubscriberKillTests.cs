using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Xunit.Abstractions;

namespace Mentoring.IntegrationTests.Faults;

/// <summary>
/// A subscriber killed with SIGKILL in the middle of 10,000 events and started again: the matching
/// service runs as an OS process of its own (<see cref="ServiceProcess"/>), projecting
/// PersonRegistered into <c>candidate</c>. After the restart every event
/// is projected exactly once: one candidate and one inbox row per event on the log, no failure.
/// </summary>
public sealed class SubscriberKillTests(ITestOutputHelper output)
{
    private const int Events = 10_000;

    [Fact]
    public async Task A_subscriber_killed_mid_stream_and_restarted_projects_every_event_exactly_once()
    {
        var db = await Databases.FreshAsync();
        var publishing = PublishAsync(db);
        var first = await ServiceProcess.StartAsync("matching", db, output);
        await using (first)
        {
            await Eventually.True("the subscriber is under way", async () => await db.CountAsync("SELECT count(*) FROM matching.candidate") >= 1500,
                TimeSpan.FromSeconds(90));
            await first.KillAsync();
            var atKill = await db.CountAsync("SELECT count(*) FROM matching.candidate");
            output.WriteLine($"killed after {atKill} of {Events} events projected");

            await using var second = await ServiceProcess.StartAsync("matching", db, output);
            await publishing;
            await Eventually.True("every event is projected after the restart",
                async () => await db.CountAsync("SELECT count(*) FROM matching.candidate") >= Events, TimeSpan.FromSeconds(180));

            Assert.Equal(Events, await db.CountAsync("SELECT count(*) FROM eventbus.log"));
            Assert.Equal(Events, await db.CountAsync("SELECT count(*) FROM matching.candidate"));
            Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM eventbus.log l WHERE NOT EXISTS (SELECT 1 FROM matching.candidate c WHERE 'people/' || c.person_id = l.envelope->'data'->'person'->>'name')"));
            Assert.Equal(Events, await db.CountAsync("SELECT count(*) FROM matching.inbox WHERE subscriber = 'candidates'"));
            Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM matching.event_failure"));
            Assert.Equal(await db.CountAsync("SELECT max(position) FROM eventbus.log"),
                await db.CountAsync("SELECT position FROM matching.event_cursor WHERE subscriber = 'candidates'"));
        }
    }

    /// <summary>The 10,000 events, in transactions of 100, while the subscriber runs (and while it is down).</summary>
    private static async Task PublishAsync(TestDatabase db)
    {
        await Task.Yield();
        await using var admin = db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        for (var from = 0; from < Events; from += 100)
        {
            var envelopes = Enumerable.Range(from, 100).Select(i => CloudEvent.Create(new PersonRegistered
            {
                Person = new Person
                {
                    Name = $"people/{Guid.NewGuid()}", DisplayName = $"Killed {i:D5}", AreaOfWork = "engineering",
                    SeniorityLevel = SeniorityLevel.Senior, Roles = { PersonRole.Mentor },
                },
            }, "profile", TestIdentity.Acme, TimeProvider.System)).ToList();
            await c.ExecuteAsync(
                """
                INSERT INTO eventbus.log (event_id, topic, type, tenant_id, envelope)
                SELECT id, 'profile.person-registered', @Type, @Tenant, envelope::jsonb
                FROM unnest(@Ids, @Envelopes) WITH ORDINALITY AS e (id, envelope, ord)
                ORDER BY ord
                """,
                new
                {
                    envelopes[0].Type, Tenant = TestIdentity.Acme,
                    Ids = envelopes.Select(e => e.EventId).ToArray(), Envelopes = envelopes.Select(e => e.ToJson()).ToArray(),
                });
        }
    }

}
