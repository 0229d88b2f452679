using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Profile.People;

namespace Mentoring.Profile.Competencies.AssessCompetency;

/// <summary>
/// Appends an assessment to the person's history and queues <c>CompetencyAssessed</c>; when the new
/// current level is below the mentor threshold, the competency leaves the person's mentor offer
/// (queuing <c>MentorCompetenciesChanged</c>). The competency row is locked for share, so the scale
/// cannot shrink under a concurrent assessment.
/// </summary>
public sealed class AssessCompetencyHandler(TenantDatabase db, Outbox outbox, IHttpContextAccessor http)
{
    public async Task<PersonCompetency> HandleAsync(AssessCompetencyRequest request, CancellationToken ct)
    {
        var v = new Violations();
        if (!ResourceName.TryParse(PersonRecord.Collection, request.Person, out var personId)) v.Add("person", "must be people/{person_id}");
        if (!ResourceName.TryParse(CompetencyRecord.Collection, request.Competency, out var competencyId))
            v.Add("competency", "must be competencies/{competency_id}");
        CompetencyRules.ValidateLevels(v, CompetencyRules.MaxLevels, request.CurrentLevel, request.TargetLevel);
        v.ThrowIfAny();

        var caller = http.HttpContext is { } context ? Caller.From(context.User) : null;
        var assessor = caller is { Kind: CallerKind.Person, Person: { } self } ? self : caller?.Subject ?? "";
        var person = ResourceName.Format(PersonRecord.Collection, personId);
        var competency = ResourceName.Format(CompetencyRecord.Collection, competencyId);
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            if (!await PersonCompetencyStore.PersonExistsAsync(c, tx, tenantId, personId, token, forUpdate: true))
                throw new RpcException(new Status(StatusCode.NotFound, $"{request.Person} not found."));
            var levelCount = await c.ExecuteScalarAsync<int?>(new CommandDefinition(
                "SELECT jsonb_array_length(levels) FROM competency WHERE tenant_id = @tenantId AND id = @competencyId FOR SHARE",
                new { tenantId, competencyId }, tx, cancellationToken: token))
                ?? throw new RpcException(new Status(StatusCode.NotFound, $"{request.Competency} not found."));
            CompetencyRules.ValidateLevels(new Violations(), levelCount, request.CurrentLevel, request.TargetLevel).ThrowIfAny();

            var assessedAt = await c.QuerySingleAsync<DateTime>(new CommandDefinition(
                """
                INSERT INTO competency_assessment (tenant_id, person_id, competency_id, current_level, target_level, assessor)
                VALUES (@tenantId, @personId, @competencyId, @current, @target, @assessor)
                RETURNING assessed_at
                """,
                new { tenantId, personId, competencyId, current = (short)request.CurrentLevel, target = (short)request.TargetLevel, assessor },
                tx, cancellationToken: token));
            await outbox.EnqueueAsync(new CompetencyAssessed
            {
                Person = person, Competency = competency, CurrentLevel = request.CurrentLevel,
                TargetLevel = request.TargetLevel, AssessTime = PersonCompetencyStore.Utc(assessedAt),
            }, tenantId, c, tx, token);

            if (!CompetencyRules.CanMentor(levelCount, request.CurrentLevel))
            {
                var withdrawn = await c.ExecuteAsync(new CommandDefinition(
                    "DELETE FROM mentor_competency WHERE tenant_id = @tenantId AND person_id = @personId AND competency_id = @competencyId",
                    new { tenantId, personId, competencyId }, tx, cancellationToken: token));
                if (withdrawn > 0)
                    await outbox.EnqueueAsync(new MentorCompetenciesChanged
                    {
                        Person = person,
                        Competencies = { await PersonCompetencyStore.MentorCompetenciesAsync(c, tx, tenantId, personId, token) },
                    }, tenantId, c, tx, token);
            }

            var all = await PersonCompetencyStore.ListAsync(c, tx, tenantId, personId, full: false, token);
            return all.Single(pc => pc.Competency == competency);
        }, ct);
    }
}
