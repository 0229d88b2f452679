using Dapper;
using Mentoring.BuildingBlocks.Events;
using Npgsql;

namespace Mentoring.Feedback.Participants;

/// <summary>What feedback knows of people, inside the caller's transaction.</summary>
public static class ParticipantStore
{
    /// <summary>Whether profile's registration of the person reached feedback, and they were not erased since.</summary>
    public static Task<bool> IsKnownAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid personId, CancellationToken ct) =>
        c.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM participant WHERE tenant_id = @tenantId AND person_id = @personId AND version <> @tombstone)",
            new { tenantId, personId, tombstone = Erasure.TombstoneVersion }, tx, cancellationToken: ct));
}
