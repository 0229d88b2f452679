using Dapper;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Scheduling.Meetings;

namespace Mentoring.Scheduling.Relationships;

/// <summary>
/// The participant rule of the policy table: a person reaches a relationship's times, a meeting or
/// a series only if they take part in it. Everyone else is denied, whether or not it exists.
/// </summary>
public sealed class MeetingParticipants(TenantDatabase db) : IParticipantDirectory
{
    public async Task<bool> IsParticipantAsync(Caller caller, string resource, CancellationToken ct)
    {
        if (!ResourceName.TryParse("people", caller.Person, out var personId)) return false;
        var tenantId = db.TenantId;
        string? sql = null;
        Guid id = default;
        if (ResourceName.TryParse(RelationshipRow.Collection, resource, out id))
            sql = "SELECT EXISTS (SELECT 1 FROM relationship_participant WHERE tenant_id = @tenantId AND relationship_id = @id AND person_id = @personId)";
        else if (ResourceName.TryParse(MeetingRecord.Collection, resource, out id))
            sql = "SELECT EXISTS (SELECT 1 FROM meeting_attendee WHERE tenant_id = @tenantId AND meeting_id = @id AND person_id = @personId)";
        else if (ResourceName.TryParse(Series.SeriesRecord.Collection, resource, out id))
            sql = """
                  SELECT EXISTS (SELECT 1 FROM meeting_series s JOIN relationship_participant p
                                 ON p.tenant_id = s.tenant_id AND p.relationship_id = s.relationship_id
                                 WHERE s.tenant_id = @tenantId AND s.id = @id AND p.person_id = @personId)
                  """;
        if (sql is null) return false;
        return await db.InTransactionAsync((c, tx, token) =>
            c.ExecuteScalarAsync<bool>(new CommandDefinition(sql, new { tenantId, id, personId }, tx, cancellationToken: token)), ct);
    }
}
