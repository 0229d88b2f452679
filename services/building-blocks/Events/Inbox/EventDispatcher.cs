using Dapper;
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
/// Runs a subscriber's handler for one envelope, whatever transport delivered it: the inbox row
/// and the handler's writes commit in one transaction, so redelivery has no second effect.
/// </summary>
public sealed class EventDispatcher(NpgsqlDataSource dataSource, EventSubscriptions subscriptions, IServiceScopeFactory scopes)
{
    /// <param name="alsoInTransaction">Extra work committed atomically with the handler (e.g. advancing a cursor).</param>
    public async Task<DispatchOutcome> DispatchAsync(
        string subscriber, CloudEvent envelope, CancellationToken ct,
        Func<NpgsqlConnection, NpgsqlTransaction, Task>? alsoInTransaction = null)
    {
        var subscription = subscriptions.Get(subscriber);
        if (envelope.Type != subscription.Event.TypeName)
            throw new InvalidOperationException($"{subscriber} handles {subscription.Event.TypeName}, not {envelope.Type}.");

        using var activity = EventTelemetry.StartHandling(envelope, subscriber);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await TenantScope.EnterAsync(connection, tx, envelope.TenantId, ct);
        var first = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO inbox (subscriber, event_id) VALUES (@subscriber, @Id) ON CONFLICT DO NOTHING",
            new { subscriber, Id = envelope.EventId }, tx, cancellationToken: ct)) == 1;

        if (first)
        {
            var message = envelope.ParseData();
            await using var scope = scopes.CreateAsyncScope();
            await subscription.Invoke(scope.ServiceProvider, message, new EventContext(envelope, connection, tx), ct);
        }
        if (alsoInTransaction is not null) await alsoInTransaction(connection, tx);
        await tx.CommitAsync(ct);

        activity?.SetTag("mentoring.event.duplicate", !first);
        if (first) EventTelemetry.Handled.Add(1);
        return first ? DispatchOutcome.Handled : DispatchOutcome.Duplicate;
    }
}
