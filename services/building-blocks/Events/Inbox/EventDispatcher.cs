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
        Func<NpgsqlConnection, NpgsqlTransaction, Task>? alsoInTransaction = null)
    {
        var subscription = subscriptions.Get(subscriber);
        foreach (var envelope in envelopes)
            if (envelope.Type != subscription.Event.TypeName)
                throw new InvalidOperationException($"{subscriber} handles {subscription.Event.TypeName}, not {envelope.Type}.");

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
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
        if (alsoInTransaction is not null) await alsoInTransaction(connection, tx);
        await tx.CommitAsync(ct);

        EventTelemetry.Handled.Add(outcomes.Count(o => o == DispatchOutcome.Handled));
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
