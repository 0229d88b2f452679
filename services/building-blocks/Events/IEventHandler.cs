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

public sealed record EventContext(CloudEvent Envelope, NpgsqlConnection Connection, NpgsqlTransaction Transaction)
{
    public string TenantId => Envelope.TenantId;
}
