using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Events.V1;

namespace Mentoring.Matching.Relationships.Agreements;

/// <summary>Keeps the latest signed agreement version of each relationship (the highest wins, so replays and reordering are harmless).</summary>
public sealed class SignedAgreementProjection : IEventHandler<AgreementSigned>
{
    public const string Subscriber = "signed-agreements";

    public Task HandleAsync(AgreementSigned @event, EventContext context, CancellationToken ct)
    {
        if (!ResourceName.TryParse(RelationshipRecord.Collection, @event.Relationship, out var id))
            throw new InvalidOperationException($"AgreementSigned with a malformed relationship '{@event.Relationship}'");
        return context.Connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE relationship SET agreement_version = greatest(coalesce(agreement_version, 0), @Version)
            WHERE tenant_id = @TenantId AND id = @id
            """, new { context.TenantId, id, @event.Version }, context.Transaction, cancellationToken: ct));
    }
}
