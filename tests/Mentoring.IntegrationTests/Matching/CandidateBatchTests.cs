using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.Contracts;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Google.Protobuf;

namespace Mentoring.IntegrationTests.Matching;

/// <summary>
/// Matching projects a batch of people's events in one statement, with the effect of the events
/// one by one: the highest version of a person wins, the first of equal versions stays, and an
/// older version (a registration after updates) changes nothing. The events are on the log before
/// matching starts, so it reads them as batches.
/// </summary>
public sealed class CandidateBatchTests
{
    [Fact]
    public async Task A_batch_with_a_person_several_times_leaves_what_one_by_one_upserts_would()
    {
        var db = await Databases.FreshAsync();
        var (ada, bob) = (Guid.NewGuid(), Guid.NewGuid());
        var others = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToList();
        var events = new List<IMessage>
        {
            Updated(ada, 3, "Ada 3"), Updated(bob, 2, "Bob 2 first"), Updated(ada, 2, "Ada 2"),
            Updated(ada, 5, "Ada 5 first"), Updated(bob, 2, "Bob 2 second"), Updated(ada, 5, "Ada 5 second"), Updated(ada, 4, "Ada 4"),
        };
        events.AddRange(others.Select((id, i) => (IMessage)Updated(id, 1 + i % 3, $"Other {i}")));
        await AppendInOneTransactionAsync(db, events);
        // Registrations of people already updated past version 1: whichever subscriber runs first, they change nothing.
        var updatedTwice = others.Where((_, i) => 1 + i % 3 >= 2).Take(10);
        await AppendInOneTransactionAsync(db, [Registered(ada, "Ada registered"), .. updatedTwice.Select(id => (IMessage)Registered(id, "late"))]);

        await using var matching = await Apps.StartAsync("matching", db);
        await Eventually.True("both subscribers handled every event of their topics", async () =>
            await db.CountAsync("SELECT count(*) FROM matching.inbox") == events.Count + 11);

        Assert.Equal(("Ada 5 first", 5L), await NameAndVersionAsync(db, ada));
        Assert.Equal(("Bob 2 first", 2L), await NameAndVersionAsync(db, bob));
        for (var i = 0; i < others.Count; i++) Assert.Equal(($"Other {i}", (long)(1 + i % 3)), await NameAndVersionAsync(db, others[i]));
        Assert.Equal(2 + others.Count, await db.CountAsync("SELECT count(*) FROM matching.candidate"));
        Assert.Equal(events.Count, await db.CountAsync("SELECT count(*) FROM matching.inbox WHERE subscriber = 'candidate-updates'"));
        Assert.Equal(11, await db.CountAsync("SELECT count(*) FROM matching.inbox WHERE subscriber = 'candidates'"));
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM matching.event_failure"));
    }

    private static Person Person(Guid id, string name) => new()
    {
        Name = $"people/{id}", DisplayName = name, AreaOfWork = "engineering", SeniorityLevel = SeniorityLevel.Senior,
        Roles = { PersonRole.Mentor }, Languages = { "EN", "fr" }, MeetingFormats = { MeetingFormat.Video },
        Skills = { new Skill { Name = "maths", Level = 4 } }, TimeZone = "Europe/London",
    };

    private static PersonUpdated Updated(Guid id, long version, string name) => new() { Person = Person(id, name), Version = version };

    private static PersonRegistered Registered(Guid id, string name) => new() { Person = Person(id, name) };

    private static async Task AppendInOneTransactionAsync(TestDatabase db, IReadOnlyList<IMessage> events)
    {
        var envelopes = events.Select(e => CloudEvent.Create(e, "profile", TestIdentity.Acme, TimeProvider.System)).ToList();
        await using var admin = db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        await c.ExecuteAsync(
            """
            INSERT INTO eventbus.log (event_id, topic, type, tenant_id, envelope)
            SELECT id, topic, type, @Tenant, envelope::jsonb
            FROM unnest(@Ids, @Topics, @Types, @Envelopes) WITH ORDINALITY AS e (id, topic, type, envelope, ord)
            ORDER BY ord
            """,
            new
            {
                Tenant = TestIdentity.Acme,
                Ids = envelopes.Select(e => e.EventId).ToArray(),
                Topics = envelopes.Select(e => EventCatalogue.FindByTypeName(e.Type)!.Topic).ToArray(),
                Types = envelopes.Select(e => e.Type).ToArray(),
                Envelopes = envelopes.Select(e => e.ToJson()).ToArray(),
            });
    }

    private static async Task<(string, long)> NameAndVersionAsync(TestDatabase db, Guid id)
    {
        await using var admin = db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        return await c.QuerySingleAsync<(string, long)>("SELECT display_name, version FROM matching.candidate WHERE person_id = @id", new { id });
    }
}
