using Dapper;
using Mentoring.BuildingBlocks.Persistence;
using Mentoring.BuildingBlocks.Tenancy;

namespace Mentoring.Feedback.Health;

/// <summary>
/// Looks again at active relationships whose health is due (time alone makes one at risk: no
/// meeting for weeks, an unanswered fit check). Rows are claimed with SKIP LOCKED, so replicas
/// share the work; each relationship is evaluated inside its own organisation.
/// </summary>
public sealed class HealthSweeper(ServiceDatabase db, HealthMonitor monitor, MigrationStatus migrations, IConfiguration configuration,
    ILogger<HealthSweeper> logger) : BackgroundService
{
    public const string IntervalSetting = "Feedback:HealthSweepSeconds";
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(configuration.GetValue(IntervalSetting, 60));
        try { await migrations.WaitAsync(stoppingToken); }
        catch (OperationCanceledException) { return; }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await SweepOnceAsync(stoppingToken) == BatchSize) { }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Health sweep failed; retried at the next interval");
            }
            try { await Task.Delay(interval, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Evaluates one batch of due relationships; returns how many.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken ct) =>
        await db.InTransactionAsync(async (c, tx, token) =>
        {
            var due = (await c.QueryAsync<(string TenantId, Guid RelationshipId)>(new CommandDefinition(
                "SELECT tenant_id, relationship_id FROM health_check_due WHERE due_at <= now() ORDER BY due_at LIMIT @BatchSize FOR UPDATE SKIP LOCKED",
                new { BatchSize }, tx, cancellationToken: token))).ToList();
            foreach (var (tenantId, relationshipId) in due)
            {
                await TenantScope.EnterAsync(c, tx, tenantId, token);
                await monitor.EvaluateAsync(c, tx, tenantId, relationshipId, token);
            }
            return due.Count;
        }, ct);
}
