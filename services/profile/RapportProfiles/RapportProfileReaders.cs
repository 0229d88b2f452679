using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;

namespace Mentoring.Profile.RapportProfiles;

/// <summary>
/// The participant rule of profile's policy table, for <c>people/{id}/rapportProfile</c>: a person other
/// than the owner may read it only as a fellow participant of a live relationship the owner shared it
/// with (docs/domain.md §1). Everyone else is denied, whether or not the profile or a share exists.
/// </summary>
public sealed class RapportProfileReaders(TenantDatabase db) : IParticipantDirectory
{
    public async Task<bool> IsParticipantAsync(Caller caller, string resource, CancellationToken ct)
    {
        if (!ResourceName.TryParse("people", caller.Person, out var readerId)) return false;
        if (!ResourceName.TryParse("people", RapportProfileHandlers.PersonOf(resource), out var ownerId) || ownerId == readerId) return false;
        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
            (await RapportProfileHandlers.SharedWithAsync(c, tx, tenantId, ownerId, readerId, token)).Count > 0, ct);
    }
}
