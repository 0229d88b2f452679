using Dapper;
using Mentoring.BuildingBlocks.Reporting;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Reporting.V1;
using Mentoring.Feedback.Metrics;
using Npgsql;

namespace Mentoring.Feedback.Reports;

/// <summary>
/// The report's comparison of mentoring models across every programme of the organisation: closing
/// evaluations of the period, goals achieved and self-assessed growth by the programme's model, each
/// cell behind the distinct people who answered or own the goals (suppressed below five).
/// </summary>
internal static class OutcomesByModel
{
    private sealed record Closing(short Model, int Answers, int People, double Rating, int Promoters, int Detractors);
    private sealed record Goals(short Model, int Count, int Achieved, int Owners);
    private sealed record Growth(short Model, int Goals, double Change, int Owners);

    public static async Task<ReportTable> TableAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, DateTime start, DateTime end, CancellationToken ct)
    {
        var args = new { tenantId, start, end };
        const string Relationship = "JOIN relationship r ON r.tenant_id = x.tenant_id AND r.id = x.relationship_id";
        var closing = (await c.QueryAsync<Closing>(new CommandDefinition(
            $"""
            SELECT r.model AS Model, count(*)::int AS Answers, count(DISTINCT x.respondent_id)::int AS People, avg(x.rating)::float8 AS Rating,
                   count(*) FILTER (WHERE x.would_recommend >= 9)::int AS Promoters, count(*) FILTER (WHERE x.would_recommend <= 6)::int AS Detractors
            FROM closing_evaluation x {Relationship}
            WHERE x.tenant_id = @tenantId AND x.created_at >= @start AND x.created_at < @end
            GROUP BY r.model
            """, args, tx, cancellationToken: ct))).ToDictionary(x => x.Model);
        var goals = (await c.QueryAsync<Goals>(new CommandDefinition(
            $"""
            SELECT r.model AS Model, count(*)::int AS Count, count(*) FILTER (WHERE x.status = 4)::int AS Achieved, count(DISTINCT x.owner_id)::int AS Owners
            FROM goal x {Relationship}
            WHERE x.tenant_id = @tenantId AND x.created_at < @end
            GROUP BY r.model
            """, args, tx, cancellationToken: ct))).ToDictionary(x => x.Model);
        var growth = (await c.QueryAsync<Growth>(new CommandDefinition(
            $"""
            SELECT r.model AS Model, count(*)::int AS Goals, avg(post.level - pre.level)::float8 AS Change, count(DISTINCT x.owner_id)::int AS Owners
            FROM goal x {SelfAssessed.Join} {Relationship}
            WHERE x.tenant_id = @tenantId AND post.assessed_at < @end
            GROUP BY r.model
            """, args, tx, cancellationToken: ct))).ToDictionary(x => x.Model);

        var models = closing.Keys.Concat(goals.Keys).Concat(growth.Keys).Distinct().Order();
        return ReportSections.Table("outcomes-by-model", "Outcomes by mentoring model, across the organisation's programmes",
            ["closing evaluations", "mean closing rating", "net promoter score", "goals achieved (%)", "mean self-assessed change"],
            models.Select(m =>
            {
                var e = closing.GetValueOrDefault(m);
                var g = goals.GetValueOrDefault(m);
                var a = growth.GetValueOrDefault(m);
                return (ModelLabel(m), new[]
                {
                    new Figure(e?.Answers ?? 0, e?.People ?? 0),
                    new Figure(e?.Rating ?? 0, e?.People ?? 0),
                    new Figure(e is null ? 0 : 100.0 * (e.Promoters - e.Detractors) / e.Answers, e?.People ?? 0),
                    Figure.Percent(g?.Achieved ?? 0, g?.Count ?? 0, g?.Owners ?? 0),
                    new Figure(a?.Change ?? 0, a?.Owners ?? 0),
                });
            }),
            ChartKind.Unspecified,
            "Every programme of the organisation, grouped by its model: closing evaluations given in the period; goals set and self-assessed before its end.");
    }

    private static string ModelLabel(short model) =>
        model == 0 ? "Model not known" : ReportSections.Label(((MentoringModel)model).ToString());
}
