using Npgsql;

namespace Mentoring.BuildingBlocks.Persistence;

/// <summary>
/// Which database failures are worth a retry: what Npgsql calls transient (network errors,
/// serialization failures, deadlocks, too many connections …) and the server shutting down or
/// starting up — the error a pooled connection reports first after PostgreSQL restarts
/// (57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now).
/// </summary>
public static class TransientFailures
{
    public static readonly string[] ServerRestartCodes = ["57P01", "57P02", "57P03"];

    public static bool IsTransient(Exception e) => e switch
    {
        PostgresException p when ServerRestartCodes.Contains(p.SqlState) => true,
        NpgsqlException n => n.IsTransient,
        TimeoutException => true,
        _ => false,
    };

    /// <summary>What callers see as UNAVAILABLE (HTTP 503): transient failures that outlasted the retries, and broken commits whose outcome is unknown.</summary>
    public static bool IsUnavailable(Exception e) => IsTransient(e) || e is CommitOutcomeUnknownException;

    /// <summary>What to tell a caller about an unavailable database, without any exception text.</summary>
    public static (string Reason, string Message) Explain(Exception e) => e is CommitOutcomeUnknownException
        ? ("COMMIT_OUTCOME_UNKNOWN", "The database connection broke while the change was being committed, so whether it was made is not known; retry with the same idempotency key.")
        : ("DATABASE_UNAVAILABLE", "The service cannot reach its database right now; retry shortly.");
}
