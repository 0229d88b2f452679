using Dapper;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mentoring.BuildingBlocks.Events;
using Mentoring.Contracts;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Testing;
using NodaTime;
using Duration = NodaTime.Duration;
using Proto = Mentoring.Contracts.Profile.V1;

namespace Mentoring.Scheduling.Load;

/// <summary>
/// What scheduling learns from the other services, published into the shared event log as profile and
/// matching would (cf. tests/.../Scheduling/SchedulingWorld.cs and Support/EventBus.cs), and meetings
/// booked straight into scheduling's tables.
/// </summary>
internal sealed class World(TestDatabase db)
{
    public async Task PublishAsync(IMessage @event, string source)
    {
        var envelope = CloudEvent.Create(@event, source, Platform.Tenant, TimeProvider.System);
        await using var data = db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        await c.ExecuteAsync(
            """
            INSERT INTO eventbus.log (event_id, topic, type, tenant_id, envelope)
            VALUES (@Id, @Topic, @Type, @TenantId, @Envelope::jsonb)
            """,
            new { Id = envelope.EventId, EventCatalogue.For(@event).Topic, envelope.Type, envelope.TenantId, Envelope = envelope.ToJson() });
    }

    /// <summary>A person of <paramref name="zone"/> with the same local hours every weekday.</summary>
    public async Task PersonAsync(Guid id, string zone, string from, string to)
    {
        var name = $"people/{id}";
        await PublishAsync(new PersonRegistered
        {
            Person = new Proto.Person { Name = name, DisplayName = "Bench " + name[^4..], TimeZone = zone, CreateTime = Timestamp.FromDateTime(DateTime.UtcNow) },
        }, "profile");
        var availability = new Proto.Availability { Name = name + "/availability", TimeZone = zone, Etag = "\"1\"" };
        availability.WeeklyWindows.AddRange(Enumerable.Range(1, 5).Select(d => new Proto.WeeklyWindow { DayOfWeek = (Proto.DayOfWeek)d, StartTime = from, EndTime = to }));
        await PublishAsync(new AvailabilityChanged { Person = name, Availability = availability }, "profile");
    }

    /// <summary>An active relationship; returns its name once scheduling has projected it and everyone's availability.</summary>
    public async Task<string> RelationshipAsync(Guid[] mentors, Guid[] mentees)
    {
        var id = Guid.NewGuid();
        var e = new RelationshipStateChanged
        {
            Relationship = $"relationships/{id}", Programme = $"programmes/{Guid.NewGuid()}", State = RelationshipState.Active, Version = 1,
        };
        e.Mentors.AddRange(mentors.Select(m => $"people/{m}"));
        e.Mentees.AddRange(mentees.Select(m => $"people/{m}"));
        await PublishAsync(e, "matching");
        var people = mentors.Concat(mentees).ToArray();
        await Eventually.True("scheduling has the relationship, its people and their availability", async () =>
        {
            await using var data = db.AdminDataSource();
            await using var c = await data.OpenConnectionAsync();
            return await c.ExecuteScalarAsync<bool>(
                """
                SELECT EXISTS (SELECT 1 FROM scheduling.relationship WHERE id = @id)
                   AND (SELECT count(*) FROM scheduling.participant WHERE person_id = ANY(@people)) = cardinality(@people)
                   AND (SELECT count(*) FROM scheduling.availability WHERE person_id = ANY(@people)) = cardinality(@people)
                """, new { id, people });
        }, TimeSpan.FromSeconds(60));
        return e.Relationship;
    }

    /// <summary>
    /// <paramref name="count"/> meetings of <paramref name="person"/> with someone outside the group (a relationship of its
    /// own), on random weekdays between <paramref name="from"/> and <paramref name="days"/> later, 08:00–19:00 local on quarter
    /// hours, 15 to 60 minutes, confirmed.
    /// </summary>
    public async Task BookAsync(Random random, Guid person, DateTimeZone zone, Instant from, int days, int count)
    {
        var ids = new Guid[count];
        var starts = new DateTime[count];
        var ends = new DateTime[count];
        for (var i = 0; i < count; i++)
        {
            var date = from.InUtc().Date.PlusDays(random.Next(days));
            while (date.DayOfWeek > IsoDayOfWeek.Friday) date = date.PlusDays(1);
            var start = zone.AtLeniently(date.At(new LocalTime(random.Next(8, 19), random.Next(4) * 15))).ToInstant();
            ids[i] = Guid.NewGuid();
            starts[i] = start.ToDateTimeUtc();
            ends[i] = (start + Duration.FromMinutes(random.Next(1, 5) * 15)).ToDateTimeUtc();
        }
        await using var data = db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        await c.ExecuteAsync(
            """
            INSERT INTO scheduling.meeting (tenant_id, id, relationship_id, start_at, end_at, format, state, organizer, time_zone, title)
            SELECT @tenant, m.id, gen_random_uuid(), m.s, m.e, 1, 2, 'people/' || @person, @zone, 'Booked'
            FROM unnest(@ids, @starts, @ends) AS m(id, s, e);
            INSERT INTO scheduling.meeting_attendee (tenant_id, meeting_id, person_id, mentor, position, response, start_at, end_at)
            SELECT @tenant, m.id, p.person, p.mentor, p.position, 1, m.s, m.e
            FROM unnest(@ids, @starts, @ends) AS m(id, s, e)
            CROSS JOIN LATERAL (VALUES (@person, true, 0::smallint), (gen_random_uuid(), false, 1::smallint)) AS p(person, mentor, position);
            """, new { tenant = Platform.Tenant, person, zone = zone.Id, ids, starts, ends });
    }
}
