using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Reporting;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Reporting.V1;

namespace Mentoring.Scheduling.Reports;

/// <summary>
/// Scheduling's part of a programme report (docs/reporting.md): meetings of the programme's
/// relationships that started in the period — planned, held, missed, cancelled — and attendance at
/// the held ones, each figure with the people behind it, suppressed below five.
/// </summary>
public sealed class GetProgrammeReportSectionHandler(TenantDatabase db)
{
    private const short Held = 4;

    public async Task<ReportSection> HandleAsync(GetProgrammeReportSectionRequest request, CancellationToken ct)
    {
        var (programmeId, start, end) = ReportSections.Parse(request);
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            if (!await c.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "SELECT EXISTS (SELECT 1 FROM relationship WHERE tenant_id = @tenantId AND programme_id = @programmeId)",
                    new { tenantId, programmeId }, tx, cancellationToken: token)))
                throw new RpcException(new Status(StatusCode.NotFound, $"{request.Programme} has no relationship known here."));
            // Per state (1 proposed … 6 unconfirmed): meetings, the distinct people invited to them, and
            // their invitations and attendance — one pass over the period's meetings (attendance is the
            // held state's row).
            var byState = (await c.QueryAsync<(short State, int Meetings, int People, int Invited, int Present)>(new CommandDefinition(
                """
                SELECT m.state, count(DISTINCT m.id)::int, count(DISTINCT a.person_id)::int, count(*)::int, count(*) FILTER (WHERE NOT a.absent)::int
                FROM relationship r
                JOIN meeting m ON m.tenant_id = r.tenant_id AND m.relationship_id = r.id AND m.start_at >= @start AND m.start_at < @end
                JOIN meeting_attendee a ON a.tenant_id = m.tenant_id AND a.meeting_id = m.id
                WHERE r.tenant_id = @tenantId AND r.programme_id = @programmeId
                GROUP BY m.state
                """, new { tenantId, programmeId, start, end }, tx, cancellationToken: token))).ToDictionary(x => x.State);
            (int Expected, int Present, int People) attendance = byState.TryGetValue(Held, out var held) ? (held.Invited, held.Present, held.People) : (0, 0, 0);

            var mentees = await c.ExecuteScalarAsync<int>(new CommandDefinition(
                """
                SELECT count(DISTINCT p.person_id)::int FROM relationship r
                JOIN relationship_participant p ON p.tenant_id = r.tenant_id AND p.relationship_id = r.id AND p.programme_id = r.programme_id AND NOT p.mentor
                WHERE r.tenant_id = @tenantId AND r.programme_id = @programmeId
                """, new { tenantId, programmeId }, tx, cancellationToken: token));

            Figure Of(params short[] states)
            {
                var rows = states.Where(byState.ContainsKey).Select(s => byState[s]).ToList();
                // People may appear under several states; the largest group is a safe lower bound of those behind the sum.
                return new Figure(rows.Sum(r => r.Meetings), rows.Count == 0 ? 0 : rows.Max(r => r.People));
            }
            var planned = Of(1, 2, 3, 4, 5, 6);
            return ReportSections.Section("scheduling", "Meetings", mentees,
                ReportSections.Table("meetings", "Meetings that started in the period", ["meetings"],
                [
                    ("Planned", [planned]),
                    ("Held", [Of(Held)]),
                    ("Missed", [Of(5)]),
                    ("Cancelled", [Of(3)]),
                    ("Not yet recorded", [Of(1, 2, 6)]),
                ], ChartKind.Bar, "Planned counts every meeting booked to start in the period, whatever became of it."),
                ReportSections.Table("attendance", "Attendance at held meetings", ["value"],
                [
                    ("Invitations to held meetings", [new Figure(attendance.Expected, attendance.People)]),
                    ("Attended", [new Figure(attendance.Present, attendance.People)]),
                    ("Attendance (%)", [Figure.Percent(attendance.Present, attendance.Expected, attendance.People)]),
                ]));
        }, ct);
    }
}
