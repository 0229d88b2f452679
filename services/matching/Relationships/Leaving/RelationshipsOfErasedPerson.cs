using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.Contracts.Matching.V1;

namespace Mentoring.Matching.Relationships.Leaving;

/// <summary>
/// An erased person has left: their open relationships close with reason LEFT (each with its event, so
/// scheduling and feedback follow), their pending requests are withdrawn and their enrolments removed.
/// Called by the candidate erasure in the same transaction; a redelivery finds nothing left to do.
/// </summary>
public sealed class RelationshipsOfErasedPerson(Outbox outbox)
{
    public async Task ApplyAsync(Guid personId, EventContext context, CancellationToken ct)
    {
        var c = context.Connection;
        var tx = context.Transaction;
        var open = (await c.QueryAsync<(Guid Id, short State)>(new CommandDefinition(
            """
            SELECT r.id, r.state FROM relationship r
            JOIN relationship_participant p ON p.tenant_id = r.tenant_id AND p.relationship_id = r.id AND p.person_id = @personId
            WHERE r.state <> 7
            ORDER BY r.id
            FOR UPDATE OF r
            """, new { personId }, tx, cancellationToken: ct))).ToList();
        foreach (var (id, state) in open)
        {
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE relationship SET state = 7, close_reason = @reason, version = version + 1, updated_at = now() WHERE id = @id",
                new { id, reason = (short)CloseReason.Left }, tx, cancellationToken: ct));
            await RelationshipStore.AppendChangeAsync(c, tx, context.TenantId, id, RelationshipState.Closed, RelationshipView.SystemActor,
                "A participant left the organisation.", ct);
            var updated = (await RelationshipStore.LoadAsync(c, tx, context.TenantId, id, ct))!;
            await outbox.EnqueueAsync(updated.ToEvent((RelationshipState)state), context.TenantId, c, tx, ct);
        }
        await c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE mentor_request SET state = 4, responded_at = now(), message = '', response_note = ''
            WHERE state = 1 AND (mentee_id = @personId OR mentor_id = @personId);
            DELETE FROM enrolment WHERE person_id = @personId;
            """, new { personId }, tx, cancellationToken: ct));
    }
}
