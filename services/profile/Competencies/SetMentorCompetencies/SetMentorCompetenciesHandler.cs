using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Profile.People;

namespace Mentoring.Profile.Competencies.SetMentorCompetencies;

/// <summary>
/// Replaces the competencies a person offers to pass on as a mentor. Each must be assessed at or above
/// the middle of its scale (<see cref="CompetencyRules.MentorThreshold"/>). Queues
/// <c>MentorCompetenciesChanged</c> when the set changed. Serialised per person by locking the person's row.
/// </summary>
public sealed class SetMentorCompetenciesHandler(TenantDatabase db, Outbox outbox)
{
    public const int MaxCompetencies = 100;

    public async Task<ListPersonCompetenciesResponse> HandleAsync(SetMentorCompetenciesRequest request, CancellationToken ct)
    {
        var v = new Violations();
        if (!ResourceName.TryParse(PersonRecord.Collection, request.Person, out var personId)) v.Add("person", "must be people/{person_id}");
        var ids = new List<Guid>();
        if (request.Competencies.Count > MaxCompetencies) v.Add("competencies", $"must hold at most {MaxCompetencies} competencies");
        else
            for (var i = 0; i < request.Competencies.Count; i++)
            {
                if (!ResourceName.TryParse(CompetencyRecord.Collection, request.Competencies[i], out var id))
                    v.Add($"competencies[{i}]", "must be competencies/{competency_id}");
                else if (ids.Contains(id)) v.Add($"competencies[{i}]", "is repeated");
                else ids.Add(id);
            }
        v.ThrowIfAny();

        var person = ResourceName.Format(PersonRecord.Collection, personId);
        var tenantId = db.TenantId;
        var items = await db.InTransactionAsync(async (c, tx, token) =>
        {
            if (!await PersonCompetencyStore.PersonExistsAsync(c, tx, tenantId, personId, token, forUpdate: true))
                throw new RpcException(new Status(StatusCode.NotFound, $"{request.Person} not found."));
            var known = (await c.QueryAsync<Guid>(new CommandDefinition(
                "SELECT id FROM competency WHERE tenant_id = @tenantId AND id = ANY (@ids)", new { tenantId, ids = ids.ToArray() },
                tx, cancellationToken: token))).ToHashSet();
            if (ids.FirstOrDefault(id => !known.Contains(id)) is var missing && missing != Guid.Empty)
                throw new RpcException(new Status(StatusCode.NotFound, $"{ResourceName.Format(CompetencyRecord.Collection, missing)} not found."));

            var standing = (await PersonCompetencyStore.ListAsync(c, tx, tenantId, personId, full: false, token))
                .ToDictionary(pc => pc.Competency);
            var levelCounts = (await c.QueryAsync<(Guid Id, int Count)>(new CommandDefinition(
                "SELECT id, jsonb_array_length(levels) FROM competency WHERE tenant_id = @tenantId AND id = ANY (@ids)",
                new { tenantId, ids = ids.ToArray() }, tx, cancellationToken: token))).ToDictionary(x => x.Id, x => x.Count);
            var refused = new List<string>();
            foreach (var id in ids)
            {
                var name = ResourceName.Format(CompetencyRecord.Collection, id);
                if (!standing.TryGetValue(name, out var pc)) refused.Add($"{name} was never assessed");
                else if (!CompetencyRules.CanMentor(levelCounts[id], pc.CurrentLevel))
                    refused.Add($"{name} is assessed at level {pc.CurrentLevel}, below {CompetencyRules.MentorThreshold(levelCounts[id])} of {levelCounts[id]}");
            }
            if (refused.Count > 0)
                throw new RpcException(new Status(StatusCode.FailedPrecondition,
                    "A mentor can offer only competencies assessed at least at the middle of their scale: " + string.Join("; ", refused) + "."));

            var before = await PersonCompetencyStore.MentorCompetenciesAsync(c, tx, tenantId, personId, token);
            var after = ids.Select(id => ResourceName.Format(CompetencyRecord.Collection, id)).Order(StringComparer.Ordinal).ToList();
            if (!before.SequenceEqual(after))
            {
                await c.ExecuteAsync(new CommandDefinition(
                    """
                    DELETE FROM mentor_competency WHERE tenant_id = @tenantId AND person_id = @personId;
                    INSERT INTO mentor_competency (tenant_id, person_id, competency_id)
                    SELECT @tenantId, @personId, unnest(@ids);
                    """, new { tenantId, personId, ids = ids.ToArray() }, tx, cancellationToken: token));
                await outbox.EnqueueAsync(new MentorCompetenciesChanged { Person = person, Competencies = { after } }, tenantId, c, tx, token);
            }
            return await PersonCompetencyStore.ListAsync(c, tx, tenantId, personId, full: false, token);
        }, ct);
        return new ListPersonCompetenciesResponse { PersonCompetencies = { items } };
    }
}
