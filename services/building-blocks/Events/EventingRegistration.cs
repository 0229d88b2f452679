using Dapr.Client;
using Mentoring.BuildingBlocks.Events.Inbox;
using Mentoring.BuildingBlocks.Events.Operations;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Events.Transports;
using Mentoring.BuildingBlocks.Events.Transports.Dapr;
using Mentoring.BuildingBlocks.Events.Transports.Postgres;
using Mentoring.BuildingBlocks.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mentoring.BuildingBlocks.Events;

/// <summary>Outbox, relay, inbox and the transport chosen by <c>Events:Transport</c>.</summary>
public static class EventingRegistration
{
    public static WebApplicationBuilder AddEventing(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(EventingOptions.Section).Get<EventingOptions>() ?? new EventingOptions();
        var services = builder.Services;
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        if (!services.Any(d => d.ServiceType == typeof(EventSubscriptions))) services.AddSingleton(new EventSubscriptions());

        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<SubscriberSignal>();
        services.AddSingleton<LogGaps>();
        services.AddSingleton<Outbox.Outbox>();
        services.AddSingleton<EventDispatcher>();
        services.AddSingleton<EventOperations>();
        services.AddHostedService<OutboxRelay>();
        services.AddSingleton<Housekeeping.EventTablePruning>();
        services.AddHostedService(sp => sp.GetRequiredService<Housekeeping.EventTablePruning>());

        if (options.UsesDapr)
        {
            services.AddDaprClient();
            services.AddSingleton<IEventPublisher, DaprEventPublisher>();
        }
        else
        {
            services.AddSingleton<IEventPublisher, PostgresEventPublisher>();
            services.AddSingleton<PostgresSubscriptionWorker>();
            services.AddHostedService(sp => sp.GetRequiredService<PostgresSubscriptionWorker>());
            services.AddSingleton<PostgresLogRetention>();
            services.AddHostedService(sp => sp.GetRequiredService<PostgresLogRetention>());
            services.AddHealthChecks().AddCheck<LogGapHealthCheck>("event-log", tags: ["ready", ReadinessText.Explained]);
        }
        return builder;
    }

    public static WebApplication MapEventEndpoints(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<EventingOptions>();
        if (options.UsesDapr) app.MapDaprSubscriptions(options);
        app.MapEventOperations();
        return app;
    }
}
