using Dapper;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;

namespace Mentoring.Matching.Relationships;

/// <summary>
/// The participant rule of the policy table: a person may read or move a relationship only if they
/// take part in it. A line manager, a colleague, anyone else — denied, whether or not it exists.
/// </summary>
public sealed class RelationshipParticipants(TenantDatabase db) : IParticipantDirectory
{
    public async Task<bool> IsParticipantAsync(Caller caller, string resource, CancellationToken ct)
    {
        if (!ResourceName.TryParse(RelationshipRecord.Collection, resource, out var relationshipId)) return false;
        if (!ResourceName.TryParse("people", caller.Person, out var personId)) return false;
        var tenantId = db.TenantId;
        return await db.InTransactionAsync((c, tx, token) => c.ExecuteScalarAsync<bool>(new CommandDefinition(
            """
            SELECT EXISTS (SELECT 1 FROM relationship_participant
                           WHERE tenant_id = @tenantId AND relationship_id = @relationshipId AND person_id = @personId)
            """, new { tenantId, relationshipId, personId }, tx, cancellationToken: token)), ct);
    }
}
