using Dapper;
using Mentoring.BuildingBlocks.Events.Transports;
using Mentoring.BuildingBlocks.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Mentoring.BuildingBlocks.Events.Outbox;

/// <summary>
/// Publishes outbox rows through the configured transport. A row that fails stays in the outbox
/// with its attempt count, next attempt time and last error (visible at <c>/ops/events/outbox</c>),
/// and is retried with exponential backoff for as long as it takes: nothing accepted is dropped.
/// Rows are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so several replicas can relay side by side.
/// </summary>
public sealed class OutboxRelay(
    NpgsqlDataSource dataSource,
    IEventPublisher publisher,
    OutboxSignal signal,
    MigrationStatus migrations,
    EventingOptions options,
    TimeProvider clock,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private sealed record Row(long Position, Guid EventId, string Topic, string Envelope, int Attempts);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await migrations.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RelayBatchAsync(stoppingToken) > 0) continue;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "Outbox relay could not reach the database");
            }
            await signal.WaitAsync(options.PollInterval, stoppingToken);
        }
    }

    /// <summary>Publishes the due rows of one batch; returns how many were claimed.</summary>
    public async Task<int> RelayBatchAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT position, event_id AS EventId, topic, envelope::text AS Envelope, attempts
            FROM outbox
            WHERE published_at IS NULL AND next_attempt_at <= now()
            ORDER BY position
            LIMIT @Limit
            FOR UPDATE SKIP LOCKED
            """, new { Limit = options.BatchSize }, tx, cancellationToken: ct))).ToList();

        if (rows.Count > 1 && publisher is IBatchEventPublisher batch && await PublishedWholeAsync(batch, rows, connection, tx, ct))
        {
            await tx.CommitAsync(ct);
            return rows.Count;
        }
        foreach (var row in rows)
        {
            try
            {
                await publisher.PublishAsync(row.Topic, CloudEvent.FromJson(row.Envelope), ct);
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE outbox SET published_at = now(), attempts = attempts + 1, last_error = NULL WHERE position = @Position",
                    new { row.Position }, tx, cancellationToken: ct));
                EventTelemetry.Published.Add(1);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var delay = options.PublishBackoff.DelayAfter(row.Attempts + 1, Random.Shared.NextDouble());
                logger.LogWarning(e, "Publishing event {EventId} to {Topic} failed (attempt {Attempt}); retry in {Delay}",
                    row.EventId, row.Topic, row.Attempts + 1, delay);
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    UPDATE outbox SET attempts = attempts + 1, last_error = @Error, next_attempt_at = @Next
                    WHERE position = @Position
                    """,
                    new { row.Position, Error = FailureSummary.Of(e), Next = clock.GetUtcNow() + delay },
                    tx, cancellationToken: ct));
                EventTelemetry.PublishFailures.Add(1);
            }
        }
        await tx.CommitAsync(ct);
        return rows.Count;
    }

    /// <summary>Publishes the rows at once and marks them published; false (nothing marked) when the transport refused the batch.</summary>
    private async Task<bool> PublishedWholeAsync(IBatchEventPublisher batch, List<Row> rows, NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        try
        {
            await batch.PublishBatchAsync(rows.Select(r => (r.Topic, CloudEvent.FromJson(r.Envelope))).ToList(), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogDebug(e, "Publishing a batch of {Count} failed; publishing its events one by one", rows.Count);
            return false;
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE outbox SET published_at = now(), attempts = attempts + 1, last_error = NULL WHERE position = ANY(@Positions)",
            new { Positions = rows.Select(r => r.Position).ToArray() }, tx, cancellationToken: ct));
        EventTelemetry.Published.Add(rows.Count);
        return true;
    }
}
