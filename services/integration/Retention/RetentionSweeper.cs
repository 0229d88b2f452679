using Dapper;
using Mentoring.BuildingBlocks.Persistence;
using Mentoring.BuildingBlocks.Tenancy;
using Npgsql;

namespace Mentoring.Integration.Retention;

/// <summary>
/// Deletes what is past retention (docs/integration.md, "Retention"), every
/// <see cref="RetentionOptions.SweepInterval"/>: per organisation, the oldest events of the partner
/// log, as a prefix (the kept part stays dense) that stops at the first event still wanted by a
/// pending or retrying delivery; and deliveries that ended before their window. One replica sweeps
/// at a time (an advisory lock; the others skip the round), in small transactions that take no lock
/// an append or a delivery waits for.
/// </summary>
public sealed class RetentionSweeper(
    NpgsqlDataSource dataSource, RetentionOptions options, MigrationStatus migrations, TimeProvider clock,
    ILogger<RetentionSweeper> logger) : BackgroundService
{
    public const string LockKey = "mentoring.integration/retention";

    public sealed record Swept(int Events, int Deliveries);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await migrations.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var swept = await SweepAsync(stoppingToken);
                if (swept is { Events: > 0 } or { Deliveries: > 0 })
                    logger.LogInformation("Retention deleted {Events} partner events and {Deliveries} deliveries", swept.Events, swept.Deliveries);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "The retention sweep could not reach the database");
            }
            await Task.Delay(options.SweepInterval, clock, stoppingToken);
        }
    }

    /// <summary>One sweep of every organisation; nothing when another replica is sweeping.</summary>
    public async Task<Swept> SweepAsync(CancellationToken ct)
    {
        await using var c = await dataSource.OpenConnectionAsync(ct);
        if (!await c.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT pg_try_advisory_lock(hashtextextended(@LockKey, 0))", new { LockKey }, cancellationToken: ct)))
            return new Swept(0, 0);
        try
        {
            var total = new Swept(0, 0);
            foreach (var tenant in await TenantsAsync(c, ct))
                while (true)
                {
                    var batch = await BatchAsync(c, tenant, ct);
                    total = new Swept(total.Events + batch.Events, total.Deliveries + batch.Deliveries);
                    if (batch.Events < options.BatchSize && batch.Deliveries < options.BatchSize) break;
                }
            return total;
        }
        finally
        {
            // A broken connection has released the lock with its session.
            try
            {
                await c.ExecuteAsync(new CommandDefinition(
                    "SELECT pg_advisory_unlock(hashtextextended(@LockKey, 0))", new { LockKey }, cancellationToken: CancellationToken.None));
            }
            catch (NpgsqlException) { }
        }
    }

    private static async Task<List<string>> TenantsAsync(NpgsqlConnection c, CancellationToken ct)
    {
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("SELECT set_config('app.retention_sweep', 'on', true)", transaction: tx, cancellationToken: ct));
        var tenants = (await c.QueryAsync<string>(new CommandDefinition(
            "SELECT tenant_id FROM partner_log_head ORDER BY tenant_id", transaction: tx, cancellationToken: ct))).ToList();
        await tx.CommitAsync(ct);
        return tenants;
    }

    /// <summary>Deletes up to a batch of the organisation's expired events and of its ended deliveries, in one transaction.</summary>
    private async Task<Swept> BatchAsync(NpgsqlConnection c, string tenant, CancellationToken ct)
    {
        await using var tx = await c.BeginTransactionAsync(ct);
        await TenantScope.EnterAsync(c, tx, tenant, ct);
        var events = await c.QuerySingleAsync<(int Count, long? Through)>(new CommandDefinition(
            """
            WITH oldest AS (
                SELECT position, recorded_at FROM partner_event
                WHERE tenant_id = @tenant ORDER BY position LIMIT @BatchSize),
            kept AS (
                SELECT min(o.position) AS position FROM oldest o
                WHERE o.recorded_at >= now() - @PartnerLog
                   OR EXISTS (SELECT 1 FROM webhook_delivery d
                              WHERE d.tenant_id = @tenant AND d.position = o.position AND d.state IN (1, 3))),
            gone AS (
                DELETE FROM partner_event e USING oldest o
                WHERE e.tenant_id = @tenant AND e.position = o.position
                  AND o.position < coalesce((SELECT position FROM kept), 9223372036854775807)
                RETURNING e.position)
            SELECT count(*)::int, max(position) FROM gone
            """, new { tenant, options.BatchSize, options.PartnerLog }, tx, cancellationToken: ct));
        if (events.Through is { } through)
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO partner_log_horizon (tenant_id, pruned_through) VALUES (@tenant, @through)
                ON CONFLICT (tenant_id) DO UPDATE SET pruned_through = greatest(partner_log_horizon.pruned_through, excluded.pruned_through)
                """, new { tenant, through }, tx, cancellationToken: ct));
        var deliveries = await c.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM webhook_delivery WHERE tenant_id = @tenant AND id IN (
                SELECT id FROM webhook_delivery
                WHERE tenant_id = @tenant AND state IN (2, 4) AND finished_at < now() - @Deliveries
                ORDER BY finished_at LIMIT @BatchSize FOR UPDATE SKIP LOCKED)
            """, new { tenant, options.BatchSize, options.Deliveries }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new Swept(events.Count, deliveries);
    }
}
