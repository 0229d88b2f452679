using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Feedback.Relationships;

namespace Mentoring.Feedback.Agreements.UpdateAgreement;

/// <summary>
/// Drafts or changes a relationship's agreement. Any participant may write; every change withdraws
/// the signatures given so far, and a change after a signature starts a new version (the signed
/// ones are kept in <c>agreement_version</c>). Writing what is already there changes nothing.
/// </summary>
public sealed class UpdateAgreementHandler(TenantDatabase db, AgreementStore store, TimeProvider clock)
{
    public async Task<Agreement> HandleAsync(UpdateAgreementRequest request, Caller caller, CancellationToken ct)
    {
        var a = request.Agreement ?? throw Violations.Single("agreement", "is required");
        var v = new Violations();
        var relationshipId = Guid.Empty;
        try { relationshipId = AgreementStore.Parse(a.Name, "agreement.name"); }
        catch (RpcException) { v.Add("agreement.name", "must be relationships/{relationship_id}/agreement"); }
        var parts = AgreementValidator.MaskedParts(v, request.UpdateMask?.Paths);
        AgreementValidator.Check(v, a, parts);
        v.ThrowIfAny();
        var author = ContentNames.Acting(caller);

        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var relationship = await RelationshipStore.LoadLiveAsync(c, tx, tenantId, relationshipId, a.Name, token);
            relationship.EnsureParticipant(author, "write the agreement");
            var outsiders = a.Goals?.Parties.Where(p => ResourceName.TryParse("people", p.Party, out var id) && !relationship.IsParticipant(id)).ToList() ?? [];
            if (parts.Contains("goals") && outsiders.Count > 0)
                throw Violations.Single("agreement.goals.parties", $"{outsiders[0].Party} does not take part in the relationship");

            await RelationshipStore.LockAsync(c, tx, tenantId, relationshipId, token);
            var row = await AgreementStore.LoadAsync(c, tx, tenantId, relationshipId, forUpdate: true, token);
            AgreementStore.CheckEtag(a.Etag, row, a.Name);
            var current = await store.PartsAsync(c, tx, tenantId, row, token);
            var next = Merge(current, a, parts);
            if (row is not null && next.Equals(AgreementStore.Parts(current))) return await store.ViewAsync(c, tx, tenantId, relationship, token);

            var signed = row is not null && await c.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM agreement_signature WHERE tenant_id = @tenantId AND relationship_id = @relationshipId)",
                new { tenantId, relationshipId }, tx, cancellationToken: token));
            var version = row is null ? 1 : signed ? row.Version + 1 : row.Version;
            var content = await store.SealAsync(c, tx, tenantId, relationshipId, version, next, token);
            await c.ExecuteAsync(new CommandDefinition(
                """
                DELETE FROM agreement_signature WHERE tenant_id = @tenantId AND relationship_id = @relationshipId;
                INSERT INTO agreement (tenant_id, relationship_id, version, revision, content, signed_at, fit_interval_days, updated_by, updated_at)
                VALUES (@tenantId, @relationshipId, @version, 1, @content, NULL, @fitInterval, @author, @now)
                ON CONFLICT (tenant_id, relationship_id) DO UPDATE SET
                    version = excluded.version, revision = agreement.revision + 1, content = excluded.content,
                    fit_interval_days = excluded.fit_interval_days,
                    signed_at = NULL, updated_by = excluded.updated_by, updated_at = excluded.updated_at
                """, new { tenantId, relationshipId, version, content, fitInterval = next.Fit?.CheckIntervalDays ?? 0, author, now = clock.GetUtcNow().UtcDateTime }, tx, cancellationToken: token));
            return await store.ViewAsync(c, tx, tenantId, relationship, token);
        }, ct);
    }

    private static Agreement Merge(Agreement current, Agreement update, IReadOnlyList<string> parts)
    {
        var next = AgreementStore.Parts(current);
        foreach (var part in parts)
            switch (part)
            {
                case "goals": next.Goals = Trimmed(update.Goals); break;
                case "scope": next.Scope = update.Scope.Trim(); break;
                case "trust": next.Trust = update.Trust.Trim(); break;
                case "fit": next.Fit = update.Fit is null ? null : new AgreementFit { CheckIn = update.Fit.CheckIn.Trim(), Exit = update.Fit.Exit.Trim(), CheckIntervalDays = update.Fit.CheckIntervalDays }; break;
                case "logistics": next.Logistics = update.Logistics?.Clone(); break;
            }
        return next;
    }

    private static AgreementGoals? Trimmed(AgreementGoals? goals)
    {
        if (goals is null) return null;
        var result = new AgreementGoals { Alignment = goals.Alignment.Trim() };
        result.Parties.AddRange(goals.Parties.Select(p => new PartyGoals { Party = p.Party, Goals = p.Goals.Trim() }));
        return result;
    }

}
