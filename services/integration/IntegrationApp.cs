using Mentoring.BuildingBlocks.Protection;
using Google.Protobuf.Reflection;
using Mentoring.BuildingBlocks.Hosting;
using Mentoring.Contracts.Events.V1;
using Mentoring.Integration.PartnerLog;
using Mentoring.Integration.Retention;
using Mentoring.Integration.Secrets;
using Mentoring.Integration.Webhooks;
using Mentoring.Integration.WatchEvents;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;

namespace Mentoring.Integration;

/// <summary>The integration service: the partner event log, WatchEvents and webhooks (docs/integration.md).</summary>
public static class IntegrationApp
{
    public const string Name = "integration";

    public static WebApplication Create(string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder.Configuration);
        builder.AddServiceDefaults(Name, typeof(IntegrationApp).Assembly, IntegrationPolicies.Table);
        var services = builder.Services;

        var options = builder.Configuration.GetSection(IntegrationOptions.Section).Get<IntegrationOptions>() ?? new IntegrationOptions();
        services.AddSingleton(options);

        // One subscription per event type partners may see (PartnerEventPolicy).
        services.AddPartnerLog();
        services.AddSingleton<PartnerLogSignal>();
        services.AddHostedService(sp => sp.GetRequiredService<PartnerLogSignal>());
        services.AddScoped<WatchEventsHandler>();

        // Webhooks: administrators' endpoints, signed deliveries with retries and dead letters.
        var webhooks = builder.Configuration.GetSection(WebhookOptions.Section).Get<WebhookOptions>() ?? new WebhookOptions();
        services.AddSingleton(webhooks);
        services.AddScoped<WebhookHandlers>();
        services.AddHttpClient(WebhookSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => WebhookHttpHandler.Create(webhooks))
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan); // the sender's own timeout applies
        services.AddHostedService<WebhookSender>();

        // Webhook secrets are sealed by a master key from configuration (Integration:Encryption).
        services.AddMasterKeys(builder.Configuration, "Integration:Encryption", "mentoring-dev-only-integration-k"u8.ToArray());
        services.AddSingleton<WebhookSecrets>();
        services.AddHostedService<SecretSealing>();

        // Retention of the partner log and of ended deliveries.
        var retention = builder.Configuration.GetSection(RetentionOptions.Section).Get<RetentionOptions>() ?? new RetentionOptions();
        retention.Validate();
        services.AddSingleton(retention);
        services.AddSingleton<RetentionSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionSweeper>());

        // REST renders an event's data (google.protobuf.Any) by its type: the events are in the registry too.
        services.PostConfigure<GrpcJsonTranscodingOptions>(o =>
            o.TypeRegistry = TypeRegistry.FromMessages([.. ServiceDefaults.ErrorDetails, .. EventsReflection.Descriptor.MessageTypes]));

        var app = builder.Build();
        // Fails start-up, not the first webhook, when no master key is configured.
        app.Services.GetRequiredService<MasterKeys>();
        app.MapServiceDefaults();
        app.MapApi<IntegrationGrpcService>();
        return app;
    }
}
