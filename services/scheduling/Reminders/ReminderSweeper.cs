using Dapper;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Persistence;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Scheduling.Engine.Reminders;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Mentoring.Scheduling.Reminders;

/// <summary>
/// The durable reminder scheduler. Nothing is scheduled in memory: each open meeting's row in
/// <c>meeting_clock</c> (kept by a trigger on every meeting change) carries <c>next_due_at</c>, when
/// it next has something due, indexed. A sweep claims up to <see cref="Batch"/> rows whose time has
/// come (<c>FOR UPDATE SKIP LOCKED</c>), asks <see cref="ReminderSchedule"/> what is due for each and
/// when next, and writes the batch with a few set-based statements in one transaction: the next due
/// times, the reminders into <c>reminder_sent</c> (whose key drops one already sent), their events
/// into the outbox, and expired meetings as unconfirmed. So a restart loses nothing, downtime is
/// caught up at the next sweep, a sweep never looks at work already done, and with several replicas
/// a row another replica has just handled no longer qualifies when it is locked (PostgreSQL re-checks
/// the condition on the committed row), so each reminder is claimed and emitted once. A booking or a
/// move sets <c>next_due_at</c> to its own time, so a moved meeting is reminded again for its new time.
/// </summary>
public sealed class ReminderSweeper(ServiceDatabase db, Outbox outbox, TimeProvider clock, IOptions<SchedulingOptions> options, ILogger<ReminderSweeper> logger)
    : BackgroundService
{
    public const int Batch = 500;
    public const short BeforeKind = 1;
    public const short AttendanceKind = 2;

    /// <summary>The rows whose time has come, earliest first, locked for this sweep (without the ones another replica holds).</summary>
    public const string ClaimQuery =
        """
        SELECT tenant_id AS TenantId, meeting_id AS MeetingId, start_at AS StartAt, end_at AS EndAt, changed_at AS ChangedAt
        FROM meeting_clock WHERE next_due_at <= @now AND state IN (1, 2)
        ORDER BY next_due_at LIMIT @Batch
        FOR UPDATE SKIP LOCKED
        """;

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

    private sealed record Claimed(string TenantId, Guid MeetingId, DateTime StartAt, DateTime EndAt, DateTime ChangedAt);

    /// <summary>One batch of meetings with something due; returns how many it handled (0: nothing is due).</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var o = options.Value;
        var rules = new ReminderRules(o.EffectiveReminderOffsets.Select(t => (int)t.TotalMinutes).ToArray(), o.AttendanceDueAfter, o.AttendanceWindow);
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var claimed = (await c.QueryAsync<Claimed>(new CommandDefinition(ClaimQuery, new { now, Batch }, tx, cancellationToken: token))).ToList();
            if (claimed.Count == 0) return 0;
            var visits = claimed.Select(m => (Meeting: m, Visit: ReminderSchedule.At(new MeetingClock(m.StartAt, m.EndAt, m.ChangedAt), rules, now))).ToList();

            await c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE meeting_clock c SET next_due_at = v.next_due_at
                FROM unnest(@tenants, @ids, @next) AS v(tenant_id, meeting_id, next_due_at)
                WHERE c.tenant_id = v.tenant_id AND c.meeting_id = v.meeting_id
                """,
                new
                {
                    tenants = visits.Select(v => v.Meeting.TenantId).ToArray(), ids = visits.Select(v => v.Meeting.MeetingId).ToArray(),
                    next = visits.Select(v => v.Visit.NextDue).ToArray(),
                }, tx, cancellationToken: token));

            var reminders = visits.SelectMany(v => v.Visit.Before.Select(minutes => new ReminderRow(v.Meeting, BeforeKind, minutes))
                .Concat(v.Visit.Attendance ? [new ReminderRow(v.Meeting, AttendanceKind, 0)] : [])).ToList();
            var sent = await RecordAsync(c, tx, reminders, token);
            var expired = visits.Where(v => v.Visit.Expired).Select(v => v.Meeting).ToList();
            foreach (var tenant in sent.Select(r => r.Meeting.TenantId).Concat(expired.Select(m => m.TenantId)).Distinct())
            {
                await TenantScope.EnterAsync(c, tx, tenant, token);
                await EmitAsync(c, tx, tenant, sent.Where(r => r.Meeting.TenantId == tenant).ToList(), token);
                var ids = expired.Where(m => m.TenantId == tenant).Select(m => m.MeetingId).ToArray();
                if (ids.Length > 0)
                    await c.ExecuteAsync(new CommandDefinition(
                        "UPDATE meeting SET state = @unconfirmed, version = version + 1, updated_at = now() WHERE tenant_id = @tenant AND id = ANY(@ids) AND state IN (1, 2)",
                        new { tenant, ids, unconfirmed = (short)MeetingState.Unconfirmed }, tx, cancellationToken: token));
            }
            return claimed.Count;
        }, ct);
    }

    private sealed record ReminderRow(Claimed Meeting, short Kind, int Minutes);

    /// <summary>Records the reminders (for the meeting's current start); returns those not recorded before.</summary>
    private static async Task<List<ReminderRow>> RecordAsync(NpgsqlConnection c, NpgsqlTransaction tx, List<ReminderRow> reminders, CancellationToken ct)
    {
        if (reminders.Count == 0) return [];
        var recorded = (await c.QueryAsync<(Guid MeetingId, short Kind, int Minutes)>(new CommandDefinition(
            """
            INSERT INTO reminder_sent (tenant_id, meeting_id, kind, offset_minutes, start_at)
            SELECT * FROM unnest(@tenants, @ids, @kinds, @minutes, @starts)
            ON CONFLICT DO NOTHING
            RETURNING meeting_id, kind, offset_minutes
            """,
            new
            {
                tenants = reminders.Select(r => r.Meeting.TenantId).ToArray(), ids = reminders.Select(r => r.Meeting.MeetingId).ToArray(),
                kinds = reminders.Select(r => r.Kind).ToArray(), minutes = reminders.Select(r => r.Minutes).ToArray(),
                starts = reminders.Select(r => r.Meeting.StartAt).ToArray(),
            }, tx, cancellationToken: ct))).ToHashSet();
        return reminders.Where(r => recorded.Contains((r.Meeting.MeetingId, r.Kind, r.Minutes))).ToList();
    }

    private sealed class MeetingHeader
    {
        public Guid Id { get; init; }
        public Guid RelationshipId { get; init; }
        public DateTime StartAt { get; init; }
        public DateTime EndAt { get; init; }
        public Guid[] Participants { get; init; } = [];
    }

    /// <summary>The events of one tenant's reminders, with each meeting's participants (mentors first), in one read and one outbox write.</summary>
    private async Task EmitAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, List<ReminderRow> reminders, CancellationToken ct)
    {
        if (reminders.Count == 0) return;
        var meetings = (await c.QueryAsync<MeetingHeader>(new CommandDefinition(
            """
            SELECT m.id AS Id, m.relationship_id AS RelationshipId, m.start_at AS StartAt, m.end_at AS EndAt,
                   coalesce(array_agg(a.person_id ORDER BY a.mentor DESC, a.position) FILTER (WHERE a.person_id IS NOT NULL), '{}') AS Participants
            FROM meeting m LEFT JOIN meeting_attendee a ON a.tenant_id = m.tenant_id AND a.meeting_id = m.id
            WHERE m.tenant_id = @tenantId AND m.id = ANY(@ids)
            GROUP BY m.id, m.relationship_id, m.start_at, m.end_at
            """, new { tenantId, ids = reminders.Select(r => r.Meeting.MeetingId).Distinct().ToArray() }, tx, cancellationToken: ct)))
            .ToDictionary(m => m.Id);
        var events = reminders.Where(r => meetings.ContainsKey(r.Meeting.MeetingId)).Select(r => ToEvent(meetings[r.Meeting.MeetingId], r)).ToList();
        await outbox.EnqueueAllAsync(events, tenantId, c, tx, ct);
    }

    private static Google.Protobuf.IMessage ToEvent(MeetingHeader m, ReminderRow r)
    {
        var meeting = Meetings.MeetingRecord.NameOf(m.Id);
        var relationship = Mentoring.BuildingBlocks.Resources.ResourceName.Format("relationships", m.RelationshipId);
        var participants = m.Participants.Select(Meetings.MeetingRecord.Person);
        return r.Kind == BeforeKind
            ? new Contracts.Events.V1.MeetingReminderDue
            {
                Meeting = meeting, Relationship = relationship, Participants = { participants },
                StartTime = Meetings.MeetingRecord.Utc(m.StartAt), OffsetMinutes = r.Minutes,
            }
            : new Contracts.Events.V1.AttendanceDue
            {
                Meeting = meeting, Relationship = relationship, Participants = { participants }, EndTime = Meetings.MeetingRecord.Utc(m.EndAt),
            };
    }
}
