using Dapper;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Persistence;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Scheduling.Meetings;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Mentoring.Scheduling.Reminders;

/// <summary>
/// The durable reminder scheduler. Due work is computed from <c>meeting_clock</c> (kept by a
/// trigger on every meeting change), so nothing is scheduled in memory and a restart loses
/// nothing: after downtime the next sweep finds everything that fell due meanwhile. Each reminder
/// is recorded in <c>reminder_sent</c> in the same transaction as its event goes to the outbox,
/// and rows are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so with several replicas each is
/// emitted exactly once. A reminder falls away when the meeting starts first, or when the
/// meeting was booked or moved after it was due; a moved meeting gets its reminders again.
/// </summary>
public sealed class ReminderSweeper(ServiceDatabase db, Outbox outbox, TimeProvider clock, IOptions<SchedulingOptions> options, ILogger<ReminderSweeper> logger)
    : BackgroundService
{
    public const int Batch = 500;
    public const short BeforeKind = 1;
    public const short AttendanceKind = 2;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        do
        {
            try
            {
                while (await SweepAsync(stoppingToken) >= Batch) { }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Reminder sweep failed; retrying at the next tick");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private sealed record Due(string TenantId, Guid MeetingId, int Minutes, DateTime StartAt);

    /// <summary>One batch of each kind of due work; returns how many items it handled.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var o = options.Value;
        var offsets = o.EffectiveReminderOffsets.Select(t => (int)t.TotalMinutes).Distinct().ToArray();
        var done = 0;
        done += await db.InTransactionAsync(async (c, tx, token) =>
        {
            var due = (await c.QueryAsync<Due>(new CommandDefinition(
                """
                SELECT c.tenant_id AS TenantId, c.meeting_id AS MeetingId, o.minutes AS Minutes, c.start_at AS StartAt
                FROM meeting_clock c CROSS JOIN unnest(@offsets) AS o(minutes)
                WHERE c.state IN (1, 2) AND c.start_at > @now
                  AND c.start_at - make_interval(mins => o.minutes) <= @now
                  AND c.start_at - make_interval(mins => o.minutes) >= c.changed_at
                  AND NOT EXISTS (SELECT 1 FROM reminder_sent s
                                  WHERE s.tenant_id = c.tenant_id AND s.meeting_id = c.meeting_id AND s.kind = @kind
                                    AND s.offset_minutes = o.minutes AND s.start_at = c.start_at)
                ORDER BY c.start_at LIMIT @Batch
                FOR UPDATE OF c SKIP LOCKED
                """, new { offsets, now, kind = BeforeKind, Batch }, tx, cancellationToken: token))).ToList();
            foreach (var d in due)
                await EmitAsync(c, tx, d, BeforeKind, m => new MeetingReminderDue
                {
                    Meeting = m.Name, Relationship = RelationshipOf(m), Participants = { m.Participants },
                    StartTime = MeetingRecord.Utc(m.StartAt), OffsetMinutes = d.Minutes,
                }, token);
            return due.Count;
        }, ct);
        done += await db.InTransactionAsync(async (c, tx, token) =>
        {
            var due = (await c.QueryAsync<Due>(new CommandDefinition(
                """
                SELECT c.tenant_id AS TenantId, c.meeting_id AS MeetingId, 0 AS Minutes, c.start_at AS StartAt
                FROM meeting_clock c
                WHERE c.state IN (1, 2) AND c.end_at + @after <= @now AND c.end_at + @window > @now
                  AND NOT EXISTS (SELECT 1 FROM reminder_sent s
                                  WHERE s.tenant_id = c.tenant_id AND s.meeting_id = c.meeting_id AND s.kind = @kind AND s.start_at = c.start_at)
                ORDER BY c.end_at LIMIT @Batch
                FOR UPDATE OF c SKIP LOCKED
                """, new { now, after = o.AttendanceDueAfter, window = o.AttendanceWindow, kind = AttendanceKind, Batch }, tx, cancellationToken: token))).ToList();
            foreach (var d in due)
                await EmitAsync(c, tx, d, AttendanceKind, m => new AttendanceDue
                {
                    Meeting = m.Name, Relationship = RelationshipOf(m), Participants = { m.Participants }, EndTime = MeetingRecord.Utc(m.EndAt),
                }, token);
            return due.Count;
        }, ct);
        done += await db.InTransactionAsync(async (c, tx, token) =>
        {
            var expired = (await c.QueryAsync<(string TenantId, Guid MeetingId)>(new CommandDefinition(
                """
                SELECT tenant_id, meeting_id FROM meeting_clock WHERE state IN (1, 2) AND end_at + @window <= @now
                ORDER BY end_at LIMIT @Batch FOR UPDATE SKIP LOCKED
                """, new { now, window = o.AttendanceWindow, Batch }, tx, cancellationToken: token))).ToList();
            foreach (var (tenantId, meetingId) in expired)
            {
                await TenantScope.EnterAsync(c, tx, tenantId, token);
                await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE meeting SET state = @unconfirmed, version = version + 1, updated_at = now() WHERE tenant_id = @tenantId AND id = @meetingId AND state IN (1, 2)",
                    new { tenantId, meetingId, unconfirmed = (short)MeetingState.Unconfirmed }, tx, cancellationToken: token));
            }
            return expired.Count;
        }, ct);
        return done;
    }

    private async Task EmitAsync(NpgsqlConnection c, NpgsqlTransaction tx, Due d, short kind, Func<MeetingRecord, Google.Protobuf.IMessage> toEvent, CancellationToken ct)
    {
        var recorded = await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO reminder_sent (tenant_id, meeting_id, kind, offset_minutes, start_at) VALUES (@TenantId, @MeetingId, @kind, @Minutes, @StartAt)
            ON CONFLICT DO NOTHING
            """, new { d.TenantId, d.MeetingId, kind, d.Minutes, d.StartAt }, tx, cancellationToken: ct));
        if (recorded == 0) return;
        await TenantScope.EnterAsync(c, tx, d.TenantId, ct);
        if (await MeetingStore.LoadAsync(c, tx, d.TenantId, d.MeetingId, ct) is { } meeting)
            await outbox.EnqueueAsync(toEvent(meeting), d.TenantId, c, tx, ct);
    }

    private static string RelationshipOf(MeetingRecord m) => Mentoring.BuildingBlocks.Resources.ResourceName.Format("relationships", m.RelationshipId);
}
