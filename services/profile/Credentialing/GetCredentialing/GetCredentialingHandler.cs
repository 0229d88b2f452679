using Mentoring.BuildingBlocks.Tenancy;
using Proto = Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.Credentialing.GetCredentialing;

/// <summary>A person's latest pipeline with its whole evidence history.</summary>
public sealed class GetCredentialingHandler(TenantDatabase db, CredentialingModules modules, TimeProvider clock)
{
    public async Task<Proto.Credentialing> HandleAsync(Proto.GetCredentialingRequest request, CancellationToken ct)
    {
        var personId = CredentialingRecord.ParseOrThrow(request.Name);
        var tenantId = db.TenantId;
        var record = await db.InTransactionAsync((c, tx, token) => CredentialingStore.LatestAsync(c, tx, tenantId, personId, token), ct)
            ?? throw CredentialingRecord.NotFound(request.Name);
        return record.ToProto(modules.For(tenantId), clock.GetUtcNow().UtcDateTime);
    }
}
