using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Feedback.V1;

namespace Mentoring.Feedback.Metrics;

/// <summary>
/// A programme's aggregates — or the organisation's, by model — for administrators and the reporting job;
/// never a figure from fewer than five people.
/// </summary>
public sealed class GetProgrammeMetricsHandler(TenantDatabase db)
{
    public const string Suffix = "/metrics";
    public const string AllProgrammes = "programmes/-";

    /// <summary>The relationships (aliased <c>r</c>) asked for: one programme or all, of one model or any.</summary>
    private const string Selected = "(@programmeId::uuid IS NULL OR r.programme_id = @programmeId) AND (@model = 0 OR r.model = @model)";

    public async Task<ProgrammeMetrics> HandleAsync(GetProgrammeMetricsRequest request, CancellationToken ct)
    {
        var name = request.Name ?? "";
        Guid? programmeId = null;
        var v = new Violations();
        if (name == AllProgrammes + Suffix) programmeId = null;
        else if (name.EndsWith(Suffix, StringComparison.Ordinal) && ResourceName.TryParse("programmes", name[..^Suffix.Length], out var id)) programmeId = id;
        else v.Add("name", "must be programmes/{programme_id}/metrics or programmes/-/metrics");
        if (!Enum.IsDefined(request.Model)) v.Add("model", "must be a mentoring model");
        v.ThrowIfAny();
        var model = (short)request.Model;
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var args = new { tenantId, programmeId, model };
            var relationships = await c.QuerySingleAsync<(int Count, int People)>(new CommandDefinition(
                $"""
                SELECT count(DISTINCT r.id)::int, count(DISTINCT p.person_id)::int
                FROM relationship r LEFT JOIN relationship_participant p ON p.tenant_id = r.tenant_id AND p.relationship_id = r.id
                WHERE r.tenant_id = @tenantId AND {Selected}
                """, args, tx, cancellationToken: token));
            // Feedback knows a programme through its relationships only; another organisation's is not found either.
            if (relationships.Count == 0)
                throw new RpcException(new Status(StatusCode.NotFound, $"No relationship is known here for {name}."));
            var atRisk = await c.QuerySingleAsync<(int Count, int People)>(new CommandDefinition(
                $"""
                SELECT count(DISTINCT r.id)::int, count(DISTINCT p.person_id)::int
                FROM relationship r JOIN relationship_health h ON h.tenant_id = r.tenant_id AND h.relationship_id = r.id AND cardinality(h.reasons) > 0
                    AND r.state = 5 -- ACTIVE: only working relationships are at risk
                LEFT JOIN relationship_participant p ON p.tenant_id = r.tenant_id AND p.relationship_id = r.id
                WHERE r.tenant_id = @tenantId AND {Selected}
                """, args, tx, cancellationToken: token));
            const string InProgramme = $"JOIN relationship r ON r.tenant_id = x.tenant_id AND r.id = x.relationship_id WHERE x.tenant_id = @tenantId AND {Selected}";
            var pulses = (await c.QueryAsync<(Guid, int)>(new CommandDefinition(
                $"SELECT x.respondent_id, x.rating::int FROM pulse x {InProgramme}", args, tx, cancellationToken: token))).ToList();
            var fit = (await c.QueryAsync<(Guid, bool)>(new CommandDefinition(
                $"SELECT x.respondent_id, x.working FROM fit_check_answer x {InProgramme}", args, tx, cancellationToken: token))).ToList();
            var closing = (await c.QueryAsync<(Guid Person, int Rating, int Recommend)>(new CommandDefinition(
                $"SELECT x.respondent_id, x.rating::int, x.would_recommend::int FROM closing_evaluation x {InProgramme}", args, tx, cancellationToken: token))).ToList();
            var goals = (await c.QueryAsync<(Guid, bool, int)>(new CommandDefinition(
                $"SELECT x.owner_id, x.status = 4, x.progress::int FROM goal x {InProgramme}", args, tx, cancellationToken: token))).ToList();
            var assessed = (await c.QueryAsync<(Guid, int, int)>(new CommandDefinition(
                $"SELECT x.owner_id, pre.level::int, post.level::int FROM goal x {SelfAssessed.Join} {InProgramme}", args, tx, cancellationToken: token))).ToList();

            return new ProgrammeMetrics
            {
                Name = name,
                Relationships = ProgrammeAggregates.Showable(relationships.People) ? relationships.Count : 0,
                AtRisk = ProgrammeAggregates.Showable(atRisk.People) ? atRisk.Count : 0,
                Pulse = ProgrammeAggregates.Ratings(pulses),
                ClosingRating = ProgrammeAggregates.Ratings(closing.Select(e => (e.Person, e.Rating)).ToList()),
                Fit = ProgrammeAggregates.Fit(fit),
                Nps = ProgrammeAggregates.Nps(closing.Select(e => (e.Person, e.Recommend)).ToList()),
                Goals = ProgrammeAggregates.Goals(goals),
                SelfAssessment = ProgrammeAggregates.SelfAssessments(assessed),
                MinimumGroup = ProgrammeAggregates.MinimumGroup,
                Model = request.Model,
            };
        }, ct);
    }
}
