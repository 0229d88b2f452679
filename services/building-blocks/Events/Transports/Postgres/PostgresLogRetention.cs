using Dapper;
using Mentoring.BuildingBlocks.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Mentoring.BuildingBlocks.Events.Transports.Postgres;

/// <summary>
/// Deletes rows of the shared log that every known subscriber of their topic has passed and that
/// are older than <see cref="LogRetentionOptions.Window"/>, a batch per short transaction, every
/// <see cref="LogRetentionOptions.SweepInterval"/> (docs/adr/0001-postgres-event-transport.md,
/// "Retention"). Every replica of every service runs one; the database function it calls lets
/// only one delete at a time, and the others skip their turn.
/// </summary>
public sealed class PostgresLogRetention(
    NpgsqlDataSource dataSource,
    MigrationStatus migrations,
    PostgresSubscriptionWorker worker,
    EventingOptions options,
    ILogger<PostgresLogRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retention = options.LogRetention;
        if (!retention.Enabled) return;
        await migrations.WaitAsync(stoppingToken);
        // This service's own subscribers first, so its first sweep cannot take what they have not read.
        await worker.Registered.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(retention.SweepInterval);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "The event log retention sweep could not reach the database");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One sweep: batches until one comes back short or another sweep holds the lock; returns the rows deleted.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var retention = options.LogRetention;
        var total = 0;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        while (!ct.IsCancellationRequested)
        {
            // Autocommit: each batch is its own transaction, so it holds back the readers'
            // horizon (they read below the oldest running transaction) only while it runs.
            var deleted = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
                "SELECT eventbus.prune_log(@Window, @BatchSize)",
                new { retention.Window, retention.BatchSize }, cancellationToken: ct));
            if (deleted is null)
            {
                logger.LogDebug("Another instance is sweeping the event log");
                break;
            }
            total += deleted.Value;
            if (deleted.Value < retention.BatchSize) break;
        }
        if (total > 0) logger.LogInformation("Event log retention deleted {Count} rows", total);
        return total;
    }
}
