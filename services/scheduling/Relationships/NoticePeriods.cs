using Dapper;
using Npgsql;

namespace Mentoring.Scheduling.Relationships;

/// <summary>
/// The written notice a relationship's participants agreed for moving or cancelling a meeting
/// (their signed agreement's logistics, from feedback's <c>AgreementSigned</c>), else the
/// platform's default (<c>Scheduling:NoticePeriod</c>).
/// </summary>
public static class NoticePeriods
{
    public static async Task<TimeSpan> ForAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid relationshipId, TimeSpan fallback, CancellationToken ct) =>
        await c.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT notice_hours FROM relationship WHERE tenant_id = @tenantId AND id = @relationshipId",
            new { tenantId, relationshipId }, tx, cancellationToken: ct)) is int hours and > 0 ? TimeSpan.FromHours(hours) : fallback;
}
