using Dapper;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Persistence;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Matching.V1;

namespace Mentoring.Matching.Relationships.TimeBox;

/// <summary>
/// Ends relationships whose programme time box elapsed: every <c>Matching:TimeBoxSweepSeconds</c> (default 60)
/// it takes due deadlines, binds each one's tenant, and moves a relationship still working (accepted to active)
/// to CLOSING with TIME_ELAPSED, with its history row and event, in one transaction per relationship. A deadline
/// of a relationship that already ended, or is still only proposed, is simply dropped.
/// </summary>
public sealed class TimeBoxSweeper(ServiceDatabase db, Outbox outbox, IConfiguration configuration, ILogger<TimeBoxSweeper> logger) : BackgroundService
{
    public const int Batch = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Matching:TimeBoxSweepSeconds", 60)));
        using var timer = new PeriodicTimer(every);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Time-box sweep failed; retrying at the next tick");
            }
        }
    }

    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var due = (await db.InTransactionAsync((c, tx, token) => c.QueryAsync<(string Tenant, Guid Id)>(new CommandDefinition(
            "SELECT tenant_id, relationship_id FROM relationship_deadline WHERE ends_at <= now() ORDER BY ends_at LIMIT @Batch",
            new { Batch }, tx, cancellationToken: token)), ct)).ToList();
        foreach (var (tenant, id) in due)
            await db.InTransactionAsync(async (c, tx, token) =>
            {
                await TenantScope.EnterAsync(c, tx, tenant, token);
                var state = await c.QuerySingleOrDefaultAsync<short?>(new CommandDefinition(
                    "SELECT state FROM relationship WHERE tenant_id = @tenant AND id = @id FOR UPDATE", new { tenant, id }, tx, cancellationToken: token));
                if (state is >= 2 and <= 5)
                {
                    await c.ExecuteAsync(new CommandDefinition(
                        "UPDATE relationship SET state = 6, close_reason = @reason, version = version + 1, updated_at = now() WHERE tenant_id = @tenant AND id = @id",
                        new { tenant, id, reason = (short)CloseReason.TimeElapsed }, tx, cancellationToken: token));
                    await RelationshipStore.AppendChangeAsync(c, tx, tenant, id, RelationshipState.Closing, RelationshipView.SystemActor,
                        "The programme's time box elapsed.", token);
                    var updated = (await RelationshipStore.LoadAsync(c, tx, tenant, id, token))!;
                    await outbox.EnqueueAsync(updated.ToEvent((RelationshipState)state.Value), tenant, c, tx, token);
                }
                await c.ExecuteAsync(new CommandDefinition(
                    "DELETE FROM relationship_deadline WHERE tenant_id = @tenant AND relationship_id = @id", new { tenant, id }, tx, cancellationToken: token));
                return true;
            }, ct);
        return due.Count;
    }
}
