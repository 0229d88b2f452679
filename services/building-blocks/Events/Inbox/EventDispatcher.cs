using Dapper;
using Google.Protobuf;
using Mentoring.BuildingBlocks.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Mentoring.BuildingBlocks.Events.Inbox;

public enum DispatchOutcome
{
    /// <summary>The handler ran and its effect is committed.</summary>
    Handled,
    /// <summary>The inbox already held this event id for this subscriber: nothing was done again.</summary>
    Duplicate,
    /// <summary>
    /// The handler failed; its work was undone and the failure handed to the caller's callback in the
    /// same transaction (<see cref="EventDispatcher.TryDispatchBatchAsync"/> with <c>onFailure</c>).
    /// </summary>
    Failed,
}

/// <summary>
/// Runs a subscriber's handler for one envelope, or for a batch of them, whatever transport
/// delivered it: the inbox rows and the handler's writes commit in one transaction, so redelivery
/// has no second effect.
/// </summary>
public sealed class EventDispatcher(NpgsqlDataSource dataSource, EventSubscriptions subscriptions, IServiceScopeFactory scopes)
{
    /// <param name="alsoInTransaction">Extra work committed atomically with the handler (e.g. advancing a cursor).</param>
    public async Task<DispatchOutcome> DispatchAsync(
        string subscriber, CloudEvent envelope, CancellationToken ct,
        Func<NpgsqlConnection, NpgsqlTransaction, Task>? alsoInTransaction = null) =>
        (await DispatchBatchAsync(subscriber, [envelope], ct, alsoInTransaction))[0];

    /// <summary>
    /// Handles every envelope in order in one transaction: all their effects commit together, or
    /// none does (a failing handler rolls the whole batch back; the caller then retries the events
    /// one by one to find the failing one). One transaction per batch instead of per event is what
    /// lets a subscriber keep up with a busy topic.
    /// </summary>
    public async Task<IReadOnlyList<DispatchOutcome>> DispatchBatchAsync(
        string subscriber, IReadOnlyList<CloudEvent> envelopes, CancellationToken ct,
        Func<NpgsqlConnection, NpgsqlTransaction, Task>? alsoInTransaction = null) =>
        (await TryDispatchBatchAsync(subscriber, envelopes, claim: null, ct, alsoInTransaction))!;

    /// <summary>
    /// As <see cref="DispatchBatchAsync"/>, with two additions for a transport that competes with
    /// other replicas for the work (the postgres transport):
    /// <list type="bullet">
    /// <item><paramref name="claim"/> runs first in the new transaction; when it returns false (e.g.
    /// another replica holds the subscriber) the transaction rolls back untouched and the result is null.</item>
    /// <item>With <paramref name="onFailure"/>, a failing handler does not end the transaction: the
    /// batch runs under a savepoint; if it fails it is undone and its events run again one by one,
    /// each under a savepoint of its own, and a failing one is undone alone and handed to
    /// <paramref name="onFailure"/> (to set it aside) in the same transaction. So the claim is held
    /// from the first attempt to the commit, and no other replica can run the batch meanwhile.</item>
    /// </list>
    /// </summary>
    public async Task<IReadOnlyList<DispatchOutcome>?> TryDispatchBatchAsync(
        string subscriber, IReadOnlyList<CloudEvent> envelopes, Func<NpgsqlConnection, NpgsqlTransaction, Task<bool>>? claim,
        CancellationToken ct, Func<NpgsqlConnection, NpgsqlTransaction, Task>? alsoInTransaction = null,
        Func<NpgsqlConnection, NpgsqlTransaction, CloudEvent, Exception, Task>? onFailure = null)
    {
        var subscription = subscriptions.Get(subscriber);
        if (onFailure is null) CheckTypes(subscription, envelopes);

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (claim is not null && !await claim(connection, tx))
        {
            await tx.RollbackAsync(ct);
            return null;
        }

        IReadOnlyList<DispatchOutcome>? outcomes = null;
        if (onFailure is null)
            outcomes = await HandleAllAsync(subscription, envelopes, connection, tx, ct);
        else
        {
            if (envelopes.Count > 1)
            {
                await tx.SaveAsync("batch", ct);
                try
                {
                    CheckTypes(subscription, envelopes);
                    outcomes = await HandleAllAsync(subscription, envelopes, connection, tx, ct);
                    await tx.ReleaseAsync("batch", ct);
                }
                catch (Exception) when (!ct.IsCancellationRequested)
                {
                    await tx.RollbackAsync("batch", ct);
                }
            }
            if (outcomes is null)
            {
                var each = new DispatchOutcome[envelopes.Count];
                for (var i = 0; i < envelopes.Count; i++)
                {
                    await tx.SaveAsync("event", ct);
                    try
                    {
                        CheckTypes(subscription, [envelopes[i]]);
                        each[i] = (await HandleAllAsync(subscription, [envelopes[i]], connection, tx, ct))[0];
                        await tx.ReleaseAsync("event", ct);
                    }
                    catch (Exception e) when (!ct.IsCancellationRequested)
                    {
                        await tx.RollbackAsync("event", ct);
                        each[i] = DispatchOutcome.Failed;
                        await onFailure(connection, tx, envelopes[i], e);
                    }
                }
                outcomes = each;
            }
        }
        if (alsoInTransaction is not null) await alsoInTransaction(connection, tx);
        await tx.CommitAsync(ct);

        EventTelemetry.Handled.Add(outcomes.Count(o => o == DispatchOutcome.Handled));
        return outcomes;
    }

