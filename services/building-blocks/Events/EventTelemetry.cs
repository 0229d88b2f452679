using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Mentoring.BuildingBlocks.Events;

/// <summary>Traces and counters of the event pipeline (outbox relay, deliveries).</summary>
public static class EventTelemetry
{
    public const string SourceName = "Mentoring.Events";
    public static readonly ActivitySource Source = new(SourceName);
    private static readonly Meter Meter = new(SourceName);
    public static readonly Counter<long> Published = Meter.CreateCounter<long>("mentoring.events.published");
    public static readonly Counter<long> PublishFailures = Meter.CreateCounter<long>("mentoring.events.publish_failures");
    public static readonly Counter<long> Handled = Meter.CreateCounter<long>("mentoring.events.handled");
    public static readonly Counter<long> HandlerFailures = Meter.CreateCounter<long>("mentoring.events.handler_failures");
    public static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("mentoring.events.dead_lettered");

    /// <summary>Starts a consumer span continuing the producer's trace carried in the envelope.</summary>
    public static Activity? StartHandling(CloudEvent envelope, string subscriber)
    {
        ActivityContext.TryParse(envelope.TraceParent, null, out var parent);
        var activity = Source.StartActivity($"handle {envelope.Type}", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.message.id", envelope.Id);
        activity?.SetTag("messaging.consumer.group.name", subscriber);
        activity?.SetTag("mentoring.tenant", envelope.TenantId);
        return activity;
    }
}
