using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy;

namespace Mentoring.Gateway.Health;

/// <summary>
/// The gateway is ready when every cluster has at least one destination whose
/// <c>/healthz/ready</c> answers 200, asked with the protocol version the cluster uses.
/// </summary>
public sealed class DestinationsReadyCheck(IProxyStateLookup proxy, IHttpClientFactory clients) : IHealthCheck
{
    public const string HttpClientName = "destination-probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var client = clients.CreateClient(HttpClientName);
        client.Timeout = TimeSpan.FromSeconds(3);
        var results = await Task.WhenAll(proxy.GetClusters().Select(async cluster =>
        {
            var version = cluster.Model.Config.HttpRequest?.Version ?? HttpVersion.Version11;
            var ready = false;
            foreach (var destination in cluster.Destinations.Values)
                ready |= await ProbeAsync(client, destination.Model.Config.Address, version, ct);
            return (cluster.ClusterId, ready);
        }));

        var data = results.ToDictionary(r => r.ClusterId, r => (object)(r.ready ? "ready" : "not ready"));
        var down = results.Where(r => !r.ready).Select(r => r.ClusterId).ToList();
        return down.Count == 0
            ? HealthCheckResult.Healthy("all destinations ready", data)
            : HealthCheckResult.Unhealthy("not ready: " + string.Join(", ", down), data: data);
    }

    private static async Task<bool> ProbeAsync(HttpClient client, string address, Version version, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(address), "/healthz/ready"))
            {
                Version = version,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            using var response = await client.SendAsync(request, ct);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>Writes the status and each cluster's readiness as JSON.</summary>
    public static Task WriteReport(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            clusters = report.Entries.SelectMany(e => e.Value.Data).ToDictionary(d => d.Key, d => d.Value),
        }));
    }
}
