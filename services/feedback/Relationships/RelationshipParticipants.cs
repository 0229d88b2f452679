using Dapper;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;

namespace Mentoring.Feedback.Relationships;

/// <summary>
/// The participant rule of the policy table: a person reaches a relationship's content
/// (<c>relationships/{id}</c> and everything under it) only if they take part in it. Everyone else
/// — a line manager, a colleague — is denied, whether or not it exists.
/// </summary>
public sealed class RelationshipParticipants(TenantDatabase db) : IParticipantDirectory
{
    public async Task<bool> IsParticipantAsync(Caller caller, string resource, CancellationToken ct)
    {
        if (!ResourceName.TryParse("people", caller.Person, out var personId)) return false;
        if (RelationshipOf(resource) is not { } id) return false;
        var tenantId = db.TenantId;
        return await db.InTransactionAsync((c, tx, token) => c.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM relationship_participant WHERE tenant_id = @tenantId AND relationship_id = @id AND person_id = @personId)",
            new { tenantId, id, personId }, tx, cancellationToken: token)), ct);
    }

    /// <summary>The relationship id of <c>relationships/{id}</c> or of a resource under it (<c>relationships/{id}/…</c>).</summary>
    public static Guid? RelationshipOf(string? resource)
    {
        if (resource is null || !resource.StartsWith(RelationshipRow.Collection + "/", StringComparison.Ordinal)) return null;
        var end = resource.IndexOf('/', RelationshipRow.Collection.Length + 1);
        var head = end < 0 ? resource : resource[..end];
        return ResourceName.TryParse(RelationshipRow.Collection, head, out var id) ? id : null;
    }
}
