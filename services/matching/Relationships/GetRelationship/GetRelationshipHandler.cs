using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Matching.V1;

namespace Mentoring.Matching.Relationships.GetRelationship;

/// <summary>One relationship; who may ask is the policy table's participant rule.</summary>
public sealed class GetRelationshipHandler(TenantDatabase db)
{
    public async Task<Relationship> HandleAsync(GetRelationshipRequest request, Caller caller, CancellationToken ct)
    {
        if (!ResourceName.TryParse(RelationshipRecord.Collection, request.Name, out var id))
            throw Violations.Single("name", "must be relationships/{relationship_id}");
        var tenantId = db.TenantId;
        var record = await db.InTransactionAsync((c, tx, token) => RelationshipStore.LoadAsync(c, tx, tenantId, id, token), ct);
        return RelationshipView.For(record?.ToProto() ?? throw RelationshipRecord.NotFound(request.Name), caller);
    }
}
