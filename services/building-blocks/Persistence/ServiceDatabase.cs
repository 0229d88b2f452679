using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Polly;
using Polly.Retry;

namespace Mentoring.BuildingBlocks.Persistence;

/// <summary>
/// The service's connection to its own schema, with a retry for transient failures
/// (connection refused, server restart, serialization failures).
/// </summary>
public sealed class ServiceDatabase(NpgsqlDataSource dataSource, ResiliencePipeline retry)
{
    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>Opens a connection and runs <paramref name="work"/>, retrying the whole unit on a transient error.</summary>
    public ValueTask<T> RunAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken ct) =>
        retry.ExecuteAsync(async token =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(token);
            return await work(connection, token);
        }, ct);

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction, committed when it returns; retried as a whole
    /// on a transient error — except when the COMMIT itself broke and the server did commit, which
    /// counts as done (<see cref="CommitOutcome"/>): the work is never done twice.
    /// </summary>
    public ValueTask<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> work, CancellationToken ct) =>
        RunAsync(async (connection, token) =>
        {
            await using var tx = await connection.BeginTransactionAsync(token);
            var result = await work(connection, tx, token);
            var (xid, backend) = await CommitOutcome.IdentifyAsync(connection, tx, token);
            try
            {
                await tx.CommitAsync(token);
            }
            catch (Exception e) when (xid is not null && TransientFailures.IsTransient(e))
            {
                switch (await CommitOutcome.FindAsync(dataSource, xid, backend, CommitPatience, token))
                {
                    case CommitOutcome.Fate.Committed: return result;
                    case CommitOutcome.Fate.Unknown: throw new CommitOutcomeUnknownException(e);
                    default: throw; // aborted: nothing was done, so the whole unit is retried
                }
            }
            return result;
        }, ct);

    /// <summary>How long to keep asking what became of a broken COMMIT (a server restart takes a few seconds).</summary>
    public static readonly TimeSpan CommitPatience = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Retries a unit of work on a transient failure (<see cref="TransientFailures"/>). Before each
    /// retry the pool's idle connections are dropped: after a server restart they are all dead, and
    /// the retry must not be handed the next dead one.
    /// </summary>
    public static ResiliencePipeline TransientRetry(int retries, NpgsqlDataSource? pool = null) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(1, retries),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(100),
            // With the default 8 retries a unit of work rides out about 5 s of outage (a server restart).
            MaxDelay = TimeSpan.FromSeconds(1),
            ShouldHandle = new PredicateBuilder().Handle<Exception>(TransientFailures.IsTransient),
            OnRetry = _ =>
            {
                pool?.Clear();
                return ValueTask.CompletedTask;
            },
        })
        .Build();
}

public static class ServiceDatabaseRegistration
{
    public static WebApplicationBuilder AddServiceDatabase(this WebApplicationBuilder builder, string serviceName, System.Reflection.Assembly migrations)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (string.IsNullOrEmpty(options.ConnectionString))
            options.ConnectionString = builder.Configuration.GetConnectionString("Service")
                ?? throw new InvalidOperationException($"{serviceName}: no database configured (ConnectionStrings:Service).");

        var csb = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        if (string.IsNullOrEmpty(csb.ApplicationName)) csb.ApplicationName = $"mentoring-{serviceName}";
        var dataSource = new NpgsqlDataSourceBuilder(csb.ConnectionString).Build();

        builder.Services.AddSingleton(options);
        // Factory registrations: the container disposes the data source (closing its pool) with the app.
        builder.Services.AddSingleton(_ => dataSource);
        builder.Services.AddSingleton(_ => new ServiceDatabase(dataSource, ServiceDatabase.TransientRetry(options.TransientRetries, dataSource)));
        builder.Services.AddSingleton(new ServiceMigrations(migrations));
        builder.Services.AddSingleton<MigrationStatus>();
        builder.Services.AddHostedService<DatabaseMigrator>();
        return builder;
    }
}
