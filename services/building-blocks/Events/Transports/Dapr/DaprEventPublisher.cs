using Dapr.Client;

namespace Mentoring.BuildingBlocks.Events.Transports.Dapr;

/// <summary>
/// Publishes through the Dapr sidecar (gRPC <c>PublishEvent</c>). The envelope is sent as
/// <c>application/cloudevents+json</c>, so Dapr forwards our CloudEvent as-is instead of wrapping it.
/// </summary>
public sealed class DaprEventPublisher(DaprClient dapr, EventingOptions options) : IEventPublisher
{
    public Task PublishAsync(string topic, CloudEvent envelope, CancellationToken ct) =>
        dapr.PublishByteEventAsync(options.PubSubName, topic, System.Text.Encoding.UTF8.GetBytes(envelope.ToJson()),
            CloudEvent.MediaType, cancellationToken: ct);
}
