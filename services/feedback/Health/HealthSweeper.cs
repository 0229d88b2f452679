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

    /// <summary>
    /// Evaluates one batch of due relationships; returns how many. The batch is leased first (due again
    /// in five minutes, committed), then each relationship is evaluated in a transaction of its own, so
    /// the sweeper never holds a due row while it waits for a relationship that an event is evaluating.
    /// </summary>
    public async Task<int> SweepOnceAsync(CancellationToken ct)
    {
        var due = await db.InTransactionAsync(async (c, tx, token) => (await c.QueryAsync<(string TenantId, Guid RelationshipId)>(new CommandDefinition(
            """
            UPDATE health_check_due d SET due_at = now() + interval '5 minutes'
            FROM (SELECT tenant_id, relationship_id FROM health_check_due WHERE due_at <= now()
                  ORDER BY due_at LIMIT @BatchSize FOR UPDATE SKIP LOCKED) claimed
            WHERE d.tenant_id = claimed.tenant_id AND d.relationship_id = claimed.relationship_id
            RETURNING d.tenant_id, d.relationship_id
            """, new { BatchSize }, tx, cancellationToken: token))).ToList(), ct);
        foreach (var (tenantId, relationshipId) in due)
            await db.InTransactionAsync(async (c, tx, token) =>
            {
                await TenantScope.EnterAsync(c, tx, tenantId, token);
                await monitor.EvaluateAsync(c, tx, tenantId, relationshipId, token);
                return 0;
            }, ct);
        return due.Count;
    }
}
