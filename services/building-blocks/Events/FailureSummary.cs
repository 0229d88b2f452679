using Grpc.Core;
using Npgsql;

namespace Mentoring.BuildingBlocks.Events;

/// <summary>
/// What is kept of a failed delivery or publication for operators to read (dead letters, the
/// unpublished outbox, shown in the admin SPA): the kind of failure in a fixed sentence, never the
/// exception's text, which may quote the event's content or the code. The exception itself goes to
/// the service's log, with the event's id, where the summary points.
/// </summary>
public static class FailureSummary
{
    public static string Of(Exception error) => error switch
    {
        TimeoutException or TaskCanceledException or OperationCanceledException => "Timed out.",
        NpgsqlException { IsTransient: true } => "The database could not be reached.",
        PostgresException p => $"The database refused a statement (SQLSTATE {p.SqlState}).",
        NpgsqlException => "The database could not be reached.",
        RpcException r => $"A call to another service failed ({r.StatusCode}).",
        HttpRequestException h => h.StatusCode is { } code ? $"An HTTP call failed ({(int)code})." : "An HTTP call could not connect.",
        _ when error.InnerException is { } inner && error is AggregateException => Of(inner),
        _ => "The handler failed; the service's log has the error for this event.",
    };
}