    private static void CheckTypes(EventSubscription subscription, IReadOnlyList<CloudEvent> envelopes)
    {
        foreach (var envelope in envelopes)
            if (envelope.Type != subscription.Event.TypeName)
                throw new InvalidOperationException($"{subscription.Name} handles {subscription.Event.TypeName}, not {envelope.Type}.");
    }

    /// <summary>Records the envelopes in the inbox and runs the handler on the fresh ones, in order.</summary>
    private async Task<DispatchOutcome[]> HandleAllAsync(
        EventSubscription subscription, IReadOnlyList<CloudEvent> envelopes, NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        // One statement records the whole batch in the inbox; those it had already are duplicates.
        var fresh = (await connection.QueryAsync<Guid>(new CommandDefinition(
            """
            INSERT INTO inbox (subscriber, event_id) SELECT @Name, id FROM unnest(@Ids) AS id
            ON CONFLICT DO NOTHING RETURNING event_id
            """, new { subscription.Name, Ids = envelopes.Select(e => e.EventId).ToArray() }, tx, cancellationToken: ct))).ToHashSet();

        var outcomes = new DispatchOutcome[envelopes.Count];
        var pending = new List<(IMessage Event, EventContext Context)>();
        string? tenant = null;
        for (var i = 0; i < envelopes.Count; i++)
        {
            var envelope = envelopes[i];
            var first = fresh.Remove(envelope.EventId);
            outcomes[i] = first ? DispatchOutcome.Handled : DispatchOutcome.Duplicate;
            if (!first) continue;
            if (envelope.TenantId != tenant)
            {
                await HandleAsync(subscription, pending, ct);
                await TenantScope.EnterAsync(connection, tx, tenant = envelope.TenantId, ct);
            }
            pending.Add((envelope.ParseData(), new EventContext(envelope, connection, tx)));
        }
        await HandleAsync(subscription, pending, ct);
        return outcomes;
    }

    /// <summary>
    /// Runs the handler on consecutive fresh events of one organisation: at once when it takes
    /// batches, else one by one; then forgets them.
    /// </summary>
    private async Task HandleAsync(EventSubscription subscription, List<(IMessage Event, EventContext Context)> events, CancellationToken ct)
    {
        if (events.Count == 0) return;
        if (subscription.InvokeBatch is { } batch && events.Count > 1)
        {
            using var activity = EventTelemetry.StartHandling(events[0].Context.Envelope, subscription.Name);
            activity?.SetTag("mentoring.event.batch", events.Count);
            await using var scope = scopes.CreateAsyncScope();
            await batch(scope.ServiceProvider, events, ct);
        }
        else
        {
            foreach (var (message, context) in events)
            {
                using var activity = EventTelemetry.StartHandling(context.Envelope, subscription.Name);
                await using var scope = scopes.CreateAsyncScope();
                await subscription.Invoke(scope.ServiceProvider, message, context, ct);
            }
        }
        events.Clear();
    }
}
