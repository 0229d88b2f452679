using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Mentoring.BuildingBlocks.Persistence;

/// <summary>Ready = the database answers and this service's migrations are applied.</summary>
public sealed class DatabaseReadyCheck(NpgsqlDataSource dataSource, MigrationStatus migrations) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!migrations.IsApplied)
            return HealthCheckResult.Unhealthy($"migrations not applied: {migrations.LastError ?? "in progress"}");
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("database unreachable", e);
        }
    }
}
