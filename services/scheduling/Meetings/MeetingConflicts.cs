using Dapper;
using Grpc.Core;
using Npgsql;

namespace Mentoring.Scheduling.Meetings;

/// <summary>
/// The platform never double-books a person. Every booking takes a transaction-scoped advisory
/// lock per person (in a fixed order, so two bookings cannot deadlock), then looks for a meeting of
/// theirs (or a speed-mentoring conversation) that overlaps; two concurrent bookings of one person therefore run one after the other
/// and the second sees the first. Cancelled meetings and declined invitations do not count.
/// </summary>
public static class MeetingConflicts
{
    private sealed record Clash(Guid PersonId, Guid MeetingId, DateTime StartAt, DateTime EndAt, bool Speed);

    /// <summary>Takes the people's booking locks until the transaction ends (re-entrant within it).</summary>
    public static async Task LockAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, IEnumerable<Guid> people, CancellationToken ct)
    {
        foreach (var person in people.Distinct().Order())
            await c.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))",
                new { key = $"scheduling/person/{tenantId}/{person}" }, tx, cancellationToken: ct));
    }

    /// <summary>Locks the people, then fails with FAILED_PRECONDITION naming the first meeting of theirs that overlaps.</summary>
    public static Task EnsureFreeAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, IEnumerable<Guid> people, DateTime start, DateTime end,
        Guid? except, CancellationToken ct) =>
        EnsureFreeAsync(c, tx, tenantId, people, [(start, end)], except is { } id ? [id] : [], ct);

    /// <summary>As above for several times at once (a series' occurrences), ignoring the meetings in <paramref name="except"/>.</summary>
    public static async Task EnsureFreeAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, IEnumerable<Guid> people, IReadOnlyList<(DateTime Start, DateTime End)> times,
        IReadOnlyCollection<Guid> except, CancellationToken ct)
    {
        var ids = people.Distinct().Order().ToArray();
        await LockAsync(c, tx, tenantId, ids, ct);
        var clash = await c.QueryFirstOrDefaultAsync<Clash>(new CommandDefinition(
            """
            SELECT * FROM (
                SELECT a.person_id AS PersonId, a.meeting_id AS MeetingId, a.start_at AS StartAt, a.end_at AS EndAt, false AS Speed
                FROM unnest(@starts, @ends) AS t(s, e)
                JOIN meeting_attendee a ON a.tenant_id = @tenantId AND a.person_id = ANY(@ids) AND a.busy
                                       AND a.start_at < t.e AND a.end_at > t.s AND a.meeting_id <> ALL(@except)
                UNION ALL
                SELECT p.person AS PersonId, v.event_id AS MeetingId, v.start_at AS StartAt, v.end_at AS EndAt, true AS Speed
                FROM unnest(@starts, @ends) AS t(s, e)
                JOIN speed_conversation v ON v.tenant_id = @tenantId AND v.start_at < t.e AND v.end_at > t.s
                                         AND (v.mentor_id = ANY(@ids) OR v.mentee_id = ANY(@ids))
                CROSS JOIN LATERAL (SELECT CASE WHEN v.mentor_id = ANY(@ids) THEN v.mentor_id ELSE v.mentee_id END) AS p(person)
            ) clashes
            ORDER BY StartAt LIMIT 1
            """,
            new
            {
                tenantId, ids, except = except.ToArray(),
                starts = times.Select(t => t.Start).ToArray(), ends = times.Select(t => t.End).ToArray(),
            }, tx, cancellationToken: ct));
        if (clash is not null)
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"{MeetingRecord.Person(clash.PersonId)} already has " +
                $"{(clash.Speed ? Mentoring.BuildingBlocks.Resources.ResourceName.Format("speedEvents", clash.MeetingId) : MeetingRecord.NameOf(clash.MeetingId))} " +
                $"from {clash.StartAt:yyyy-MM-ddTHH:mm}Z to {clash.EndAt:yyyy-MM-ddTHH:mm}Z."));
    }
}
