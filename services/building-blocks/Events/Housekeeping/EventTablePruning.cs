using Dapper;
using Mentoring.BuildingBlocks.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Mentoring.BuildingBlocks.Events.Housekeeping;

/// <summary>
/// Keeps a service's outbox and inbox from growing for ever: rows published (outbox) or handled
/// (inbox) more than <see cref="EventTablePruningOptions.Window"/> ago are deleted, a batch per
/// short transaction, every <see cref="EventTablePruningOptions.SweepInterval"/>. Rows not yet
/// published are never touched. Replicas prune side by side: each batch skips the rows another
/// holds (<c>FOR UPDATE SKIP LOCKED</c>), so none waits for another and none deletes twice.
/// </summary>
public sealed class EventTablePruning(
    NpgsqlDataSource dataSource,
    MigrationStatus migrations,
    EventingOptions options,
    ILogger<EventTablePruning> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Pruning.Enabled) return;
        await migrations.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(options.Pruning.SweepInterval);
        do
        {
            try
            {
                await PruneAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "Pruning the outbox and inbox could not reach the database");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One sweep of both tables; returns the rows deleted from each.</summary>
    public async Task<(int Outbox, int Inbox)> PruneAsync(CancellationToken ct)
    {
        var outbox = await DeleteInBatchesAsync(
            """
            DELETE FROM outbox WHERE position IN (
                SELECT position FROM outbox
                WHERE published_at IS NOT NULL AND published_at < now() - @Window
                LIMIT @BatchSize FOR UPDATE SKIP LOCKED)
            """, ct);
        var inbox = await DeleteInBatchesAsync(
            """
            DELETE FROM inbox WHERE (subscriber, event_id) IN (
                SELECT subscriber, event_id FROM inbox
                WHERE handled_at < now() - @Window
                LIMIT @BatchSize FOR UPDATE SKIP LOCKED)
            """, ct);
        if (outbox + inbox > 0) logger.LogInformation("Pruned {Outbox} outbox and {Inbox} inbox rows", outbox, inbox);
        return (outbox, inbox);
    }

    private async Task<int> DeleteInBatchesAsync(string sql, CancellationToken ct)
    {
        var pruning = options.Pruning;
        var total = 0;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        while (!ct.IsCancellationRequested)
        {
            // Autocommit: each batch is its own short transaction.
            var deleted = await connection.ExecuteAsync(new CommandDefinition(sql, new { pruning.Window, pruning.BatchSize }, cancellationToken: ct));
            total += deleted;
            if (deleted < pruning.BatchSize) break;
        }
        return total;
    }
}
