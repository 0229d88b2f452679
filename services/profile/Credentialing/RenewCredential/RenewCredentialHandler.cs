using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Events.V1;
using Mentoring.Profile.Credentialing.GrantInitialCredential;
using Mentoring.Profile.People;
using Proto = Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.Credentialing.RenewCredential;

/// <summary>Extends a credential's expiry and queues <c>MentorCredentialRenewed</c>, holding the pipeline's row lock.</summary>
public sealed class RenewCredentialHandler(TenantDatabase db, Outbox outbox, CredentialingModules modules, TimeProvider clock)
{
    public async Task<Proto.Credentialing> HandleAsync(Proto.RenewCredentialRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var v = new Violations();
        if (!CredentialingRecord.TryParseName(request.Name, out var personId)) v.Add("name", "must be people/{person_id}/credentialing");
        var expiresAt = GrantInitialCredentialHandler.Time(v, "expire_time", request.ExpireTime);
        if (request.ExpireTime is null) v.Add("expire_time", "is required");
        v.ThrowIfAny();

        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var record = await CredentialingStore.LatestAsync(c, tx, tenantId, personId, token, forUpdate: true)
                ?? throw CredentialingRecord.NotFound(request.Name);
            var transition = CredentialingPipeline.Renew(record.ToPipeline(), expiresAt!.Value, now);
            if (transition.Refusal is { } refusal) throw CredentialingStore.ToException(refusal);
            await CredentialingStore.SaveAsync(c, tx, tenantId, record.Id, transition.Next!, null, token);
            await outbox.EnqueueAsync(new MentorCredentialRenewed
            {
                Person = ResourceName.Format(PersonRecord.Collection, personId),
                ExpireTime = CredentialingRecord.Ts(expiresAt.Value),
                PreviousExpireTime = record.ExpiresAt is { } p ? CredentialingRecord.Ts(p) : null,
            }, tenantId, c, tx, token);
            var updated = await CredentialingStore.LatestAsync(c, tx, tenantId, personId, token);
            return updated!.ToProto(modules.For(tenantId), now);
        }, ct);
    }
}
