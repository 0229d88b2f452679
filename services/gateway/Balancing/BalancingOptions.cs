namespace Mentoring.Gateway.Balancing;

/// <summary>
/// Configuration section <c>Gateway:Balancing</c>: how every cluster spreads requests over its
/// destinations and takes an unhealthy one out (<see cref="BalancingDefaults"/>). A cluster that
/// sets its own <c>LoadBalancingPolicy</c> or <c>HealthCheck</c> in <c>ReverseProxy</c> keeps it.
/// </summary>
public sealed class BalancingOptions
{
    public const string Section = "Gateway:Balancing";

    /// <summary>A YARP load-balancing policy: PowerOfTwoChoices (the less busy of two at random), RoundRobin, LeastRequests, …</summary>
    public string Policy { get; set; } = "PowerOfTwoChoices";

    /// <summary>How often each destination's <c>/healthz/ready</c> is asked.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a probe may take before it counts as failed.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Failed probes in a row that take a destination out (one good probe puts it back).</summary>
    public int ProbeFailureThreshold { get; set; } = 2;

    /// <summary>
    /// Passive health: a destination whose requests failed at the transport level, 30 % or more of at
    /// least 10 in this period, is taken out for this long before it is tried again.
    /// </summary>
    public TimeSpan ReactivationPeriod { get; set; } = TimeSpan.FromSeconds(10);

    public static BalancingOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<BalancingOptions>() ?? new BalancingOptions();
        if (options.ProbeInterval <= TimeSpan.Zero) throw Invalid("ProbeInterval", "must be positive");
        if (options.ProbeTimeout <= TimeSpan.Zero) throw Invalid("ProbeTimeout", "must be positive");
        if (options.ProbeFailureThreshold < 1) throw Invalid("ProbeFailureThreshold", "must be at least 1");
        if (options.ReactivationPeriod <= TimeSpan.Zero) throw Invalid("ReactivationPeriod", "must be positive");
        return options;
    }

    private static InvalidOperationException Invalid(string key, string why) => new($"{Section}:{key} {why}");
}
