using Google.Protobuf.Reflection;
using Mentoring.BuildingBlocks.Hosting;
using Mentoring.Contracts.Events.V1;
using Mentoring.Integration.PartnerLog;
using Mentoring.Integration.WatchEvents;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;

namespace Mentoring.Integration;

/// <summary>The integration service: the partner event log and WatchEvents (docs/integration.md).</summary>
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

        // REST renders an event's data (google.protobuf.Any) by its type: the events are in the registry too.
        services.PostConfigure<GrpcJsonTranscodingOptions>(o =>
            o.TypeRegistry = TypeRegistry.FromMessages([.. ServiceDefaults.ErrorDetails, .. EventsReflection.Descriptor.MessageTypes]));

        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapApi<IntegrationGrpcService>();
        return app;
    }
}
