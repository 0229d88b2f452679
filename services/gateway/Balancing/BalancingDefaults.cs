using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;

namespace Mentoring.Gateway.Balancing;

/// <summary>
/// Gives every cluster of the <c>ReverseProxy</c> section the gateway's balancing unless it sets its
/// own: the load-balancing policy, an active probe of each destination's <c>/healthz/ready</c>
/// (asked with the cluster's HTTP version, so gRPC clusters probe over HTTP/2), and passive health
/// (a destination whose requests fail at the transport level is taken out for
/// <see cref="BalancingOptions.ReactivationPeriod"/>). When every destination of a cluster is
/// unhealthy, all of them are tried (HealthyOrPanic): a single instance answers, or fails, as
/// without health checks, and a database outage that fails every readiness probe does not turn
/// into 503s from the gateway itself.
/// </summary>
public sealed class BalancingDefaults(BalancingOptions options) : IProxyConfigFilter
{
    public const string ReadinessPath = "/healthz/ready";

    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel) =>
        ValueTask.FromResult(cluster with
        {
            LoadBalancingPolicy = cluster.LoadBalancingPolicy ?? options.Policy,
            HealthCheck = cluster.HealthCheck ?? new HealthCheckConfig
            {
                AvailableDestinationsPolicy = HealthCheckConstants.AvailableDestinations.HealthyOrPanic,
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = options.ProbeInterval,
                    Timeout = options.ProbeTimeout,
                    Policy = "ConsecutiveFailures",
                    Path = ReadinessPath,
                },
                Passive = new PassiveHealthCheckConfig
                {
                    Enabled = true,
                    Policy = "TransportFailureRate",
                    ReactivationPeriod = options.ReactivationPeriod,
                },
            },
            Metadata = WithThreshold(cluster.Metadata),
        });

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel) =>
        ValueTask.FromResult(route);

    private IReadOnlyDictionary<string, string> WithThreshold(IReadOnlyDictionary<string, string>? metadata)
    {
        var threshold = ConsecutiveFailuresHealthPolicyOptions.ThresholdMetadataName;
        if (metadata?.ContainsKey(threshold) == true) return metadata;
        return new Dictionary<string, string>(metadata ?? new Dictionary<string, string>())
        {
            [threshold] = options.ProbeFailureThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
