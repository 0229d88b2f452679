using Dapper;
using Npgsql;

namespace Mentoring.Matching.Relationships;

/// <summary>
/// Serialises everything that gives mentees to a mentor — publishing a run, accepting a request, a rematch —
/// so two transactions can never both take a mentor's last place. Capacity counts across programmes, so
/// the lock is per mentor (and per mentee, so a mentee is not matched twice at once), taken in a fixed order.
/// </summary>
public static class MentorLocks
{
    public static async Task AcquireAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, IEnumerable<Guid> people, CancellationToken ct)
    {
        foreach (var id in people.Distinct().Order())
            await c.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtext(@key))",
                new { key = $"{tenantId}/matching-person/{id}" }, tx, cancellationToken: ct));
    }
}
