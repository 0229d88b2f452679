using System.Text.Json;
using Dapr;
using Mentoring.BuildingBlocks.Events.Inbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mentoring.BuildingBlocks.Events.Transports.Dapr;

/// <summary>
/// The endpoints the Dapr sidecar calls: <c>GET /dapr/subscribe</c> lists one route per
/// subscriber, each with a dead-letter topic <c>{topic}.dead-letter</c>; the route unwraps the
/// CloudEvent (<c>UseCloudEvents</c>, attributes forwarded as <c>Cloudevent.*</c> headers) and hands
/// it to the same dispatcher and handlers as the postgres transport. A failure answers RETRY, so
/// Dapr's resiliency policy redelivers and finally dead-letters.
/// </summary>
public static class DaprSubscriptionEndpoints
{
    public const string RoutePrefix = "/dapr/events/";

    public static WebApplication MapDaprSubscriptions(this WebApplication app, EventingOptions options)
    {
        app.UseCloudEvents(new CloudEventsMiddlewareOptions { ForwardCloudEventPropertiesAsHeaders = true });
        app.MapSubscribeHandler();
        foreach (var subscription in app.Services.GetRequiredService<EventSubscriptions>().All)
        {
            app.MapPost(RoutePrefix + subscription.Name, (HttpContext http, EventDispatcher dispatcher, ILoggerFactory logs) =>
                    FromSidecar(http, options)
                        ? DeliverAsync(http, subscription, dispatcher, logs.CreateLogger(typeof(DaprSubscriptionEndpoints)))
                        : Task.FromResult(Results.Unauthorized()))
                .WithTopic(new TopicOptions
                {
                    PubsubName = options.PubSubName,
                    Name = subscription.Event.Topic,
                    DeadLetterTopic = subscription.Event.Topic + ".dead-letter",
                })
                .ExcludeFromDescription();
        }
        return app;
    }

    /// <summary>
    /// With <c>Events:AppApiToken</c> set (the sidecar's APP_API_TOKEN), only calls carrying it in
    /// <c>dapr-api-token</c> are deliveries; without it the route relies on network policy.
    /// </summary>
    private static bool FromSidecar(HttpContext http, EventingOptions options) =>
        string.IsNullOrEmpty(options.AppApiToken) ||
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(http.Request.Headers["dapr-api-token"].ToString()),
            System.Text.Encoding.UTF8.GetBytes(options.AppApiToken));

    private static async Task<IResult> DeliverAsync(HttpContext http, EventSubscription subscription, EventDispatcher dispatcher, ILogger logger)
    {
        CloudEvent envelope;
        try
        {
            envelope = await ReadEnvelopeAsync(http);
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException)
        {
            logger.LogWarning(e, "Dropping malformed event for {Subscriber}", subscription.Name);
            return Results.Ok(new { status = "DROP" });
        }
        try
        {
            await dispatcher.DispatchAsync(subscription.Name, envelope, http.RequestAborted);
            return Results.Ok(new { status = "SUCCESS" });
        }
        catch (Exception e) when (!http.RequestAborted.IsCancellationRequested)
        {
            EventTelemetry.HandlerFailures.Add(1);
            logger.LogWarning(e, "Subscriber {Subscriber} failed on event {EventId}", subscription.Name, envelope.Id);
            return Results.Json(new { status = "RETRY" }, statusCode: StatusCodes.Status500InternalServerError);
        }
    }

    /// <summary>Rebuilds our envelope from the body (the event's data) and the forwarded attributes.</summary>
    private static async Task<CloudEvent> ReadEnvelopeAsync(HttpContext http)
    {
        string Attribute(string name) => http.Request.Headers["Cloudevent." + name] is { Count: > 0 } v
            ? v.ToString()
            : throw new KeyNotFoundException($"CloudEvent attribute {name} missing");
        using var data = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        return new CloudEvent
        {
            Id = Guid.Parse(Attribute("id")).ToString(),
            Source = Attribute("source"),
            Type = Attribute("type"),
            Time = http.Request.Headers["Cloudevent.time"] is { Count: > 0 } t ? DateTimeOffset.Parse(t.ToString(), System.Globalization.CultureInfo.InvariantCulture) : DateTimeOffset.UtcNow,
            TraceParent = http.Request.Headers["Cloudevent.traceparent"].ToString() is { Length: > 0 } tp ? tp : null,
            TenantId = Attribute("tenantid"),
            Data = data.RootElement.Clone(),
        };
    }
}
