using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Scheduling.Engine.Recurrence;
using Mentoring.Scheduling.Meetings;
using Mentoring.Scheduling.Relationships;
using NodaTime;
using Npgsql;

namespace Mentoring.Scheduling.Series.CreateMeetingSeries;

/// <summary>
/// Books every occurrence of a recurrence rule (<see cref="Recurrences"/>: same local time in the
/// series' zone across DST, exception dates skipped) as meetings of the series, all or nothing:
/// one conflict refuses the whole series. Idempotent by request id.
/// </summary>
public sealed class CreateMeetingSeriesHandler(TenantDatabase db, Outbox outbox, TimeProvider clock)
{
    public const int MaxExceptionDates = 100;

    public async Task<MeetingSeries> HandleAsync(CreateMeetingSeriesRequest request, Caller caller, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var v = new Violations().MaxLength("request_id", request.RequestId, 100);
        var s = request.Series;
        if (s is null) { v.Add("series", "is required"); v.ThrowIfAny(); }
        if (!ResourceName.TryParse(RelationshipRow.Collection, s!.Relationship, out var relationshipId))
            v.Add("series.relationship", "must be relationships/{relationship_id}");
        var first = SeriesRecord.StartPattern.Parse(s.FirstStart);
        if (!first.Success) v.Add("series.first_start", "must be a local date and time \"YYYY-MM-DDTHH:MM\"");
        DateTimeZone? zone = null;
        if (s.TimeZone.Length > 0 && (zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(s.TimeZone)) is null)
            v.Add("series.time_zone", "must be an IANA time zone, e.g. Europe/London");
        if (s.DurationMinutes is < 5 or > 480) v.Add("series.duration_minutes", "must be between 5 and 480");
        if (Recurrences.Validate(s.Recurrence) is { } why) v.Add("series.recurrence", why);
        if (s.ExceptionDates.Count > MaxExceptionDates) v.Add("series.exception_dates", $"must have at most {MaxExceptionDates} dates");
        var exceptions = new List<LocalDate>();
        for (var i = 0; i < s.ExceptionDates.Count && i < MaxExceptionDates; i++)
        {
            var date = SeriesRecord.DatePattern.Parse(s.ExceptionDates[i]);
            if (date.Success) exceptions.Add(date.Value);
            else v.Add($"series.exception_dates[{i}]", "must be a date \"YYYY-MM-DD\"");
        }
        MeetingPlace.Check(v, "series.", s.Format, s.Location, s.JoinUrl);
        v.MaxLength("series.title", s.Title, 200);
        v.ThrowIfAny();

        var acting = MeetingRules.Acting(caller);
        var tenantId = db.TenantId;
        var organizer = acting is { } who ? MeetingRecord.Person(who) : caller.Subject;
        var series = await db.InTransactionAsync(async (c, tx, token) =>
        {
            var relationship = await RelationshipStore.LoadLiveAsync(c, tx, tenantId, relationshipId, s.Relationship, token);
            return await BookAsync(c, tx, tenantId, outbox, relationship, s, first.Value, zone, exceptions, acting, organizer, request.RequestId, now, token);
        }, ct);
        return series.ToProto();
    }

    /// <summary>
    /// Books a checked series of a live relationship inside the caller's transaction, all or nothing
    /// (the RPC, and the series of a signed agreement). Idempotent by <paramref name="requestId"/>.
    /// </summary>
    public static async Task<SeriesRecord> BookAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Outbox outbox,
        RelationshipRow relationship, MeetingSeries s, LocalDateTime first, DateTimeZone? zone, IReadOnlyList<LocalDate> exceptions,
        Guid? acting, string organizer, string requestId, DateTime now, CancellationToken token)
    {
        zone ??= DateTimeZoneProviders.Tzdb.GetZoneOrNull(await MeetingWriter.OrganizerZoneAsync(c, tx, tenantId, relationship, acting, token))
            ?? DateTimeZone.Utc;
        var rule = new SeriesRule(first, zone, s.Recurrence.Trim(), exceptions);
        var occurrences = Expand(rule, s.DurationMinutes, now);

        var members = relationship.Members;
        await MeetingConflicts.LockAsync(c, tx, tenantId, members.Select(p => p.PersonId), token);
        if (requestId.Length > 0 && await c.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                "SELECT id FROM meeting_series WHERE tenant_id = @tenantId AND request_id = @requestId",
                new { tenantId, requestId }, tx, cancellationToken: token)) is { } existing)
            return (await SeriesStore.LoadAsync(c, tx, tenantId, existing, token))!;
        var times = occurrences.Select(o => (o.Start.ToDateTimeUtc(), o.End.ToDateTimeUtc())).ToList();
        await MeetingConflicts.EnsureFreeAsync(c, tx, tenantId, members.Select(p => p.PersonId), times, [], token);

        var id = Guid.NewGuid();
        var relationshipId = relationship.Id;
        await SeriesStore.InsertAsync(c, tx, tenantId, id, relationshipId, rule, s.DurationMinutes, (short)s.Format,
            s.Location.Trim(), s.JoinUrl.Trim(), s.Title.Trim(), organizer, requestId, token);
        var meetings = occurrences.Select((o, i) => new NewMeeting(
            Guid.NewGuid(), relationshipId, o.Start.ToDateTimeUtc(), o.End.ToDateTimeUtc(), (short)s.Format, s.Location.Trim(),
            s.JoinUrl.Trim(), s.Title.Trim(), organizer, zone.Id, "", id, i)).ToList();
        await MeetingWriter.InsertAsync(c, tx, tenantId, meetings, members, acting, now, token);
        var booked = await MeetingStore.QueryAsync(c, tx, tenantId, "m.series_id = @id ORDER BY m.series_position", new { id }, token);
        await outbox.EnqueueAllAsync(booked.Select(m => (Google.Protobuf.IMessage)MeetingEvents.Scheduled(m)).ToList(), tenantId, c, tx, token);
        return (await SeriesStore.LoadAsync(c, tx, tenantId, id, token))!;
    }

    /// <summary>The occurrences, or field violations: the rule yields none, too many, or starts in the past or too far ahead.</summary>
    private static IReadOnlyList<Occurrence> Expand(SeriesRule rule, int minutes, DateTime now)
    {
        IReadOnlyList<Occurrence> occurrences;
        try
        {
            occurrences = Recurrences.Expand(rule, Duration.FromMinutes(minutes));
        }
        catch (RecurrenceException e)
        {
            throw Violations.Single("series.recurrence", e.Message);
        }
        if (occurrences.Count == 0) throw Violations.Single("series.recurrence", "yields no occurrence");
        if (occurrences[0].Start.ToDateTimeUtc() <= now) throw Violations.Single("series.first_start", "must be in the future");
        if (occurrences[^1].Start.ToDateTimeUtc() - now > MeetingRules.MaxAhead)
            throw Violations.Single("series.recurrence", "must end within 730 days");
        return occurrences;
    }
}
