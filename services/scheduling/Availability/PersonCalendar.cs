using System.Globalization;
using Dapper;
using Google.Protobuf;
using Mentoring.Scheduling.Engine.Availability;
using NodaTime;
using Npgsql;
using Proto = Mentoring.Contracts.Profile.V1;

namespace Mentoring.Scheduling.Availability;

/// <summary>What slot finding needs of one person: their zone, free time and busy time in a range.</summary>
public sealed record PersonCalendar(Guid PersonId, DateTimeZone Zone, IReadOnlyList<FreeInterval> Free, IReadOnlyList<FreeInterval> Busy);

/// <summary>
/// Builds people's calendars from the projections: weekly windows and exceptions (profile's
/// availability) in each person's zone, the meetings (and speed-mentoring rounds) they are booked into and the busy times of
/// the calendar they published (<c>external_busy</c>, as last synced). A person who has
/// given no weekly windows is taken to work Monday to Friday, 09:00 to 17:00, on their own clock.
/// </summary>
public static class PersonCalendars
{
    public static readonly IReadOnlyList<WeeklyWindow> DefaultWorkingHours =
        Enumerable.Range(1, 5).Select(d => new WeeklyWindow((IsoDayOfWeek)d, new LocalTime(9, 0), new LocalTime(17, 0))).ToArray();

    private sealed record Row(Guid PersonId, string? TimeZone, string? Availability);

    private sealed record BusyRow(Guid PersonId, DateTime StartAt, DateTime EndAt);

    public static async Task<IReadOnlyList<PersonCalendar>> LoadAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, IReadOnlyList<Guid> people, Instant from, Instant to, Duration margin,
        CancellationToken ct)
    {
        var ids = people.ToArray();
        var rows = (await c.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT p.id AS PersonId, pt.time_zone AS TimeZone, a.availability::text AS Availability
            FROM unnest(@ids) AS p(id)
            LEFT JOIN participant pt ON pt.tenant_id = @tenantId AND pt.person_id = p.id
            LEFT JOIN availability a ON a.tenant_id = @tenantId AND a.person_id = p.id
            """, new { tenantId, ids }, tx, cancellationToken: ct))).ToDictionary(r => r.PersonId);
        var busy = (await c.QueryAsync<BusyRow>(new CommandDefinition(
            """
            SELECT person_id AS PersonId, start_at AS StartAt, end_at AS EndAt FROM meeting_attendee
            WHERE tenant_id = @tenantId AND person_id = ANY(@ids) AND busy AND start_at < @until AND end_at > @since
            UNION ALL
            SELECT p.person, v.start_at, v.end_at FROM speed_conversation v
            CROSS JOIN LATERAL (VALUES (v.mentor_id), (v.mentee_id)) AS p(person)
            WHERE v.tenant_id = @tenantId AND p.person = ANY(@ids) AND v.start_at < @until AND v.end_at > @since
            UNION ALL
            SELECT person_id, start_at, end_at FROM external_busy
            WHERE tenant_id = @tenantId AND person_id = ANY(@ids) AND start_at < @until AND end_at > @since
            """,
            new { tenantId, ids, since = (from - margin).ToDateTimeUtc(), until = (to + margin).ToDateTimeUtc() },
            tx, cancellationToken: ct))).ToLookup(b => b.PersonId);

        return ids.Select(id =>
        {
            var row = rows.GetValueOrDefault(id);
            var availability = row?.Availability is { } json ? Proto.Availability.Parser.ParseJson(json) : null;
            var zone = Zone(availability?.TimeZone is { Length: > 0 } z ? z : row?.TimeZone);
            var windows = availability?.WeeklyWindows.Select(Window).ToList() is { Count: > 0 } given ? given : DefaultWorkingHours;
            var blocked = availability?.Exceptions.Select(Blocked).ToList() ?? [];
            var free = FreeIntervals.Compute(zone, windows, blocked, from, to);
            var booked = busy[id].Select(b => new FreeInterval(Instant.FromDateTimeUtc(Utc(b.StartAt)), Instant.FromDateTimeUtc(Utc(b.EndAt)))).ToList();
            return new PersonCalendar(id, zone, free, booked);
        }).ToList();
    }

    public static DateTimeZone Zone(string? id) =>
        (id is { Length: > 0 } ? DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) : null) ?? DateTimeZone.Utc;

    private static WeeklyWindow Window(Proto.WeeklyWindow w) => new((IsoDayOfWeek)(int)w.DayOfWeek, Time(w.StartTime), Time(w.EndTime));

    private static BlockedTime Blocked(Proto.AvailabilityException e)
    {
        var date = LocalDate.FromDateTime(DateTime.ParseExact(e.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture));
        return e.StartTime.Length > 0 && e.EndTime.Length > 0 ? new BlockedTime(date, Time(e.StartTime), Time(e.EndTime)) : new BlockedTime(date);
    }

    /// <summary>"HH:MM" as profile stores it; "24:00" is the midnight that ends the day (00:00 in the engine).</summary>
    private static LocalTime Time(string text) => text == "24:00" ? LocalTime.Midnight
        : LocalTime.FromHourMinuteSecondTick(int.Parse(text[..2], CultureInfo.InvariantCulture), int.Parse(text[3..5], CultureInfo.InvariantCulture), 0, 0);

    private static DateTime Utc(DateTime at) => DateTime.SpecifyKind(at, DateTimeKind.Utc);
}
