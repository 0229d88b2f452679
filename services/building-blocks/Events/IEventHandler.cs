using Google.Protobuf;
using Npgsql;

namespace Mentoring.BuildingBlocks.Events;

/// <summary>
/// Handles one integration event type for one subscriber. The handler's writes go through
/// <see cref="EventContext.Connection"/> and <see cref="EventContext.Transaction"/>, the same
/// transaction that records the event id in the inbox, so its effect happens once per event.
/// </summary>
public interface IEventHandler<in TEvent> where TEvent : IMessage<TEvent>
{
    Task HandleAsync(TEvent @event, EventContext context, CancellationToken ct);
}

/// <summary>
/// A handler that can also take several events of one organisation at once, in the order they were
/// published, when the transport delivers a batch (one statement for many events instead of one per
/// event). Its effect must be that of <see cref="IEventHandler{TEvent}.HandleAsync"/> on each in turn.
/// </summary>
public interface IEventBatchHandler<TEvent> : IEventHandler<TEvent> where TEvent : IMessage<TEvent>
{
    /// <param name="events">At least one; every context shares one connection, transaction and tenant.</param>
    Task HandleBatchAsync(IReadOnlyList<(TEvent Event, EventContext Context)> events, CancellationToken ct);
}

public sealed record EventContext(CloudEvent Envelope, NpgsqlConnection Connection, NpgsqlTransaction Transaction)
{
    public string TenantId => Envelope.TenantId;
}
