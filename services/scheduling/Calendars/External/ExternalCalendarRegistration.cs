using Microsoft.Extensions.Options;

namespace Mentoring.Scheduling.Calendars.External;

public static class ExternalCalendarRegistration
{
    /// <summary>Published calendars: settings, the fetching client, the handlers and the background sweeper.</summary>
    public static WebApplicationBuilder AddExternalCalendars(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<ExternalCalendarOptions>(builder.Configuration.GetSection("Scheduling"));
        builder.Services.AddHttpClient(ExternalCalendarFetcher.ClientName, (sp, client) =>
            {
                // The fetcher bounds the whole fetch itself; this is the backstop.
                client.Timeout = sp.GetRequiredService<IOptions<ExternalCalendarOptions>>().Value.ExternalCalendarTimeout + TimeSpan.FromSeconds(5);
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Mentoring-Scheduling/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(sp => ExternalCalendarFetcher.Handler(sp.GetRequiredService<IOptions<ExternalCalendarOptions>>().Value))
            // Calendar addresses often hold their owner's secret: the factory's request logs would print them.
            .RemoveAllLoggers();
        builder.Services.AddSingleton<ExternalCalendarFetcher>();
        builder.Services.AddSingleton<ExternalCalendarSync>();
        builder.Services.AddScoped<ExternalCalendarHandlers>();
        builder.Services.AddSingleton<ExternalCalendarSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ExternalCalendarSweeper>());
        return builder;
    }
}
