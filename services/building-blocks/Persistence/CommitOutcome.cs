using Dapper;
using Npgsql;

namespace Mentoring.BuildingBlocks.Persistence;

/// <summary>
/// What became of a transaction whose COMMIT failed on the wire. The connection broke after the
/// COMMIT was sent, so the server may have committed it and only the answer was lost; retrying
/// the whole unit then would do its work twice. The server keeps each transaction's fate in its
/// commit log, so a fresh connection can ask: <c>pg_xact_status</c> of the id taken before COMMIT.
/// A transaction still "in progress" belongs to a backend that has not noticed its client is gone
/// (the server sees only a silent socket); it is terminated, which aborts it, and asked again.
/// </summary>
public static class CommitOutcome
{
    public enum Fate { Committed, Aborted, Unknown }

    /// <summary>The transaction id and backend of the open transaction on <paramref name="connection"/>; null id when it wrote nothing.</summary>
    public static async Task<(string? Xid, int Backend)> IdentifyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct) =>
        await connection.QuerySingleAsync<(string?, int)>(new CommandDefinition(
            "SELECT pg_current_xact_id_if_assigned()::text, pg_backend_pid()", transaction: tx, cancellationToken: ct));

    /// <summary>Asks the server (from new connections, for up to <paramref name="patience"/>) what became of <paramref name="xid"/>.</summary>
    public static async Task<Fate> FindAsync(NpgsqlDataSource dataSource, string xid, int backend, TimeSpan patience, CancellationToken ct)
    {
        var until = DateTime.UtcNow + patience;
        while (true)
        {
            try
            {
                await using var c = await dataSource.OpenConnectionAsync(ct);
                var status = await c.ExecuteScalarAsync<string?>(new CommandDefinition(
                    "SELECT pg_xact_status(@xid::xid8)", new { xid }, cancellationToken: ct));
                switch (status)
                {
                    case "committed": return Fate.Committed;
                    case "aborted": return Fate.Aborted;
                    case null: return Fate.Unknown; // older than the commit log the server keeps
                }
                // in progress: its backend still waits for the client that is gone
                await c.ExecuteAsync(new CommandDefinition(
                    """
                    SELECT pg_terminate_backend(pid, 1000) FROM pg_stat_activity
                    WHERE pid = @backend AND backend_xid::text::bigint = @xid::bigint % 4294967296
                    """, new { backend, xid }, cancellationToken: ct));
            }
            catch (Exception e) when (TransientFailures.IsTransient(e))
            {
                // the server itself is away (a restart): ask again until the patience runs out
            }
            if (DateTime.UtcNow >= until) return Fate.Unknown;
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
    }
}

/// <summary>
/// The connection broke while committing and the server could not be asked whether the commit
/// happened: the caller must not be told either way. Not retried (that could do the work twice);
/// callers get UNAVAILABLE and retry with their idempotency key.
/// </summary>
public sealed class CommitOutcomeUnknownException(Exception inner)
    : Exception("The database connection broke while committing and the outcome could not be learnt.", inner);
