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
}
