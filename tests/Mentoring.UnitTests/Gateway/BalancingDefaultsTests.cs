using Mentoring.Gateway.Balancing;
using Yarp.ReverseProxy.Configuration;

namespace Mentoring.UnitTests.Gateway;

/// <summary>What every cluster of the gateway gets from <c>Gateway:Balancing</c>, and what a cluster's own settings keep.</summary>
public class BalancingDefaultsTests
{
    private static readonly BalancingOptions Options = new() { ProbeInterval = TimeSpan.FromSeconds(3), ProbeFailureThreshold = 4 };

    private static Task<ClusterConfig> Configure(ClusterConfig cluster) =>
        new BalancingDefaults(Options).ConfigureClusterAsync(cluster, CancellationToken.None).AsTask();

    [Fact]
    public async Task A_cluster_without_settings_of_its_own_is_balanced_and_probes_readiness_actively_and_passively()
    {
        var cluster = await Configure(new ClusterConfig { ClusterId = "profile-grpc" });

        Assert.Equal("PowerOfTwoChoices", cluster.LoadBalancingPolicy);
        Assert.Equal("HealthyOrPanic", cluster.HealthCheck!.AvailableDestinationsPolicy);
        Assert.Equal(true, cluster.HealthCheck.Active!.Enabled);
        Assert.Equal("/healthz/ready", cluster.HealthCheck.Active.Path);
        Assert.Equal(TimeSpan.FromSeconds(3), cluster.HealthCheck.Active.Interval);
        Assert.Equal("ConsecutiveFailures", cluster.HealthCheck.Active.Policy);
        Assert.Equal("4", cluster.Metadata!["ConsecutiveFailuresHealthPolicy.Threshold"]);
        Assert.Equal(true, cluster.HealthCheck.Passive!.Enabled);
        Assert.Equal("TransportFailureRate", cluster.HealthCheck.Passive.Policy);
        Assert.Equal(TimeSpan.FromSeconds(10), cluster.HealthCheck.Passive.ReactivationPeriod);
    }

    [Fact]
    public async Task A_cluster_that_sets_its_own_policy_health_check_or_threshold_keeps_them()
    {
        var own = new HealthCheckConfig { Active = new ActiveHealthCheckConfig { Enabled = false } };
        var cluster = await Configure(new ClusterConfig
        {
            ClusterId = "identity",
            LoadBalancingPolicy = "RoundRobin",
            HealthCheck = own,
            Metadata = new Dictionary<string, string> { ["ConsecutiveFailuresHealthPolicy.Threshold"] = "7", ["other"] = "kept" },
        });

        Assert.Equal("RoundRobin", cluster.LoadBalancingPolicy);
        Assert.Same(own, cluster.HealthCheck);
        Assert.Equal("7", cluster.Metadata!["ConsecutiveFailuresHealthPolicy.Threshold"]);
        Assert.Equal("kept", cluster.Metadata["other"]);
    }
}
