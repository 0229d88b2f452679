using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mentoring.BuildingBlocks.Events.Transports.Postgres;

/// <summary>Not ready while a subscriber is held back for a bootstrap (docs/operations.md, "Event log retention").</summary>
public sealed class LogGapHealthCheck(LogGaps gaps) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var all = gaps.All;
        return Task.FromResult(all.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy(string.Join(" ", all.Select(g => g.Message))));
    }
}
