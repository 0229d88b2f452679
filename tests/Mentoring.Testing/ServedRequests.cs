using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Mentoring.Testing;

/// <summary>
/// Counts the requests one running service has answered, by route, from ASP.NET Core's own
/// <c>http.server.request.duration</c> measurements of that app (its meters are scoped to its
/// <see cref="IMeterFactory"/>, so other hosts in the test process do not count). Tells a test
/// which instance behind a proxy served its requests without changing the service.
/// </summary>
public sealed class ServedRequests : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<string, int> byRoute = new();

    public ServedRequests(RunningService service)
    {
        var meters = service.Services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Meter.Name == "Microsoft.AspNetCore.Hosting"
                && instrument.Name == "http.server.request.duration")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            var route = "";
            foreach (var tag in tags)
                if (tag.Key == "http.route") route = tag.Value as string ?? "";
            byRoute.AddOrUpdate(route, 1, (_, n) => n + 1);
        });
        listener.Start();
    }

    /// <summary>Requests answered so far on routes that start with <paramref name="routePrefix"/>.</summary>
    public int On(string routePrefix) =>
        byRoute.Where(r => r.Key.StartsWith(routePrefix, StringComparison.Ordinal)).Sum(r => r.Value);

    /// <summary>Every route answered so far and how often (for failure messages).</summary>
    public override string ToString() => string.Join(", ", byRoute.OrderBy(r => r.Key).Select(r => $"{r.Key}: {r.Value}"));

    public void Dispose() => listener.Dispose();
}
