using Mentoring.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace Mentoring.Identity.Data;

/// <summary>
/// EF Core's retrying strategy for the token server, with the same idea of "transient" as every
/// service (<see cref="TransientFailures"/>: Npgsql's transient errors plus the server restarting)
/// and the same recovery: before a retry the pool's idle connections are dropped, since after a
/// PostgreSQL restart they are all dead. OpenIddict runs its own transactions inside the strategy.
/// </summary>
public sealed class RetryingStrategy(ExecutionStrategyDependencies dependencies, NpgsqlDataSource pool)
    : NpgsqlRetryingExecutionStrategy(dependencies, maxRetryCount: 4, maxRetryDelay: TimeSpan.FromSeconds(2), errorCodesToAdd: TransientFailures.ServerRestartCodes)
{
    protected override bool ShouldRetryOn(Exception? exception) =>
        (exception is not null && TransientFailures.IsTransient(exception)) || base.ShouldRetryOn(exception);

    protected override void OnRetry()
    {
        pool.Clear();
        base.OnRetry();
    }
}
