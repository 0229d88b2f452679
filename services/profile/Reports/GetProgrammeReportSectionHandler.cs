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
        // The organisation-wide rows split once by group (a person in both roles is in both); every figure then reads its group's rows.
        var growthOf = ByGroup(growth, mentees, mentors);
        var cohortOf = ByGroup(cohort, mentees, mentors);
        return ReportSections.Section("profile", "People, skills and retention", mentees.Count,
            ReportSections.Table("credential-funnel", "Mentor credentialing in the organisation, by step", ["pipelines that got there", "passed in the period"],
                funnel.Select(s => (ReportSections.Label(((CredentialingStep)s.Step).ToString()),
                        new[] { new Figure(s.Reached, s.ReachedPeople), new Figure(s.Passed, s.PassedPeople) }))
                    .Append(("Credentialed", [new Figure(credentialed.Pipelines, credentialed.People), new Figure(credentialed.InPeriod, credentialed.InPeriodPeople)])),
                ChartKind.Bar,
                "Organisation-wide, not only this programme: pipelines started before the period's end, by the step they have reached now."),
            ReportSections.Table("competency-growth", "Competency gaps closed and levels gained", Groups,
            [
                ("Gaps closed in the period", PerGroup(growthOf, g => g.Closed)),
                ("Gaps open at the end of the period", PerGroup(growthOf, g => g.OpenAtEnd)),
                ("Competencies reassessed in the period", PerGroup(growthOf, g => g.Reassessed)),
                ("Mean levels gained per reassessed competency", MeanPerGroup(growthOf, g => g.Gained, g => g.Reassessed)),
            ], ChartKind.Unspecified,
            "A gap is a target level above the assessed level; it closes when a later assessment reaches that target. Participants of any relationship of the programme."),
            ReportSections.Table("retention", "Retention over the period", Groups,
            [
                ("In the organisation at the start", PerGroup(cohortOf, _ => 1)),
                ("Left during the period", PerGroup(cohortOf, s => s.Left ? 1 : 0)),
                ("Stayed (%)", PercentPerGroup(cohortOf)),
            ], ChartKind.Unspecified,
            "People registered and not marked as left at the period's start; left means their status became LEFT before its end."));
    }

    /// <summary>The rows of each group: mentees, mentors, and the rest of the organisation.</summary>
    private static List<T>[] ByGroup<T>(IReadOnlyList<T> rows, HashSet<Guid> mentees, HashSet<Guid> mentors) where T : ProfileReportQueries.IPersonRow
    {
        var groups = new[] { new List<T>(), new List<T>(), new List<T>(rows.Count) };
        foreach (var row in rows)
        {
            var (mentee, mentor) = (mentees.Contains(row.Person), mentors.Contains(row.Person));
            if (mentee) groups[0].Add(row);
            if (mentor) groups[1].Add(row);
            if (!mentee && !mentor) groups[2].Add(row);
        }
        return groups;
    }

    /// <summary>Per group: the sum of a per-person count, behind the people with a non-zero count.</summary>
    private static Figure[] PerGroup<T>(List<T>[] groups, Func<T, int> count) =>
        groups.Select(rows =>
        {
            var these = rows.Where(r => count(r) > 0).ToList();
            return new Figure(these.Sum(count), these.Count);
        }).ToArray();

    private static Figure[] MeanPerGroup(List<ProfileReportQueries.Growth>[] groups,
        Func<ProfileReportQueries.Growth, int> sum, Func<ProfileReportQueries.Growth, int> count) =>
        groups.Select(rows =>
        {
            var these = rows.Where(r => count(r) > 0).ToList();
            var n = these.Sum(count);
            return new Figure(n == 0 ? 0 : (double)these.Sum(sum) / n, these.Count);
        }).ToArray();

    private static Figure[] PercentPerGroup(List<ProfileReportQueries.Stayer>[] groups) =>
        groups.Select(rows => Figure.Percent(rows.Count(s => !s.Left), rows.Count, rows.Count)).ToArray();
}
