using System.Text.Json;
using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Matching.Engine.Candidates;
using Mentoring.Matching.Engine.Competency;
using Mentoring.Matching.Programmes;

namespace Mentoring.Matching.Relationships.GapClosing;

/// <summary>
/// Competency mentoring ends when the gap closes (docs/domain.md §2): after each assessment of a mentee, their
/// working relationships in programmes that end on a closed gap move to CLOSING (goals met) once every
/// target competency fixed at the start of the pairing is assessed at its target level.
/// Called by the candidate projection in the same transaction (Dapr allows one subscription per topic and app).
/// </summary>
public sealed class CompetencyGapClosing(Outbox outbox)
{
    /// <param name="menteeId">The person just assessed.</param>
    /// <param name="currentLevels">Their current level per competency, as the projection now holds them.</param>
    public async Task ApplyAsync(Guid menteeId, IReadOnlyDictionary<string, int> currentLevels, EventContext context, CancellationToken ct)
    {
        var c = context.Connection;
        var tx = context.Transaction;
        var open = (await c.QueryAsync<(Guid Id, short Model, string Rules, string Weights, string Targets)>(new CommandDefinition(
            """
            SELECT r.id, p.model, p.rules::text, p.weights::text, coalesce(r.gap_targets::text, '{}')
            FROM relationship r
            JOIN programme p ON p.tenant_id = r.tenant_id AND p.id = r.programme_id
            JOIN relationship_participant m ON m.tenant_id = r.tenant_id AND m.relationship_id = r.id AND m.person_id = @menteeId AND m.role = 2
            WHERE r.state IN (2, 3, 4, 5) -- accepted, rapport, contracting, active
            """, new { menteeId }, tx, cancellationToken: ct))).ToList();
        var latest = currentLevels.ToDictionary(l => l.Key, l => new CompetencyLevel(l.Value));

        foreach (var r in open)
        {
            var programme = new ProgrammeRecord { Model = r.Model, Rules = r.Rules, Weights = r.Weights };
            if (programme.EngineRules.EndCondition != Engine.Programmes.EndCondition.GapClosed) continue;
            // The targets fixed when the pairing started (a mentee lowering their own target does not close it).
            var targets = JsonSerializer.Deserialize<Dictionary<string, int>>(r.Targets) ?? [];
            var decision = GapClosure.ShouldClose(targets, latest);
            if (!decision.ShouldClose) continue;
            // Only a relationship still working moves (someone may have closed it meanwhile; a redelivery finds it closing).
            var previous = await c.QuerySingleOrDefaultAsync<short?>(new CommandDefinition(
                "SELECT state FROM relationship WHERE id = @id AND state IN (2, 3, 4, 5) FOR UPDATE", new { id = r.Id }, tx, cancellationToken: ct));
            if (previous is null) continue;
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE relationship SET state = 6, close_reason = 1, version = version + 1, updated_at = now() WHERE id = @id",
                new { id = r.Id }, tx, cancellationToken: ct));
            await RelationshipStore.AppendChangeAsync(c, tx, context.TenantId, r.Id, RelationshipState.Closing, RelationshipView.SystemActor, decision.Explanation, ct);
            var updated = (await RelationshipStore.LoadAsync(c, tx, context.TenantId, r.Id, ct))!;
            await outbox.EnqueueAsync(updated.ToEvent((RelationshipState)previous.Value), context.TenantId, c, tx, ct);
        }
    }
}
