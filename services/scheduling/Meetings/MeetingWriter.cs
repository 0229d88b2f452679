using Dapper;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Scheduling.Relationships;
using Npgsql;

namespace Mentoring.Scheduling.Meetings;

/// <summary>A meeting about to be booked: when, how, and (for an occurrence) its series and place in it.</summary>
public sealed record NewMeeting(
    Guid Id, Guid RelationshipId, DateTime Start, DateTime End, short Format, string Location, string JoinUrl, string Title,
    string Organizer, string TimeZone, string RequestId, Guid? SeriesId = null, int? SeriesPosition = null);

/// <summary>Inserts meetings with every participant of the relationship invited (the acting one has accepted).</summary>
public static class MeetingWriter
{
    public static async Task InsertAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, IReadOnlyList<NewMeeting> meetings, IReadOnlyList<RelationshipMember> members,
        Guid? acting, DateTime now, CancellationToken ct)
    {
        var allAccepted = members.All(p => p.PersonId == acting);
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO meeting (tenant_id, id, relationship_id, start_at, end_at, format, location, join_url, title, state,
                                 organizer, time_zone, request_id, series_id, series_position, created_at, updated_at)
            SELECT @tenantId, id, relationship_id, start_at, end_at, format, location, join_url, title, @state,
                   organizer, time_zone, request_id, series_id, series_position, @now, @now
            FROM unnest(@ids, @relationships, @starts, @ends, @formats, @locations, @joinUrls, @titles, @organizers, @zones, @requestIds,
                        @series, @positions)
                 AS m(id, relationship_id, start_at, end_at, format, location, join_url, title, organizer, time_zone, request_id,
                      series_id, series_position);
            INSERT INTO meeting_attendee (tenant_id, meeting_id, person_id, mentor, position, response, start_at, end_at)
            SELECT @tenantId, m.id, p.person, p.mentor, p.position, CASE WHEN p.person = @acting THEN @accepted ELSE 0 END, m.start_at, m.end_at
            FROM unnest(@ids, @starts, @ends) AS m(id, start_at, end_at)
            CROSS JOIN unnest(@people, @mentors, @memberPositions) AS p(person, mentor, position);
            """,
            new
            {
                tenantId, now, acting = acting ?? Guid.Empty, accepted = (short)Response.Accepted,
                state = (short)(allAccepted ? MeetingState.Confirmed : MeetingState.Proposed),
                ids = meetings.Select(m => m.Id).ToArray(),
                relationships = meetings.Select(m => m.RelationshipId).ToArray(),
                starts = meetings.Select(m => m.Start).ToArray(),
                ends = meetings.Select(m => m.End).ToArray(),
                formats = meetings.Select(m => m.Format).ToArray(),
                locations = meetings.Select(m => m.Location).ToArray(),
                joinUrls = meetings.Select(m => m.JoinUrl).ToArray(),
                titles = meetings.Select(m => m.Title).ToArray(),
                organizers = meetings.Select(m => m.Organizer).ToArray(),
                zones = meetings.Select(m => m.TimeZone).ToArray(),
                requestIds = meetings.Select(m => m.RequestId).ToArray(),
                series = meetings.Select(m => m.SeriesId).ToArray(),
                positions = meetings.Select(m => m.SeriesPosition).ToArray(),
                people = members.Select(p => p.PersonId).ToArray(),
                mentors = members.Select(p => p.Mentor).ToArray(),
                memberPositions = members.Select(p => p.Position).ToArray(),
            }, tx, cancellationToken: ct));
    }

    /// <summary>
    /// Cancels meetings: their time becomes free for every attendee, the reason is kept, those in
    /// <paramref name="late"/> count a late change. Returns them as stored afterwards, by start.
    /// </summary>
    public static async Task<List<MeetingRecord>> CancelAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid[] ids, string reason, IReadOnlyCollection<Guid> late, CancellationToken ct)
    {
        if (ids.Length == 0) return [];
        await c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE meeting_attendee SET busy = false WHERE tenant_id = @tenantId AND meeting_id = ANY(@ids);
            UPDATE meeting SET state = @cancelled, cancel_reason = @reason, sequence = sequence + 1, version = version + 1,
                late_changes = late_changes + CASE WHEN id = ANY(@late) THEN 1 ELSE 0 END, updated_at = now()
            WHERE tenant_id = @tenantId AND id = ANY(@ids);
            """,
            new { tenantId, ids, late = late.ToArray(), cancelled = (short)MeetingState.Cancelled, reason },
            tx, cancellationToken: ct));
        return await MeetingStore.QueryAsync(c, tx, tenantId, "m.id = ANY(@ids) ORDER BY m.start_at, m.id", new { ids }, ct);
    }

    /// <summary>
    /// Applies a change of format, place or title to meetings (the fields it names, the others
    /// kept); each one's SEQUENCE and version grow, answers stay. Returns them as stored afterwards, by start.
    /// </summary>
    public static async Task<List<MeetingRecord>> UpdatePlaceAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid[] ids, PlaceChange change, CancellationToken ct)
    {
        if (ids.Length == 0) return [];
        await c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE meeting SET format = CASE WHEN @setFormat THEN @format ELSE format END,
                location = CASE WHEN @setLocation THEN @location ELSE location END,
                join_url = CASE WHEN @setJoinUrl THEN @joinUrl ELSE join_url END,
                title = CASE WHEN @setTitle THEN @title ELSE title END,
                sequence = sequence + 1, version = version + 1, updated_at = now()
            WHERE tenant_id = @tenantId AND id = ANY(@ids)
            """,
            new
            {
                tenantId, ids,
                setFormat = change.Fields.Contains("format"), format = change.Values.Format,
                setLocation = change.Fields.Contains("location"), location = change.Values.Location,
                setJoinUrl = change.Fields.Contains("join_url"), joinUrl = change.Values.JoinUrl,
                setTitle = change.Fields.Contains("title"), title = change.Values.Title,
            }, tx, cancellationToken: ct));
        return await MeetingStore.QueryAsync(c, tx, tenantId, "m.id = ANY(@ids) ORDER BY m.start_at, m.id", new { ids }, ct);
    }

    /// <summary>The organiser's clock: the acting participant's zone, else the lead mentor's, else UTC.</summary>
    public static async Task<string> OrganizerZoneAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, RelationshipRow relationship, Guid? acting, CancellationToken ct)
    {
        var zoneOf = acting is { } a && relationship.Members.Any(p => p.PersonId == a) ? a : relationship.LeadMentor.PersonId;
        return await c.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT time_zone FROM participant WHERE tenant_id = @tenantId AND person_id = @zoneOf",
            new { tenantId, zoneOf }, tx, cancellationToken: ct)) ?? "UTC";
    }
}
