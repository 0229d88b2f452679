using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Feedback.Relationships;

namespace Mentoring.Feedback.Agreements.SignAgreement;

/// <summary>
/// A participant signs the version they read (by its etag). The last signature makes the version
/// SIGNED, keeps a copy of it, and publishes <see cref="AgreementSigned"/> with the logistics, in
/// the same transaction. Signing again changes nothing and publishes nothing.
/// </summary>
public sealed class SignAgreementHandler(TenantDatabase db, AgreementStore store, Outbox outbox, TimeProvider clock)
{
    public async Task<Agreement> HandleAsync(SignAgreementRequest request, Caller caller, CancellationToken ct)
    {
        var v = new Violations();
        var relationshipId = Guid.Empty;
        try { relationshipId = AgreementStore.Parse(request.Name, "name"); }
        catch (RpcException) { v.Add("name", "must be relationships/{relationship_id}/agreement"); }
        if (request.Etag.Length == 0) v.Add("etag", "is required: the etag of the version you read and sign");
        v.ThrowIfAny();
        var signer = ContentNames.Acting(caller);

        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var relationship = await RelationshipStore.LoadLiveAsync(c, tx, tenantId, relationshipId, request.Name, token);
            relationship.EnsureParticipant(signer, "sign the agreement");
            var row = await AgreementStore.LoadAsync(c, tx, tenantId, relationshipId, forUpdate: true, token)
                ?? throw new RpcException(new Status(StatusCode.FailedPrecondition, $"{request.Name} is empty: write it before signing."));
            AgreementStore.CheckEtag(request.Etag, row, request.Name);
            var now = clock.GetUtcNow().UtcDateTime;
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO agreement_signature (tenant_id, relationship_id, person_id, signed_at) VALUES (@tenantId, @relationshipId, @signer, @now) ON CONFLICT DO NOTHING",
                new { tenantId, relationshipId, signer, now }, tx, cancellationToken: token));

            var signatures = await AgreementStore.SignaturesAsync(c, tx, tenantId, relationshipId, token);
            var everyone = relationship.Members.All(m => signatures.Any(s => s.PersonId == m.PersonId));
            if (everyone && row.SignedAt is null)
            {
                var signatories = relationship.Members.Select(m => m.PersonId).ToArray();
                await c.ExecuteAsync(new CommandDefinition(
                    """
                    UPDATE agreement SET signed_at = @now WHERE tenant_id = @tenantId AND relationship_id = @relationshipId;
                    INSERT INTO agreement_version (tenant_id, relationship_id, version, content, signatories, signed_at)
                    VALUES (@tenantId, @relationshipId, @Version, @Content, @signatories, @now)
                    ON CONFLICT (tenant_id, relationship_id, version) DO UPDATE
                        SET content = excluded.content, signatories = excluded.signatories, signed_at = excluded.signed_at
                    """, new { tenantId, relationshipId, now, row.Version, row.Content, signatories }, tx, cancellationToken: token));
                var parts = await store.PartsAsync(c, tx, tenantId, row, token);
                await outbox.EnqueueAsync(new AgreementSigned
                {
                    Relationship = Mentoring.BuildingBlocks.Resources.ResourceName.Format(RelationshipRow.Collection, relationshipId),
                    Version = row.Version,
                    Signatories = { signatories.Select(ContentNames.Person) },
                    SignTime = ContentNames.Utc(now),
                    Logistics = parts.Logistics ?? new AgreementLogistics(),
                }, tenantId, c, tx, token);
            }
            return await store.ViewAsync(c, tx, tenantId, relationship, token);
        }, ct);
    }
}
