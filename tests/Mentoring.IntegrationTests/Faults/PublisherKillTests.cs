using Grpc.Core;
using Mentoring.Contracts;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Xunit.Abstractions;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Faults;

/// <summary>
/// A publisher killed with SIGKILL in the middle of 10,000 events: profile, an OS process of its own
/// (<see cref="ServiceProcess"/>), takes a partner's import of 10,000 people over one gRPC stream
/// and relays their PersonRegistered events from its outbox, while matching (in this process)
/// projects them into candidates. Profile is killed once a few thousand rows are acknowledged, is
/// started again, and the partner sends the whole import again, as a client does after a broken
/// stream. Afterwards: every row acknowledged before the kill is there unchanged, each person has
/// exactly one event on the log and exactly one candidate, and the outbox holds nothing unpublished.
/// </summary>
public sealed class PublisherKillTests(ITestOutputHelper output)
{
    private const int People = 10_000;
    private const int KillAfterAcknowledged = 2_500;

    [Fact]
    public async Task A_publisher_killed_mid_stream_and_restarted_loses_nothing_acknowledged_and_publishes_each_event_once()
    {
        var db = await Databases.FreshAsync();
        await using var matching = await Apps.StartAsync("matching", db);
        var partner = await TestIdentity.PartnerAsync();
        var rows = Enumerable.Range(0, People).Select(Row).ToList();

        var first = await ServiceProcess.StartAsync("profile", db, output);
        List<ImportPeopleResponse> beforeKill;
        long publishedAtKill;
        await using (first)
        {
            using var channel = first.CreateChannel(partner);
            var acknowledged = new List<ImportPeopleResponse>();
            var importing = ImportAsync(new ProfileService.ProfileServiceClient(channel), rows, acknowledged);
            await Eventually.True($"{KillAfterAcknowledged} rows are acknowledged",
                () => Task.FromResult(CountOf(acknowledged) >= KillAfterAcknowledged || importing.IsCompleted),
                TimeSpan.FromSeconds(120));
            await first.KillAsync();
            publishedAtKill = await db.CountAsync("SELECT count(*) FROM eventbus.log");
            var broken = await Assert.ThrowsAsync<RpcException>(() => importing);
            lock (acknowledged) beforeKill = [.. acknowledged];
            output.WriteLine($"killed after {beforeKill.Count} rows acknowledged and {publishedAtKill} events published ({broken.StatusCode})");
        }
        Assert.InRange(beforeKill.Count, 1, People - 1); // the kill fell in the middle of the import
        Assert.InRange(publishedAtKill, 0, People - 1);  // … and of the stream of events

        await using var second = await ServiceProcess.StartAsync("profile", db, output);
        using (var channel = second.CreateChannel(partner))
        {
            var again = new List<ImportPeopleResponse>();
            await ImportAsync(new ProfileService.ProfileServiceClient(channel), rows, again);
            Assert.Equal(People, again.Count);
            var outcomes = again.ToDictionary(r => r.ExternalId);
            Assert.All(beforeKill, acked =>
            {
                Assert.Equal(ImportOutcome.Unchanged, outcomes[acked.ExternalId].Outcome); // acknowledged, so stored
                Assert.Equal(acked.Person, outcomes[acked.ExternalId].Person);
            });
            Assert.All(again, r => Assert.Contains(r.Outcome, new[] { ImportOutcome.Created, ImportOutcome.Unchanged }));
        }

        await Eventually.True("every person is a candidate",
            async () => await db.CountAsync("SELECT count(*) FROM matching.candidate") >= People, TimeSpan.FromSeconds(180));
        var topic = EventCatalogue.For<PersonRegistered>().Topic;
        Assert.Equal(People, await db.CountAsync("SELECT count(*) FROM profile.person"));
        Assert.Equal(People, await db.CountAsync($"SELECT count(*) FROM eventbus.log WHERE topic = '{topic}'"));
        Assert.Equal(People, await db.CountAsync($"SELECT count(DISTINCT envelope->'data'->'person'->>'name') FROM eventbus.log WHERE topic = '{topic}'"));
        Assert.Equal(0, await db.CountAsync($"SELECT count(*) FROM profile.person p WHERE NOT EXISTS (SELECT 1 FROM eventbus.log l WHERE l.topic = '{topic}' AND l.envelope->'data'->'person'->>'name' = 'people/' || p.id)"));
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM profile.outbox WHERE published_at IS NULL"));
        Assert.Equal(People, await db.CountAsync("SELECT count(*) FROM matching.candidate"));
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM profile.person p WHERE NOT EXISTS (SELECT 1 FROM matching.candidate c WHERE c.person_id = p.id)"));
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM matching.event_failure"));
    }

    private static ImportPeopleRequest Row(int i)
    {
        var person = Person($"Imported {i:D5}", PersonRole.Mentee, SeniorityLevel.Junior);
        person.Email = $"imported-{i}@hr.example.org";
        return new ImportPeopleRequest { ExternalId = $"hr-{i}", Person = person };
    }

    /// <summary>Streams the rows; each response is added to <paramref name="acknowledged"/> as it arrives.</summary>
    private static async Task ImportAsync(ProfileService.ProfileServiceClient client, IEnumerable<ImportPeopleRequest> rows, List<ImportPeopleResponse> acknowledged)
    {
        using var call = client.ImportPeople();
        var reading = Task.Run(async () =>
        {
            await foreach (var response in call.ResponseStream.ReadAllAsync())
                lock (acknowledged) acknowledged.Add(response);
        });
        try
        {
            foreach (var row in rows) await call.RequestStream.WriteAsync(row);
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception) when (!reading.IsCompletedSuccessfully)
        {
            // the stream broke while writing: the reader reports how
        }
        await reading;
    }

    private static int CountOf(List<ImportPeopleResponse> responses)
    {
        lock (responses) return responses.Count;
    }

}
