using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Reporting;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Contracts.Reporting.V1;

namespace Mentoring.Feedback.Reports;

/// <summary>
/// Feedback's part of a programme report (docs/reporting.md): pulse, fit checks, NPS and closing
/// ratings answered in the period, relationships at risk now and why, goal progress and self-assessed
/// growth, and outcomes by mentoring model across the organisation — every cell with the people behind
/// it, suppressed below five. Never a word of content.
/// </summary>
public sealed class GetProgrammeReportSectionHandler(TenantDatabase db, OrganisationFigures organisation)
{
    public async Task<ReportSection> HandleAsync(GetProgrammeReportSectionRequest request, CancellationToken ct)
    {
        var (programmeId, start, end) = ReportSections.Parse(request);
        var tenantId = db.TenantId;
        // An unknown programme is refused before anything organisation-wide is computed for it.
        if (!await db.InTransactionAsync((c, tx, token) => c.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM relationship WHERE tenant_id = @tenantId AND programme_id = @programmeId)",
                new { tenantId, programmeId }, tx, cancellationToken: token)), ct))
            throw new RpcException(new Status(StatusCode.NotFound, $"{request.Programme} has no relationship known here."));
        // Organisation-wide, the same for every programme of the period: computed once (and copied: the section may withhold its values).
        var byModel = (await organisation.GetAsync("feedback-outcomes-by-model", tenantId, start, end,
            token => db.InTransactionAsync((c, tx, t) => OutcomesByModel.TableAsync(c, tx, tenantId, start, end, t), token).AsTask(), ct)).Clone();
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var args = new { tenantId, programmeId, start, end };
            const string InProgramme = "JOIN relationship r ON r.tenant_id = x.tenant_id AND r.id = x.relationship_id WHERE x.tenant_id = @tenantId AND r.programme_id = @programmeId";
            Task<IEnumerable<T>> Many<T>(string sql) => c.QueryAsync<T>(new CommandDefinition(sql, args, tx, cancellationToken: token));

            var mentees = await c.ExecuteScalarAsync<int>(new CommandDefinition(
                """
                SELECT count(DISTINCT p.person_id)::int FROM relationship r
                JOIN relationship_participant p ON p.tenant_id = r.tenant_id AND p.relationship_id = r.id AND p.programme_id = r.programme_id AND NOT p.mentor
                WHERE r.tenant_id = @tenantId AND r.programme_id = @programmeId
                """, args, tx, cancellationToken: token));
            var pulses = (await Many<(Guid Person, int Rating)>(
                $"SELECT x.respondent_id, x.rating::int FROM pulse x {InProgramme} AND x.created_at >= @start AND x.created_at < @end")).ToList();
            var fit = (await Many<(Guid Person, bool Working)>(
                $"SELECT x.respondent_id, x.working FROM fit_check_answer x {InProgramme} AND x.answered_at >= @start AND x.answered_at < @end")).ToList();
            var closing = (await Many<(Guid Person, int Rating, int Recommend)>(
                $"SELECT x.respondent_id, x.rating::int, x.would_recommend::int FROM closing_evaluation x {InProgramme} AND x.created_at >= @start AND x.created_at < @end")).ToList();
            var risks = (await Many<(short Reason, int Relationships, int People)>(
                """
                SELECT reason, count(DISTINCT r.id)::int, count(DISTINCT p.person_id)::int
                FROM relationship r
                JOIN relationship_health h ON h.tenant_id = r.tenant_id AND h.relationship_id = r.id
                CROSS JOIN LATERAL unnest(h.reasons) AS reason
                JOIN relationship_participant p ON p.tenant_id = r.tenant_id AND p.relationship_id = r.id AND p.programme_id = r.programme_id
                WHERE r.tenant_id = @tenantId AND r.programme_id = @programmeId AND r.state = 5
                GROUP BY reason
                """)).ToDictionary(x => x.Reason);
            var goals = (await Many<(Guid Owner, short Status, int Progress)>(
                $"SELECT x.owner_id, x.status, x.progress::int FROM goal x {InProgramme} AND x.created_at < @end")).ToList();
            var assessed = (await Many<(Guid Owner, int Pre, int Post)>(
                $"SELECT x.owner_id, pre.level::int, post.level::int FROM goal x {Metrics.SelfAssessed.Join} {InProgramme} AND post.assessed_at < @end")).ToList();

            static int People<T>(IEnumerable<T> rows, Func<T, Guid> person) => rows.Select(person).Distinct().Count();
            var promoters = closing.Where(e => e.Recommend >= 9).ToList();
            var detractors = closing.Where(e => e.Recommend <= 6).ToList();
            var passives = closing.Where(e => e.Recommend is 7 or 8).ToList();
            var statuses = Enum.GetValues<GoalStatus>();
            return ReportSections.Section("feedback", "How relationships are going", mentees,
                ReportSections.Table("pulse", "Pulse after meetings (answers in the period)", ["answers"],
                    Enumerable.Range(1, 5).Select(rating =>
                    {
                        var given = pulses.Where(p => p.Rating == rating).ToList();
                        return ($"{rating} of 5", new[] { new Figure(given.Count, People(given, g => g.Person)) });
                    }), ChartKind.Bar),
                ReportSections.Table("surveys", "Surveys (answers in the period)", ["value"],
                [
                    ("Pulse: mean rating", [new Figure(pulses.Count == 0 ? 0 : pulses.Average(p => p.Rating), People(pulses, p => p.Person))]),
                    ("Fit checks answered 'working'", [new Figure(fit.Count(f => f.Working), People(fit.Where(f => f.Working), f => f.Person))]),
                    ("Fit checks answered 'not working'", [new Figure(fit.Count(f => !f.Working), People(fit.Where(f => !f.Working), f => f.Person))]),
                    ("Closing evaluations: mean rating", [new Figure(closing.Count == 0 ? 0 : closing.Average(e => e.Rating), People(closing, e => e.Person))]),
                    ("Net promoter score", [new Figure(closing.Count == 0 ? 0 : 100.0 * (promoters.Count - detractors.Count) / closing.Count, People(closing, e => e.Person))]),
                    ("Promoters (9–10)", [new Figure(promoters.Count, People(promoters, e => e.Person))]),
                    ("Passives (7–8)", [new Figure(passives.Count, People(passives, e => e.Person))]),
                    ("Detractors (0–6)", [new Figure(detractors.Count, People(detractors, e => e.Person))]),
                ]),
                ReportSections.Table("at-risk", "Active relationships at risk now, by reason", ["relationships"],
                    Enum.GetValues<RiskReason>().Where(r => risks.ContainsKey((short)r))
                        .Select(r => (ReportSections.Label(r.ToString()), new[] { new Figure(risks[(short)r].Relationships, risks[(short)r].People) })),
                    ChartKind.Bar, "Reason codes only; a relationship may have several."),
                ReportSections.Table("goals", "Goals set before the end of the period, by status (as last reviewed)", ["goals"],
                    statuses.Select(s =>
                    {
                        var these = goals.Where(g => g.Status == (short)s).ToList();
                        return (s == GoalStatus.Unspecified ? "Not reviewed" : ReportSections.Label(s.ToString()), new[] { new Figure(these.Count, People(these, g => g.Owner)) });
                    }), ChartKind.Bar),
                ReportSections.Table("growth", "Goal progress and self-assessed growth", ["value"],
                [
                    ("Mean progress (%)", [new Figure(goals.Count == 0 ? 0 : goals.Average(g => g.Progress), People(goals, g => g.Owner))]),
                    ("Goals with a pre and post self-assessment", [new Figure(assessed.Count, People(assessed, a => a.Owner))]),
                    ("Mean change (1–10 scale)", [new Figure(assessed.Count == 0 ? 0 : assessed.Average(a => a.Post - a.Pre), People(assessed, a => a.Owner))]),
                    ("Improved (%)", [Figure.Percent(assessed.Count(a => a.Post > a.Pre), assessed.Count, People(assessed, a => a.Owner))]),
                ]),
                byModel);
        }, ct);
    }
}
