using Grpc.Core;
using Mentoring.BuildingBlocks.Reporting;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Contracts.Reporting.V1;

namespace Mentoring.Profile.Reports;

/// <summary>
/// Profile's part of a programme report (docs/reporting.md): the organisation's credentialing funnel,
/// and the benefits the data can show (docs/domain.md §6) — competency gaps closed and levels gained,
/// and retention — for the programme's mentees and mentors next to the rest of the organisation.
/// Every cell carries the people behind it and is suppressed below five.
/// </summary>
public sealed class GetProgrammeReportSectionHandler(TenantDatabase db, OrganisationFigures organisation)
{
    private static readonly string[] Groups = ["mentees", "mentors", "rest of the organisation"];

    public async Task<ReportSection> HandleAsync(GetProgrammeReportSectionRequest request, CancellationToken ct)
    {
        var (programmeId, start, end) = ReportSections.Parse(request);
        var tenantId = db.TenantId;
        var participants = await db.InTransactionAsync(async (c, tx, token) =>
        {
            var q = new ProfileReportQueries(c, tx, token);
            if (!await q.KnowsProgrammeAsync(tenantId, programmeId))
                throw new RpcException(new Status(StatusCode.NotFound, $"{request.Programme} has no relationship known here."));
            return await q.ParticipantsAsync(tenantId, programmeId);
        }, ct);
        var (funnel, credentialed, cohort, growth) = await organisation.GetAsync("profile", tenantId, start, end,
            token => db.InTransactionAsync(async (c, tx, t) =>
            {
                var q = new ProfileReportQueries(c, tx, t);
                return (await q.FunnelAsync(tenantId, start, end), await q.CredentialedAsync(tenantId, start, end),
                    await q.CohortAsync(tenantId, start, end), await q.GrowthAsync(tenantId, start, end));
            }, token).AsTask(), ct);
        var mentees = participants.Where(p => !p.Mentor).Select(p => p.Person).ToHashSet();
        var mentors = participants.Where(p => p.Mentor).Select(p => p.Person).ToHashSet();
        bool[] GroupsOf(Guid person) => [mentees.Contains(person), mentors.Contains(person), !mentees.Contains(person) && !mentors.Contains(person)];
        return ReportSections.Section("profile", "People, skills and retention", mentees.Count,
            ReportSections.Table("credential-funnel", "Mentor credentialing in the organisation, by step", ["pipelines that got there", "passed in the period"],
                funnel.Select(s => (ReportSections.Label(((CredentialingStep)s.Step).ToString()),
                        new[] { new Figure(s.Reached, s.ReachedPeople), new Figure(s.Passed, s.PassedPeople) }))
                    .Append(("Credentialed", [new Figure(credentialed.Pipelines, credentialed.People), new Figure(credentialed.InPeriod, credentialed.InPeriodPeople)])),
                ChartKind.Bar,
                "Organisation-wide, not only this programme: pipelines started before the period's end, by the step they have reached now."),
            ReportSections.Table("competency-growth", "Competency gaps closed and levels gained", Groups,
            [
                ("Gaps closed in the period", PerGroup(growth, GroupsOf, g => g.Closed)),
                ("Gaps open at the end of the period", PerGroup(growth, GroupsOf, g => g.OpenAtEnd)),
                ("Competencies reassessed in the period", PerGroup(growth, GroupsOf, g => g.Reassessed)),
                ("Mean levels gained per reassessed competency", MeanPerGroup(growth, GroupsOf, g => g.Gained, g => g.Reassessed)),
            ], ChartKind.Unspecified,
            "A gap is a target level above the assessed level; it closes when a later assessment reaches that target. Participants of any relationship of the programme."),
            ReportSections.Table("retention", "Retention over the period", Groups,
            [
                ("In the organisation at the start", PerGroup(cohort, GroupsOf, _ => 1)),
                ("Left during the period", PerGroup(cohort, GroupsOf, s => s.Left ? 1 : 0)),
                ("Stayed (%)", PercentPerGroup(cohort, GroupsOf)),
            ], ChartKind.Unspecified,
            "People registered and not marked as left at the period's start; left means their status became LEFT before its end."));
    }

    /// <summary>Per group: the sum of a per-person count, behind the people with a non-zero count.</summary>
    private static Figure[] PerGroup<T>(IReadOnlyList<T> rows, Func<Guid, bool[]> groupsOf, Func<T, int> count) where T : ProfileReportQueries.IPersonRow =>
        Enumerable.Range(0, Groups.Length).Select(g =>
        {
            var these = rows.Where(r => count(r) > 0 && groupsOf(r.Person)[g]).ToList();
            return new Figure(these.Sum(count), these.Count);
        }).ToArray();

    private static Figure[] MeanPerGroup(IReadOnlyList<ProfileReportQueries.Growth> rows, Func<Guid, bool[]> groupsOf,
        Func<ProfileReportQueries.Growth, int> sum, Func<ProfileReportQueries.Growth, int> count) =>
        Enumerable.Range(0, Groups.Length).Select(g =>
        {
            var these = rows.Where(r => count(r) > 0 && groupsOf(r.Person)[g]).ToList();
            var n = these.Sum(count);
            return new Figure(n == 0 ? 0 : (double)these.Sum(sum) / n, these.Count);
        }).ToArray();

    private static Figure[] PercentPerGroup(IReadOnlyList<ProfileReportQueries.Stayer> cohort, Func<Guid, bool[]> groupsOf) =>
        Enumerable.Range(0, Groups.Length).Select(g =>
        {
            var these = cohort.Where(s => groupsOf(s.Person)[g]).ToList();
            return Figure.Percent(these.Count(s => !s.Left), these.Count, these.Count);
        }).ToArray();
}
