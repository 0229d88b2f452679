using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Feedback.Relationships;

namespace Mentoring.Feedback.Agreements.GetAgreement;

/// <summary>The agreement of a relationship, for its participants (the policy table lets no one else in).</summary>
public sealed class GetAgreementHandler(TenantDatabase db, AgreementStore store)
{
    public async Task<Agreement> HandleAsync(GetAgreementRequest request, CancellationToken ct)
    {
        var relationshipId = AgreementStore.Parse(request.Name, "name");
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var relationship = await RelationshipStore.LoadKnownAsync(c, tx, tenantId, relationshipId, request.Name, token);
            return await store.ViewAsync(c, tx, tenantId, relationship, token);
        }, ct);
    }
}
