using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Reporting;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Reporting.V1;

namespace Mentoring.Matching.Reports;

/// <summary>
/// Matching's part of a programme report (docs/reporting.md): enrolment and matches, time to match,
/// relationships by phase, closures by reason, mentor capacity used, and where mentors are short by
/// area of work — every figure with the people behind it, suppressed below five.
/// </summary>
public sealed class GetProgrammeReportSectionHandler(TenantDatabase db)
{
    private const string Live = "(2, 3, 4, 5, 6)"; // accepted … closing

    public async Task<ReportSection> HandleAsync(GetProgrammeReportSectionRequest request, CancellationToken ct)
    {
        var (programmeId, start, end) = ReportSections.Parse(request);
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            if (!await c.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "SELECT EXISTS (SELECT 1 FROM programme WHERE tenant_id = @tenantId AND id = @programmeId)", new { tenantId, programmeId }, tx, cancellationToken: token)))
                throw new RpcException(new Status(StatusCode.NotFound, $"{request.Programme} not found."));
            var args = new { tenantId, programmeId, start, end };
            Task<T> One<T>(string sql) => c.QuerySingleAsync<T>(new CommandDefinition(sql, args, tx, cancellationToken: token));
            Task<IEnumerable<T>> Many<T>(string sql) => c.QueryAsync<T>(new CommandDefinition(sql, args, tx, cancellationToken: token));

            var enrolled = await One<(int Mentees, int Mentors, int Capacity)>(
                """
                SELECT count(*) FILTER (WHERE role = 2)::int, count(*) FILTER (WHERE role = 1)::int, coalesce(sum(capacity) FILTER (WHERE role = 1), 0)::int
                FROM enrolment WHERE tenant_id = @tenantId AND programme_id = @programmeId AND created_at < @end
                """);
            var matched = await One<int>(
                """
                SELECT count(DISTINCT p.person_id)::int FROM relationship r
                JOIN relationship_participant p ON p.tenant_id = r.tenant_id AND p.relationship_id = r.id AND p.programme_id = r.programme_id AND p.role = 2
                WHERE r.tenant_id = @tenantId AND r.programme_id = @programmeId AND r.created_at < @end
                """);
            var started = await One<(int Count, int People)>(
                """
                SELECT count(DISTINCT r.id)::int, count(DISTINCT p.person_id)::int FROM relationship r
                JOIN relationship_participant p ON p.tenant_id = r.tenant_id AND p.relationship_id = r.id AND p.programme_id = r.programme_id
                WHERE r.tenant_id = @tenantId AND r.programme_id = @programmeId AND r.created_at >= @start AND r.created_at < @end
                """);
            // Days from a mentee's enrolment to their first relationship in the programme, for first matches in the period.
            var waits = (await Many<double>(
                """
                SELECT extract(epoch FROM f.first_at - e.created_at) / 86400.0 FROM (
                    SELECT p.person_id, min(r.created_at) AS first_at FROM relationship r
                    JOIN relationship_participant p ON p.tenant_id = r.tenant_id AND p.relationship_id = r.id AND p.programme_id = r.programme_id AND p.role = 2
                    WHERE r.tenant_id = @tenantId AND r.programme_id = @programmeId GROUP BY p.person_id) f
                JOIN enrolment e ON e.tenant_id = @tenantId AND e.programme_id = @programmeId AND e.person_id = f.person_id AND e.role = 2
                WHERE f.first_at >= @start AND f.first_at < @end
                """)).Select(d => Math.Max(0, d)).Order().ToList();
            var phases = (await Many<(short State, int Count, int People)>(
                """
                SELECT r.state, count(DISTINCT r.id)::int, count(DISTINCT p.person_id)::int FROM relationship r
                JOIN relationship_participant p ON p.tenant_id = r.tenant_id AND p.relationship_id = r.id AND p.programme_id = r.programme_id
                WHERE r.tenant_id = @tenantId AND r.programme_id = @programmeId AND r.created_at < @end
                GROUP BY r.state
                """)).ToDictionary(x => x.State);
            var closed = (await Many<(short Reason, int Count, int People)>(
                """
                SELECT r.close_reason, count(DISTINCT r.id)::int, count(DISTINCT p.person_id)::int FROM relationship_change h
                JOIN relationship r ON r.tenant_id = h.tenant_id AND r.id = h.relationship_id
                JOIN relationship_participant p ON p.tenant_id = r.tenant_id AND p.relationship_id = r.id AND p.programme_id = r.programme_id
                WHERE h.tenant_id = @tenantId AND r.programme_id = @programmeId AND h.state = 7 AND h.changed_at >= @start AND h.changed_at < @end
                GROUP BY r.close_reason
                """)).ToDictionary(x => x.Reason);
            var used = await One<(int Slots, int Mentors)>(
                $"""
                SELECT count(*) FILTER (WHERE p.role = 2)::int, count(DISTINCT p.person_id) FILTER (WHERE p.role = 1)::int FROM relationship r
                JOIN relationship_participant p ON p.tenant_id = r.tenant_id AND p.relationship_id = r.id AND p.programme_id = r.programme_id
                WHERE r.tenant_id = @tenantId AND r.programme_id = @programmeId AND r.state IN {Live}
                """);
            // Mentees with no live or proposed relationship, and mentors with room, by area of work.
            var areas = (await Many<(string Area, int Unmatched, int MentorsWithRoom)>(
                $"""
                WITH load AS (
                    SELECT p.person_id, count(*) FILTER (WHERE p.role = 1) AS mentoring, count(*) FILTER (WHERE p.role = 2) AS mentored
                    FROM relationship r JOIN relationship_participant p ON p.tenant_id = r.tenant_id AND p.relationship_id = r.id AND p.programme_id = r.programme_id
                    WHERE r.tenant_id = @tenantId AND r.programme_id = @programmeId AND r.state IN (1, 2, 3, 4, 5, 6)
                    GROUP BY p.person_id)
                SELECT coalesce(nullif(lower(c.area_of_work), ''), 'unknown') AS area,
                       count(*) FILTER (WHERE e.role = 2 AND coalesce(l.mentored, 0) = 0)::int,
                       count(*) FILTER (WHERE e.role = 1 AND coalesce(l.mentoring, 0) < e.capacity)::int
                FROM enrolment e
                LEFT JOIN candidate c ON c.tenant_id = e.tenant_id AND c.person_id = e.person_id
                LEFT JOIN load l ON l.person_id = e.person_id
                WHERE e.tenant_id = @tenantId AND e.programme_id = @programmeId AND e.created_at < @end
                GROUP BY 1 ORDER BY 2 DESC, 1
                """)).ToList();

            var states = Enum.GetValues<RelationshipState>().Where(s => s != RelationshipState.Unspecified);
            var reasons = Enum.GetValues<CloseReason>();
            return ReportSections.Section("matching", "Matching", enrolled.Mentees,
                ReportSections.Table("matches", "Enrolment and matches", ["value"],
                [
                    ("Mentees enrolled", [new Figure(enrolled.Mentees, enrolled.Mentees)]),
                    ("Mentors enrolled", [new Figure(enrolled.Mentors, enrolled.Mentors)]),
                    ("Mentees matched", [new Figure(matched, matched)]),
                    ("Match rate (%)", [Figure.Percent(matched, enrolled.Mentees, enrolled.Mentees)]),
                    ("Relationships started in the period", [new Figure(started.Count, started.People)]),
                    ("Median days to a first match", [new Figure(Median(waits), waits.Count)]),
                    ("Mean days to a first match", [new Figure(waits.Count == 0 ? 0 : waits.Average(), waits.Count)]),
                ]),
                ReportSections.Table("phases", "Relationships by phase (at the end of the period)", ["relationships"],
                    states.Select(s => (ReportSections.Label(s.ToString()), new[] { phases.TryGetValue((short)s, out var p) ? new Figure(p.Count, p.People) : new Figure(0, 0) })),
                    ChartKind.Bar, "Phase as it stands now, of the relationships created before the end of the period."),
                ReportSections.Table("closed", "Relationships closed in the period, by reason", ["relationships"],
                    reasons.Where(r => closed.ContainsKey((short)r)).Select(r => (ReportSections.Label(r.ToString()), new[] { new Figure(closed[(short)r].Count, closed[(short)r].People) })),
                    ChartKind.Bar),
                ReportSections.Table("capacity", "Mentor capacity", ["value"],
                [
                    ("Mentee places offered", [new Figure(enrolled.Capacity, enrolled.Mentors)]),
                    ("Places in use now", [new Figure(used.Slots, used.Mentors)]),
                    ("Capacity used (%)", [Figure.Percent(used.Slots, enrolled.Capacity, enrolled.Mentors)]),
                ]),
                ReportSections.Table("shortage", "Mentor shortage by area of work", ["unmatched mentees", "mentors with room"],
                    areas.Select(a => (a.Area, new[] { new Figure(a.Unmatched, a.Unmatched), new Figure(a.MentorsWithRoom, a.MentorsWithRoom) })),
                    ChartKind.Bar, "Mentees without a live or proposed relationship, and mentors below their capacity, as of now."));
        }, ct);
    }

    private static double Median(IReadOnlyList<double> sorted) =>
        sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
