using Dapper;
using Mentoring.BuildingBlocks.Persistence;
using Microsoft.Extensions.Options;

namespace Mentoring.Scheduling.Calendars.External;

/// <summary>
/// Syncs every linked calendar every <see cref="ExternalCalendarOptions.ExternalCalendarSyncInterval"/>,
/// looking for due ones every <see cref="SchedulingOptions.SweepInterval"/>. Due calendars are found
/// in <c>external_calendar_due</c> (ids and times only, across tenants) and claimed with
/// <c>FOR UPDATE SKIP LOCKED</c> by moving their due time one interval on in the same statement, so
/// with several replicas each due calendar is fetched once; a replica that dies mid-sync leaves it
/// to the next interval. Each sync then runs bound to the calendar's tenant.
/// </summary>
public sealed class ExternalCalendarSweeper(
    ServiceDatabase db, ExternalCalendarSync sync, TimeProvider clock, IOptions<ExternalCalendarOptions> options,
    IOptions<SchedulingOptions> scheduling, ILogger<ExternalCalendarSweeper> logger) : BackgroundService
{
    public const int Batch = 20;
    private const int Parallelism = 4;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(scheduling.Value.SweepInterval);
        do
        {
            try
            {
                while (await SweepAsync(stoppingToken) >= Batch) { }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "External calendar sweep failed; retrying at the next tick");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private sealed record Due(string TenantId, Guid PersonId);

    /// <summary>Claims and syncs one batch of due calendars; returns how many it claimed.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var next = now + options.Value.ExternalCalendarSyncInterval;
        var due = (await db.InTransactionAsync((c, tx, token) => c.QueryAsync<Due>(new CommandDefinition(
            """
            UPDATE external_calendar_due d SET due_at = @next
            FROM (SELECT tenant_id, person_id FROM external_calendar_due WHERE due_at <= @now
                  ORDER BY due_at LIMIT @Batch FOR UPDATE SKIP LOCKED) AS claimed
            WHERE d.tenant_id = claimed.tenant_id AND d.person_id = claimed.person_id
            RETURNING d.tenant_id AS TenantId, d.person_id AS PersonId
            """, new { now, next, Batch }, tx, cancellationToken: token)), ct)).ToList();

        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (d, token) =>
        {
            try
            {
                await sync.SyncAsync(d.TenantId, d.PersonId, token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The calendar stays claimed until its next interval; the error is ours (the database), not the calendar's.
                logger.LogWarning(e, "Sync of an external calendar of tenant {Tenant} failed", d.TenantId);
            }
        });
        return due.Count;
    }
}
