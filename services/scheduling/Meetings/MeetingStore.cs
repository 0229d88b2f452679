using Dapper;
using Npgsql;

namespace Mentoring.Scheduling.Meetings;

/// <summary>Reads of meetings with their attendees and agendas.</summary>
public static class MeetingStore
{
    private const string Columns =
        """
        id AS Id, relationship_id AS RelationshipId, start_at AS StartAt, end_at AS EndAt, format AS Format,
        location AS Location, join_url AS JoinUrl, title AS Title, state AS State, organizer AS Organizer,
        time_zone AS TimeZone, cancel_reason AS CancelReason, late_changes AS LateChanges, sequence AS Sequence,
        version AS Version, held_minutes AS HeldMinutes, series_id AS SeriesId, series_position AS SeriesPosition,
        created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    /// <param name="forUpdate">Lock the meeting's row until the transaction ends (every change does).</param>
    public static async Task<MeetingRecord?> LoadAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid id, CancellationToken ct, bool forUpdate = false)
    {
        var record = await c.QuerySingleOrDefaultAsync<MeetingRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM meeting WHERE tenant_id = @tenantId AND id = @id{(forUpdate ? " FOR UPDATE" : "")}",
            new { tenantId, id }, tx, cancellationToken: ct));
        if (record is null) return null;
        await FillAsync(c, tx, tenantId, [record], ct);
        return record;
    }

    /// <summary>Meetings selected by a WHERE clause over <c>m</c> (tenant bound by the caller's parameters), in the given order.</summary>
    public static async Task<List<MeetingRecord>> QueryAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, string where, object parameters, CancellationToken ct)
    {
        var args = new DynamicParameters(parameters);
        args.Add("tenantId", tenantId);
        var records = (await c.QueryAsync<MeetingRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM meeting m WHERE m.tenant_id = @tenantId AND {where}", args, tx, cancellationToken: ct))).ToList();
        await FillAsync(c, tx, tenantId, records, ct);
        return records;
    }

    private sealed record AttendeeOf(Guid MeetingId, Guid PersonId, bool Mentor, short Position, short Response, bool Absent);

    private sealed record AgendaOf(Guid MeetingId, string Text, Guid AuthorId, DateTime CreatedAt);

    private static async Task FillAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, List<MeetingRecord> records, CancellationToken ct)
    {
        if (records.Count == 0) return;
        var ids = records.Select(r => r.Id).ToArray();
        var attendees = (await c.QueryAsync<AttendeeOf>(new CommandDefinition(
            """
            SELECT meeting_id AS MeetingId, person_id AS PersonId, mentor AS Mentor, position AS Position, response AS Response, absent AS Absent
            FROM meeting_attendee WHERE tenant_id = @tenantId AND meeting_id = ANY(@ids) ORDER BY mentor DESC, position
            """, new { tenantId, ids }, tx, cancellationToken: ct))).ToLookup(a => a.MeetingId);
        var agenda = (await c.QueryAsync<AgendaOf>(new CommandDefinition(
            """
            SELECT meeting_id AS MeetingId, text AS Text, author_id AS AuthorId, created_at AS CreatedAt
            FROM agenda_item WHERE tenant_id = @tenantId AND meeting_id = ANY(@ids) ORDER BY seq
            """, new { tenantId, ids }, tx, cancellationToken: ct))).ToLookup(a => a.MeetingId);
        foreach (var r in records)
        {
            r.Attendees = attendees[r.Id].Select(a => new AttendeeRow(a.PersonId, a.Mentor, a.Position, a.Response, a.Absent)).ToList();
            r.Agenda = agenda[r.Id].Select(a => new AgendaRow(a.Text, a.AuthorId, a.CreatedAt)).ToList();
        }
    }
}
