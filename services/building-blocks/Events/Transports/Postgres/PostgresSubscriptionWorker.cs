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
/// <para>
/// Replicas of a service compete for the work (ADR 0001, "Replicas"): every transaction that moves
/// a subscriber's cursor first takes that subscriber's transaction-level advisory lock
/// (<c>pg_try_advisory_xact_lock</c>, keyed by schema and subscriber) and then checks that the
/// cursor is still where the batch was read from. A replica that does not get the lock leaves the
/// subscriber to the one that has it this round; a batch read before another replica's commit is
/// dropped and read again. So one replica at a time delivers a subscriber's events, in order, and
/// different subscribers go to different replicas. Redeliveries are claimed with a lease
/// (<c>FOR UPDATE SKIP LOCKED</c>). Locks die with their connection, leases expire: a dead
/// replica's work moves on.
/// </para>
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
        string Subscriber, long CursorTx, long CursorPosition, long? PrunedTx, long? PrunedPosition, bool Behind,
        long? Tx, long? Position, Guid? EventId, string? Envelope);

    /// <summary>A subscriber's new events, and where its cursor was when they were read.</summary>
    private sealed record Batch(EventSubscription Subscription, long FromTx, long FromPosition, List<LogRow> Rows);

    private enum Claim
    {
        /// <summary>This transaction holds the subscriber and its cursor is where the batch starts.</summary>
        Claimed,
        /// <summary>Another replica holds the subscriber: it delivers these events.</summary>
        Busy,
        /// <summary>Another replica moved the cursor since the batch was read: read again.</summary>
        Stale,
    }

    /// <summary>
    /// How long a redelivery stays claimed by the replica that took it. Only matters when that
    /// replica dies mid-delivery: the event is due again after it.
    /// </summary>
    public static readonly TimeSpan RedeliveryLease = TimeSpan.FromMinutes(1);

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
        var batches = await ReadNewAsync(ct);
        // Each replica starts at a different subscriber, so replicas that woke together do not
        // all queue for the first one.
        var start = batches.Count == 0 ? 0 : Random.Shared.Next(batches.Count);
        for (var i = 0; i < batches.Count && !ct.IsCancellationRequested; i++)
        {
            var batch = batches[(start + i) % batches.Count];
            try
            {
                // Not cancelled by a shutdown: a batch begun is finished (the host waits for it up
                // to Service:ShutdownTimeout); the shutdown takes effect before the next one.
                delivered += await DeliverNewAsync(batch, CancellationToken.None);
            }
            catch (Exception e)
            {
                // The batch is read again next round; the other subscribers go on meanwhile.
                logger.LogWarning(e, "Subscriber {Subscriber}: delivery failed (could not reach the database?)", batch.Subscription.Name);
            }
        }
        return ct.IsCancellationRequested ? delivered : delivered + await RedeliverDueAsync(ct);
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
    private async Task<List<Batch>> ReadNewAsync(CancellationToken ct)
    {
        var byName = subscriptions.All.ToDictionary(s => s.Name, StringComparer.Ordinal);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // Only rows of transactions older than every running one: a row whose transaction
        // commits later cannot appear behind the cursor.
        var rows = await connection.QueryAsync<SubscriberLogRow>(new CommandDefinition(
            """
            SELECT s.name AS Subscriber, COALESCE(c.tx, 0) AS CursorTx, COALESCE(c.position, 0) AS CursorPosition, p.tx AS PrunedTx, p.position AS PrunedPosition, b.behind AS Behind,
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
        var batches = new List<Batch>();
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
            if (batches.Count == 0 || batches[^1].Subscription.Name != row.Subscriber)
                batches.Add(new Batch(subscription, row.CursorTx, row.CursorPosition, []));
            batches[^1].Rows.Add(new LogRow(row.Tx!.Value, row.Position!.Value, row.EventId.Value, row.Envelope!));
        }
        return batches;
    }

    /// <summary>
    /// The whole batch in one transaction that claims the subscriber first (<see cref="ClaimAsync"/>)
    /// and moves its cursor past the batch. If a handler fails, the batch is undone and its events run
    /// again one by one in the same transaction, so only the failing one is set aside
    /// (<see cref="EventDispatcher.TryDispatchBatchAsync"/>). Returns 0 when another replica holds the
    /// subscriber or has moved its cursor.
    /// </summary>
    private async Task<int> DeliverNewAsync(Batch batch, CancellationToken ct)
    {
        var subscription = batch.Subscription;
        var (rows, envelopes, unreadable) = Parse(batch.Rows);
        var last = rows[^1];
        var outcomes = await dispatcher.TryDispatchBatchAsync(subscription.Name, envelopes,
            (c, tx) => ClaimedAsync(c, tx, subscription.Name, batch.FromTx, batch.FromPosition, ct), ct,
            async (c, tx) =>
            {
                // An envelope that does not even parse is set aside like a failing one.
                if (unreadable is { } bad) await RecordFirstFailureAsync(c, tx, subscription, bad.Row.EventId, bad.Row.Envelope, bad.Error, ct);
                await AdvanceCursorAsync(c, tx, subscription.Name, last, ct);
            },
            (c, tx, envelope, error) => RecordFirstFailureAsync(c, tx, subscription, envelope.EventId, envelope.ToJson(), error, ct));
        return outcomes is null ? 0 : rows.Count;
    }

    /// <summary>
    /// The envelopes of the rows up to the first that does not parse (which is then the last row
    /// taken, to be set aside; it can only come from outside the platform).
    /// </summary>
    private static (List<LogRow> Rows, List<CloudEvent> Envelopes, (LogRow Row, Exception Error)? Unreadable) Parse(List<LogRow> rows)
    {
        var envelopes = new List<CloudEvent>(rows.Count);
        foreach (var row in rows)
        {
            try
            {
                envelopes.Add(CloudEvent.FromJson(row.Envelope));
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or ArgumentException or NotSupportedException)
            {
                return (rows.GetRange(0, envelopes.Count + 1), envelopes, (row, e));
            }
        }
        return (rows, envelopes, null);
    }

    private async Task<bool> ClaimedAsync(NpgsqlConnection c, NpgsqlTransaction tx, string subscriber, long fromTx, long fromPosition, CancellationToken ct)
    {
        var claim = await ClaimAsync(c, tx, subscriber, fromTx, fromPosition, ct);
        if (claim == Claim.Stale) signal.Pulse();
        if (claim != Claim.Claimed)
            logger.LogDebug("Subscriber {Subscriber}: {Claim}, left to another replica", subscriber, claim);
        return claim == Claim.Claimed;
    }

    /// <summary>
    /// Takes the subscriber for this transaction, if no other replica has it, and checks that its
    /// cursor is still at (<paramref name="fromTx"/>, <paramref name="fromPosition"/>). Two
    /// statements on purpose: in READ COMMITTED each statement reads a fresh snapshot, so the
    /// cursor is read after the lock is held and therefore sees the commit of the replica that held
    /// it before (its lock is released only once its commit is visible). In one statement the
    /// snapshot would predate the lock.
    /// </summary>
    private static async Task<Claim> ClaimAsync(NpgsqlConnection c, NpgsqlTransaction tx, string subscriber, long fromTx, long fromPosition, CancellationToken ct)
    {
        if (!await c.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT pg_try_advisory_xact_lock(hashtextextended('mentoring.eventbus/deliver/' || current_schema() || '/' || @subscriber, 0))",
                new { subscriber }, tx, cancellationToken: ct)))
            return Claim.Busy;
        // No row yet: the subscriber starts from (0, 0), as the read assumed.
        var cursor = await c.QuerySingleOrDefaultAsync<(long Tx, long Position)>(new CommandDefinition(
            "SELECT tx, position FROM event_cursor WHERE subscriber = @subscriber", new { subscriber }, tx, cancellationToken: ct));
        return cursor == (fromTx, fromPosition) ? Claim.Claimed : Claim.Stale;
    }

    /// <summary>
    /// Redelivers failed events whose time has come. They are claimed first, in one committed
    /// statement, by moving their next attempt a <see cref="RedeliveryLease"/> on (<c>FOR UPDATE
    /// SKIP LOCKED</c>), so each is redelivered by one replica; the outcome then replaces the lease.
    /// </summary>
    private async Task<int> RedeliverDueAsync(CancellationToken ct)
    {
        List<FailureRow> due;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            due = (await connection.QueryAsync<FailureRow>(new CommandDefinition(
                """
                UPDATE event_failure f SET next_attempt_at = now() + @Lease
                FROM (SELECT subscriber, event_id FROM event_failure
                      WHERE subscriber = ANY(@Names) AND dead_lettered_at IS NULL AND next_attempt_at <= now()
                      ORDER BY next_attempt_at
                      LIMIT @Limit
                      FOR UPDATE SKIP LOCKED) d
                WHERE f.subscriber = d.subscriber AND f.event_id = d.event_id
                RETURNING f.subscriber AS Subscriber, f.event_id AS EventId, f.envelope::text AS Envelope, f.attempts
                """,
                new { Names = subscriptions.All.Select(s => s.Name).ToArray(), Limit = options.BatchSize, Lease = RedeliveryLease },
                cancellationToken: ct))).ToList();
        }

        foreach (var failure in due)
        {
            var subscription = subscriptions.Get(failure.Subscriber);
            try
            {
                // Failed again: the attempt is recorded in the same transaction, replacing the
                // lease (and the attempt count moves on, so the DELETE then matches nothing).
                // Handled: the failure row goes in that transaction.
                await dispatcher.TryDispatchBatchAsync(subscription.Name, [CloudEvent.FromJson(failure.Envelope)], claim: null, ct,
                    (c, tx) => c.ExecuteAsync(new CommandDefinition(
                        "DELETE FROM event_failure WHERE subscriber = @Name AND event_id = @EventId AND attempts = @Attempts",
                        new { subscription.Name, failure.EventId, failure.Attempts }, tx, cancellationToken: ct)),
                    (c, tx, _, e) => RecordRepeatedFailureAsync(c, tx, subscription, failure, e, ct));
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is not NpgsqlException and not TimeoutException)
            {
                // The envelope does not parse: count the attempt all the same.
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                await RecordRepeatedFailureAsync(connection, null, subscription, failure, e, ct);
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

    /// <summary>Sets a failed event aside, in the delivery's transaction (which moves the cursor past it).</summary>
    private async Task RecordFirstFailureAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, EventSubscription subscription, Guid eventId, string envelope, Exception error, CancellationToken ct)
    {
        EventTelemetry.HandlerFailures.Add(1);
        var deadLetter = options.MaxDeliveryAttempts <= 1;
        logger.LogWarning(error, "Subscriber {Subscriber} failed on event {EventId} (attempt 1)", subscription.Name, eventId);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO event_failure (subscriber, event_id, topic, envelope, attempts, next_attempt_at, last_error, dead_lettered_at)
            VALUES (@Name, @EventId, @Topic, @Envelope::jsonb, 1, @Next, @Error, CASE WHEN @DeadLetter THEN now() END)
            ON CONFLICT (subscriber, event_id) DO NOTHING
            """,
            new
            {
                subscription.Name, EventId = eventId, subscription.Event.Topic, Envelope = envelope, DeadLetter = deadLetter,
                Next = clock.GetUtcNow() + options.DeliveryBackoff.DelayAfter(1, Random.Shared.NextDouble()),
                Error = FailureSummary.Of(error),
            }, tx, cancellationToken: ct));
        if (deadLetter) EventTelemetry.DeadLettered.Add(1);
    }

    private async Task RecordRepeatedFailureAsync(
        NpgsqlConnection connection, NpgsqlTransaction? tx, EventSubscription subscription, FailureRow failure, Exception error, CancellationToken ct)
    {
        EventTelemetry.HandlerFailures.Add(1);
        var attempts = failure.Attempts + 1;
        var deadLetter = attempts >= options.MaxDeliveryAttempts;
        logger.LogWarning(error, "Subscriber {Subscriber} failed on event {EventId} (attempt {Attempt}{DeadLetter})",
            subscription.Name, failure.EventId, attempts, deadLetter ? ", dead-lettered" : "");
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE event_failure
            SET attempts = @attempts, last_error = @Error, next_attempt_at = @Next,
                dead_lettered_at = CASE WHEN @deadLetter THEN now() END
            WHERE subscriber = @Name AND event_id = @EventId AND attempts = @Before -- not when another replica recorded this attempt (after the lease)
            """,
            new
            {
                attempts, deadLetter, Before = failure.Attempts, subscription.Name, failure.EventId, Error = FailureSummary.Of(error),
                Next = clock.GetUtcNow() + options.DeliveryBackoff.DelayAfter(attempts, Random.Shared.NextDouble()),
            }, tx, cancellationToken: ct));
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
