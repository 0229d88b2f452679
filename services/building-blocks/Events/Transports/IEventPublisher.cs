namespace Mentoring.BuildingBlocks.Events.Transports;

/// <summary>Hands one event to the transport. Throws when the transport did not accept it.</summary>
public interface IEventPublisher
{
    Task PublishAsync(string topic, CloudEvent envelope, CancellationToken ct);
}
