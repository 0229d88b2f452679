using Dapper;
using Mentoring.BuildingBlocks.Events.Inbox;
using Mentoring.BuildingBlocks.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Mentoring.BuildingBlocks.Events.Transports.Postgres;

/// <summary>
/// Delivers events from the shared log to this service's subscribers. Each subscriber has a
/// cursor in the service's own schema, advanced in the same transaction as the handler's effect.
/// A failing event does not block the ones behind it: it moves to <c>event_failure</c>, is
/// redelivered with exponential backoff, and after <see cref="EventingOptions.MaxDeliveryAttempts"/>
/// attempts stays there as a dead letter until replayed. LISTEN/NOTIFY wakes the worker; a poll
/// covers lost notifications. Each cursor is copied to the shared <c>eventbus.subscriber</c> in
/// the same transaction, for the retention sweep; a subscriber whose unread events were deleted is
/// held back and reported in <see cref="LogGaps"/> rather than silently skipping them
/// (docs/adr/0001-postgres-event-transport.md, "Retention").
/// </summary>
public sealed class PostgresSubscriptionWorker(
    NpgsqlDataSource dataSource,
    EventSubscriptions subscriptions,
    EventDispatcher dispatcher,
    SubscriberSignal signal,
    MigrationStatus migrations,
    EventingOptions options,
    TimeProvider clock,
    LogGaps gaps,
    ILogger<PostgresSubscriptionWorker> logger) : BackgroundService
{
    private const string Channel = "eventbus_appended";

    private sealed record LogRow(long Tx, long Position, Guid EventId, string Envelope);

    private sealed record SubscriberLogRow(
        string Subscriber, long? PrunedTx, long? PrunedPosition, bool Behind, long? Tx, long? Position, Guid? EventId, string? Envelope);

    private sealed record FailureRow(string Subscriber, Guid EventId, string Envelope, int Attempts);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (subscriptions.All.Count == 0)
        {
            registration.TrySetResult();
            return;
        }
        await migrations.WaitAsync(stoppingToken);
        _ = Task.Run(() => ListenAsync(stoppingToken), stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var delivered = 0;
            try
            {
                delivered = await PumpAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "The subscribers could not reach the database");
            }
            if (delivered == 0) await signal.WaitAsync(options.PollInterval, stoppingToken);
        }
    }

    /// <summary>
    /// Delivers what is new on the log for every subscriber, then what is due for redelivery;
    /// returns the count. One query finds the new events of all subscribers at once, so a service
    /// with many subscriptions does not pay a round trip per subscriber to learn that most are idle.
    /// </summary>
    private async Task<int> PumpAsync(CancellationToken ct)
    {
        if (!Registered.IsCompleted)
        {
            await RegisterAsync(ct);
            registration.TrySetResult();
        }
        var delivered = 0;
        foreach (var batch in await ReadNewAsync(ct))
        {
            try
            {
                delivered += await DeliverNewAsync(batch.Subscription, batch.Rows, ct);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "Subscriber {Subscriber} could not reach the database", batch.Subscription.Name);
            }
        }
        return delivered + await RedeliverDueAsync(ct);
    }

    private readonly TaskCompletionSource registration = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Done once this service's subscribers are known to the retention sweep (at once when it has none).</summary>
    public Task Registered => registration.Task;

    /// <summary>
    /// Makes this service's subscribers known to the retention sweep (with the position of their
    /// cursor), so it never deletes what they have not read. Replicas may all do it; a position
    /// only moves forward.
    /// </summary>
    private async Task RegisterAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO eventbus.subscriber AS r (subscriber, topic, tx, position)
            SELECT s.name, s.topic, COALESCE(c.tx, 0), COALESCE(c.position, 0)
            FROM unnest(@Names::text[], @Topics::text[]) AS s (name, topic)
            LEFT JOIN event_cursor c ON c.subscriber = s.name
            ON CONFLICT (service, subscriber) DO UPDATE SET topic = excluded.topic, seen_at = now(),
                tx = CASE WHEN (r.tx, r.position) < (excluded.tx, excluded.position) THEN excluded.tx ELSE r.tx END,
                position = CASE WHEN (r.tx, r.position) < (excluded.tx, excluded.position) THEN excluded.position ELSE r.position END
            """,
            new { Names = subscriptions.All.Select(s => s.Name).ToArray(), Topics = subscriptions.All.Select(s => s.Event.Topic).ToArray() },
            cancellationToken: ct));
    }

    /// <summary>
    /// Each subscriber's new events, in the order the subscribers were declared. In the same
    /// snapshot, whether retention deleted events of its topic it had not read: such a subscriber
    /// gets no events until it is bootstrapped (<see cref="HandleGapAsync"/>).
    /// </summary>
    private async Task<List<(EventSubscription Subscription, List<LogRow> Rows)>> ReadNewAsync(CancellationToken ct)
    {
        var byName = subscriptions.All.ToDictionary(s => s.Name, StringComparer.Ordinal);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // Only rows of transactions older than every running one: a row whose transaction
        // commits later cannot appear behind the cursor.
        var rows = await connection.QueryAsync<SubscriberLogRow>(new CommandDefinition(
            """
            SELECT s.name AS Subscriber, p.tx AS PrunedTx, p.position AS PrunedPosition, b.behind AS Behind,
                   l.tx, l.position, l.event_id AS EventId, l.envelope::text AS Envelope
            FROM unnest(@Names::text[], @Topics::text[]) WITH ORDINALITY AS s (name, topic, ord)
            LEFT JOIN event_cursor c ON c.subscriber = s.name
            LEFT JOIN eventbus.log_pruned p ON p.topic = s.topic
            CROSS JOIN LATERAL (
                SELECT p.topic IS NOT NULL AND (COALESCE(c.tx, 0), COALESCE(c.position, 0)) < (p.tx, p.position) AS behind) b
            LEFT JOIN LATERAL (
                SELECT tx, position, event_id, envelope
                FROM eventbus.log
                WHERE NOT b.behind
                  AND topic = s.topic
                  AND (tx, position) > (COALESCE(c.tx, 0), COALESCE(c.position, 0))
                  AND tx < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
                ORDER BY tx, position
                LIMIT @Limit) l ON true
            ORDER BY s.ord, l.tx, l.position
            """,
            new { Names = byName.Keys.ToArray(), Topics = byName.Values.Select(s => s.Event.Topic).ToArray(), Limit = options.BatchSize },
            cancellationToken: ct));
        var batches = new List<(EventSubscription Subscription, List<LogRow> Rows)>();
        foreach (var row in rows)
        {
            var subscription = byName[row.Subscriber];
            if (row.Behind)
            {
                await HandleGapAsync(connection, subscription, row.PrunedTx!.Value, row.PrunedPosition!.Value, ct);
                continue;
            }
            gaps.Clear(subscription.Name);
            if (row.EventId is null) continue;
            if (batches.Count == 0 || batches[^1].Subscription.Name != row.Subscriber) batches.Add((subscription, []));
            batches[^1].Rows.Add(new LogRow(row.Tx!.Value, row.Position!.Value, row.EventId.Value, row.Envelope!));
        }
        return batches;
    }

    /// <summary>
    /// The whole batch in one transaction with the cursor moved past it; if any handler fails, the
    /// batch rolls back and its events go one at a time, so only the failing one is set aside.
    /// </summary>
    private async Task<int> DeliverNewAsync(EventSubscription subscription, List<LogRow> rows, CancellationToken ct)
    {
        if (rows.Count > 1)
        {
            try
            {
                await dispatcher.DispatchBatchAsync(subscription.Name, rows.Select(r => CloudEvent.FromJson(r.Envelope)).ToList(), ct,
                    (c, tx) => AdvanceCursorAsync(c, tx, subscription.Name, rows[^1], ct));
                return rows.Count;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogDebug(e, "Subscriber {Subscriber}: a batch of {Count} failed; delivering its events one by one", subscription.Name, rows.Count);
            }
        }

        foreach (var row in rows)
        {
            try
            {
                await dispatcher.DispatchAsync(subscription.Name, CloudEvent.FromJson(row.Envelope), ct,
                    (c, tx) => AdvanceCursorAsync(c, tx, subscription.Name, row, ct));
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                await RecordFirstFailureAsync(subscription, row, e, ct);
            }
        }
        return rows.Count;
    }

    private async Task<int> RedeliverDueAsync(CancellationToken ct)
    {
        List<FailureRow> due;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            due = (await connection.QueryAsync<FailureRow>(new CommandDefinition(
                """
                SELECT subscriber AS Subscriber, event_id AS EventId, envelope::text AS Envelope, attempts
                FROM event_failure
                WHERE subscriber = ANY(@Names) AND dead_lettered_at IS NULL AND next_attempt_at <= now()
                ORDER BY next_attempt_at
                LIMIT @Limit
                """,
                new { Names = subscriptions.All.Select(s => s.Name).ToArray(), Limit = options.BatchSize },
                cancellationToken: ct))).ToList();
        }

        foreach (var failure in due)
        {
            var subscription = subscriptions.Get(failure.Subscriber);
            try
            {
                await dispatcher.DispatchAsync(subscription.Name, CloudEvent.FromJson(failure.Envelope), ct,
                    (c, tx) => c.ExecuteAsync(new CommandDefinition(
                        "DELETE FROM event_failure WHERE subscriber = @Name AND event_id = @EventId",
                        new { subscription.Name, failure.EventId }, tx, cancellationToken: ct)));
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                await RecordRepeatedFailureAsync(subscription, failure, e, ct);
            }
        }
        return due.Count;
    }

    /// <summary>
    /// Retention deleted events the subscriber had not read. Listed in <c>Events:AcceptPrunedLog</c>:
    /// it moves to the last deleted event and goes on from the oldest retained one. Otherwise it is
    /// held and reported, loudly, until an operator bootstraps it (docs/operations.md, "Event log retention").
    /// </summary>
    private async Task HandleGapAsync(NpgsqlConnection connection, EventSubscription subscription, long prunedTx, long prunedPosition, CancellationToken ct)
    {
        if (options.AcceptPrunedLog.Contains(subscription.Name, StringComparer.Ordinal))
        {
            logger.LogWarning(
                "Subscriber {Subscriber} starts after the events of {Topic} deleted by retention, up to ({Tx}, {Position}), as Events:AcceptPrunedLog allows",
                subscription.Name, subscription.Event.Topic, prunedTx, prunedPosition);
            await using var tx = await connection.BeginTransactionAsync(ct);
            await MoveCursorAsync(connection, tx, subscription.Name, prunedTx, prunedPosition, ct);
            await tx.CommitAsync(ct);
            gaps.Clear(subscription.Name);
            signal.Pulse();
            return;
        }
        var gap = new LogGap(subscription.Name, subscription.Event.Topic, prunedTx, prunedPosition, clock.GetUtcNow());
        if (gaps.Report(gap)) logger.LogError("{Message}", gap.Message);
    }

    private Task AdvanceCursorAsync(NpgsqlConnection c, NpgsqlTransaction tx, string subscriber, LogRow row, CancellationToken ct) =>
        MoveCursorAsync(c, tx, subscriber, row.Tx, row.Position, ct);

    /// <summary>
    /// Moves the cursor forward, and its copy for the retention sweep in the same transaction (an
    /// upsert, so a copy deleted by hand while the service runs comes back).
    /// </summary>
    private Task MoveCursorAsync(NpgsqlConnection c, NpgsqlTransaction tx, string subscriber, long txId, long position, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO event_cursor (subscriber, tx, position) VALUES (@subscriber, @TxId, @Position)
            ON CONFLICT (subscriber) DO UPDATE SET tx = excluded.tx, position = excluded.position
            WHERE (event_cursor.tx, event_cursor.position) < (excluded.tx, excluded.position);
            INSERT INTO eventbus.subscriber AS r (subscriber, topic, tx, position) VALUES (@subscriber, @Topic, @TxId, @Position)
            ON CONFLICT (service, subscriber) DO UPDATE SET tx = excluded.tx, position = excluded.position
            WHERE (r.tx, r.position) < (excluded.tx, excluded.position);
            """, new { subscriber, subscriptions.Get(subscriber).Event.Topic, TxId = txId, Position = position }, tx, cancellationToken: ct));

    private async Task RecordFirstFailureAsync(EventSubscription subscription, LogRow row, Exception error, CancellationToken ct)
    {
        EventTelemetry.HandlerFailures.Add(1);
        var deadLetter = options.MaxDeliveryAttempts <= 1;
        logger.LogWarning(error, "Subscriber {Subscriber} failed on event {EventId} (attempt 1)", subscription.Name, row.EventId);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO event_failure (subscriber, event_id, topic, envelope, attempts, next_attempt_at, last_error, dead_lettered_at)
            VALUES (@Name, @EventId, @Topic, @Envelope::jsonb, 1, @Next, @Error, CASE WHEN @DeadLetter THEN now() END)
            ON CONFLICT (subscriber, event_id) DO NOTHING
            """,
            new
            {
                subscription.Name, row.EventId, subscription.Event.Topic, row.Envelope, DeadLetter = deadLetter,
                Next = clock.GetUtcNow() + options.DeliveryBackoff.DelayAfter(1, Random.Shared.NextDouble()),
                Error = error.GetBaseException().Message,
            }, tx, cancellationToken: ct));
        await AdvanceCursorAsync(connection, tx, subscription.Name, row, ct);
        await tx.CommitAsync(ct);
        if (deadLetter) EventTelemetry.DeadLettered.Add(1);
    }

    private async Task RecordRepeatedFailureAsync(EventSubscription subscription, FailureRow failure, Exception error, CancellationToken ct)
    {
        EventTelemetry.HandlerFailures.Add(1);
        var attempts = failure.Attempts + 1;
        var deadLetter = attempts >= options.MaxDeliveryAttempts;
        logger.LogWarning(error, "Subscriber {Subscriber} failed on event {EventId} (attempt {Attempt}{DeadLetter})",
            subscription.Name, failure.EventId, attempts, deadLetter ? ", dead-lettered" : "");
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE event_failure
            SET attempts = @attempts, last_error = @Error, next_attempt_at = @Next,
                dead_lettered_at = CASE WHEN @deadLetter THEN now() END
            WHERE subscriber = @Name AND event_id = @EventId
            """,
            new
            {
                attempts, deadLetter, subscription.Name, failure.EventId, Error = error.GetBaseException().Message,
                Next = clock.GetUtcNow() + options.DeliveryBackoff.DelayAfter(attempts, Random.Shared.NextDouble()),
            }, cancellationToken: ct));
        if (deadLetter) EventTelemetry.DeadLettered.Add(1);
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                connection.Notification += (_, _) => signal.Pulse();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(ct);
                while (!ct.IsCancellationRequested) await connection.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "LISTEN {Channel} lost; reconnecting (polling meanwhile)", Channel);
                await Task.Delay(options.PollInterval, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}

/// <summary>Wakes the subscription worker: a NOTIFY arrived or a dead letter was replayed.</summary>
public sealed class SubscriberSignal : WakeSignal;
