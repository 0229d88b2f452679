using Dapper;
using Npgsql;

namespace Mentoring.Profile.Availability;

/// <summary>Reads a person's availability inside the caller's (tenant-bound) transaction.</summary>
public static class AvailabilityStore
{
    private sealed record Header(string TimeZone, int? Version, DateTime? UpdatedAt);

    /// <summary>The person's availability, or null when the person is not in the organisation.</summary>
    public static async Task<AvailabilityRecord?> LoadAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid personId, CancellationToken ct, bool forUpdate = false)
    {
        var header = await c.QuerySingleOrDefaultAsync<Header>(new CommandDefinition(
            $"""
            SELECT CASE WHEN p.time_zone = '' THEN 'UTC' ELSE p.time_zone END AS TimeZone,
                   a.version AS Version, a.updated_at AS UpdatedAt
            FROM person p
            LEFT JOIN availability a ON a.tenant_id = p.tenant_id AND a.person_id = p.id
            WHERE p.tenant_id = @tenantId AND p.id = @personId
            {(forUpdate ? "FOR UPDATE OF p" : "")}
            """, new { tenantId, personId }, tx, cancellationToken: ct));
        if (header is null) return null;
        var windows = await c.QueryAsync<StoredWindow>(new CommandDefinition(
            """
            SELECT day_of_week AS DayOfWeek, start_minute AS StartMinute, end_minute AS EndMinute
            FROM availability_window WHERE tenant_id = @tenantId AND person_id = @personId ORDER BY position
            """, new { tenantId, personId }, tx, cancellationToken: ct));
        var exceptions = await c.QueryAsync<StoredException>(new CommandDefinition(
            """
            SELECT to_char(date, 'YYYY-MM-DD') AS Date, start_minute AS StartMinute, end_minute AS EndMinute
            FROM availability_exception WHERE tenant_id = @tenantId AND person_id = @personId ORDER BY position
            """, new { tenantId, personId }, tx, cancellationToken: ct));
        return new AvailabilityRecord(personId, header.TimeZone, header.Version ?? 0, header.UpdatedAt, windows.ToList(), exceptions.ToList());
    }
}
