namespace Mentoring.BuildingBlocks.Events.Transports;

/// <summary>Hands one event to the transport. Throws when the transport did not accept it.</summary>
public interface IEventPublisher
{
    Task PublishAsync(string topic, CloudEvent envelope, CancellationToken ct);
}

/// <summary>
/// A transport that takes several events at once, all or none (the outbox relay then marks them
/// published together, and retries them one by one when the batch is refused).
/// </summary>
public interface IBatchEventPublisher : IEventPublisher
{
    Task PublishBatchAsync(IReadOnlyList<(string Topic, CloudEvent Envelope)> events, CancellationToken ct);
}
