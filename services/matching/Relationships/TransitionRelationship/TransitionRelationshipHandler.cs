using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Matching.Relationships.Agreements;
using Mentoring.Matching.Relationships.Lifecycle;
using Npgsql;

namespace Mentoring.Matching.Relationships.TransitionRelationship;

/// <summary>
/// Moves a relationship as <see cref="RelationshipLifecycle"/> decides, under the relationship's row lock,
/// with its history row and <c>RelationshipStateChanged</c> in the same transaction. A no-fault exit may
/// ask for a rematch, which <see cref="IRematcher"/> proposes in the same transaction.
/// </summary>
public sealed class TransitionRelationshipHandler(TenantDatabase db, Outbox outbox, IRematcher rematcher)
{
    public const int MaxNote = 2000;

    public async Task<Relationship> HandleAsync(TransitionRelationshipRequest request, Caller caller, CancellationToken ct)
    {
        var v = new Violations();
        if (!ResourceName.TryParse(RelationshipRecord.Collection, request.Name, out var id)) v.Add("name", "must be relationships/{relationship_id}");
        v.MaxLength("note", request.Note, MaxNote);
        if (request.Rematch && !(request.State == RelationshipState.Closed && request.CloseReason == CloseReason.NoFit))
            v.Add("rematch", "is only for a no-fault exit: state CLOSED with close_reason NO_FIT");
        v.ThrowIfAny();
        Guid? acting = caller.Kind == CallerKind.Person && ResourceName.TryParse("people", caller.Person, out var person) ? person : null;

        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var record = await RelationshipStore.LoadAsync(c, tx, tenantId, id, token, forUpdate: true)
                ?? throw RelationshipRecord.NotFound(request.Name);
            var outcome = RelationshipLifecycle.Decide(record.StateValue, (CloseReason)record.CloseReason, request.State, request.CloseReason,
                record.Participants.Select(p => p.PersonId).ToList(), record.AcceptedBy, acting);
            if (outcome is TransitionOutcome.Refused refused)
                throw refused.Field is { } field ? Violations.Single(field, refused.Message)
                    : new RpcException(new Status(StatusCode.FailedPrecondition, refused.Message));
            if (request.Etag.Length > 0 && request.Etag != record.Etag)
                throw new RpcException(new Status(StatusCode.Aborted, $"{request.Name} changed since it was read."));
            await ContractingGate.EnsureMayStartAsync(c, tx, tenantId, record, request.State, token);

            var accepted = request.State == RelationshipState.Accepted && acting is { } who ? record.AcceptedBy.Append(who).ToArray() : record.AcceptedBy;
            var (state, reason) = outcome is TransitionOutcome.Moved moved ? (moved.State, moved.Reason) : (record.StateValue, (CloseReason)record.CloseReason);
            await c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE relationship SET state = @state, close_reason = @reason, accepted_by = @accepted, version = version + 1, updated_at = now()
                WHERE tenant_id = @tenantId AND id = @id
                """, new { tenantId, id, state = (short)state, reason = (short)reason, accepted }, tx, cancellationToken: token));
            if (outcome is TransitionOutcome.Moved)
                await RelationshipStore.AppendChangeAsync(c, tx, tenantId, id, state, caller.Subject, request.Note.Trim(), token);
            var updated = (await RelationshipStore.LoadAsync(c, tx, tenantId, id, token))!;
            if (outcome is TransitionOutcome.Moved)
                await outbox.EnqueueAsync(updated.ToEvent(record.StateValue), tenantId, c, tx, token);
            if (request.Rematch)
                await rematcher.RematchAsync(c, tx, tenantId, updated, caller.Subject, token);
            return RelationshipView.For(updated.ToProto(), caller);
        }, ct);
    }
}

/// <summary>Proposes the mentee's next-best mentor after a no-fault exit.</summary>
public interface IRematcher
{
    Task RematchAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, RelationshipRecord ended, string actor, CancellationToken ct);
}
