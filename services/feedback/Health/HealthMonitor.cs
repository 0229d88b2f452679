using Dapper;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Matching.V1;
using Npgsql;
using Proto = Mentoring.Contracts.Feedback.V1;

using Mentoring.Feedback.Relationships;

namespace Mentoring.Feedback.Health;

/// <summary>
/// Evaluates <see cref="RelationshipHealth"/> for one relationship inside the caller's transaction
/// and publishes a change: <see cref="RelationshipAtRisk"/> when the reasons appear or change,
/// <see cref="RelationshipHealthy"/> when they clear. Only ACTIVE relationships are watched.
/// </summary>
public sealed class HealthMonitor(Outbox outbox, TimeProvider clock, IConfiguration configuration)
{
    public static readonly HealthRules Rules = new();

    /// <summary>How long until the sweeper looks again, when no event does first.</summary>
    public static readonly TimeSpan SweepEvery = TimeSpan.FromHours(6);

    private sealed record Head(short State, DateTime? ActiveSince, Guid? ProgrammeId, int FitIntervalDays, int Participants);

    public async Task EvaluateAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid relationshipId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // One evaluation of a relationship at a time: the facts, the stored reasons and the event agree.
        await RelationshipStore.LockAsync(c, tx, tenantId, relationshipId, ct);
        var head = await c.QuerySingleOrDefaultAsync<Head>(new CommandDefinition(
            """
            SELECT r.state, r.active_since AS ActiveSince, r.programme_id AS ProgrammeId,
                   coalesce(a.fit_interval_days, 0) AS FitIntervalDays,
                   (SELECT count(*)::int FROM relationship_participant p WHERE p.tenant_id = r.tenant_id AND p.relationship_id = r.id) AS Participants
            FROM relationship r LEFT JOIN agreement a ON a.tenant_id = r.tenant_id AND a.relationship_id = r.id
            WHERE r.tenant_id = @tenantId AND r.id = @relationshipId
            """, new { tenantId, relationshipId }, tx, cancellationToken: ct));
        if (head is not null && (RelationshipState)head.State == RelationshipState.Contracting)
        {
            // Not at risk yet, but watched: a relationship left without a signed agreement is reminded once.
            await RemindUnsignedAsync(c, tx, tenantId, relationshipId, now, ct);
            await WatchAsync(c, tx, tenantId, relationshipId, now + SweepEvery, ct);
            return;
        }
        if (head is null || (RelationshipState)head.State != RelationshipState.Active || head.ActiveSince is not { } activeSince)
        {
            // Not active (any more): not watched, and no reasons left to count in the metrics.
            await c.ExecuteAsync(new CommandDefinition(
                """
                DELETE FROM health_check_due WHERE tenant_id = @tenantId AND relationship_id = @relationshipId;
                DELETE FROM relationship_health WHERE tenant_id = @tenantId AND relationship_id = @relationshipId;
                """, new { tenantId, relationshipId }, tx, cancellationToken: ct));
            return;
        }

        var facts = new HealthFacts(now, activeSince,
            (await c.QueryAsync<(DateTime StartAt, bool Held)>(new CommandDefinition(
                "SELECT start_at, held FROM meeting_outcome WHERE tenant_id = @tenantId AND relationship_id = @relationshipId ORDER BY start_at",
                new { tenantId, relationshipId }, tx, cancellationToken: ct))).Select(m => new MeetingOutcome(m.StartAt, m.Held)).ToList(),
            (await c.QueryAsync<(DateTime CreatedAt, short Rating)>(new CommandDefinition(
                "SELECT created_at, rating FROM pulse WHERE tenant_id = @tenantId AND relationship_id = @relationshipId ORDER BY created_at",
                new { tenantId, relationshipId }, tx, cancellationToken: ct))).Select(p => new PulseAnswer(p.CreatedAt, p.Rating)).ToList(),
            await FitChecksAsync(c, tx, tenantId, relationshipId, activeSince, head.FitIntervalDays, head.Participants, now, ct));
        var reasons = RelationshipHealth.Evaluate(facts, Rules).Select(r => (short)r).ToArray();

        var previous = await c.QuerySingleOrDefaultAsync<short[]>(new CommandDefinition(
            "SELECT reasons FROM relationship_health WHERE tenant_id = @tenantId AND relationship_id = @relationshipId FOR UPDATE",
            new { tenantId, relationshipId }, tx, cancellationToken: ct)) ?? [];
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO relationship_health (tenant_id, relationship_id, reasons, evaluated_at) VALUES (@tenantId, @relationshipId, @reasons, @now)
            ON CONFLICT (tenant_id, relationship_id) DO UPDATE SET reasons = excluded.reasons, evaluated_at = excluded.evaluated_at
            """, new { tenantId, relationshipId, reasons, now }, tx, cancellationToken: ct));
        await WatchAsync(c, tx, tenantId, relationshipId, now + SweepEvery, ct);
        if (reasons.SequenceEqual(previous)) return;

        var relationship = ResourceName.Format("relationships", relationshipId);
        var programme = head.ProgrammeId is { } p ? ResourceName.Format("programmes", p) : "";
        if (reasons.Length > 0)
            await outbox.EnqueueAsync(new RelationshipAtRisk
            {
                Relationship = relationship, Programme = programme, Reasons = { reasons.Select(r => (Proto.RiskReason)r) },
            }, tenantId, c, tx, ct);
        else
            await outbox.EnqueueAsync(new RelationshipHealthy { Relationship = relationship, Programme = programme }, tenantId, c, tx, ct);
    }

    /// <summary>When the sweeper looks at the relationship next (unless an event does first).</summary>
    private static Task WatchAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid relationshipId, DateTime due, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO health_check_due (tenant_id, relationship_id, due_at) VALUES (@tenantId, @relationshipId, @due)
            ON CONFLICT (tenant_id, relationship_id) DO UPDATE SET due_at = excluded.due_at
            """, new { tenantId, relationshipId, due }, tx, cancellationToken: ct));

    public const string ContractingReminderSetting = "Feedback:ContractingReminderDays";

    private async Task RemindUnsignedAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid relationshipId, DateTime now, CancellationToken ct)
    {
        var days = configuration.GetValue(ContractingReminderSetting, 14);
        var since = await c.QuerySingleOrDefaultAsync<DateTime?>(new CommandDefinition(
            """
            SELECT r.contracting_since FROM relationship r
            WHERE r.tenant_id = @tenantId AND r.id = @relationshipId AND r.contracting_reminded_at IS NULL
              AND r.contracting_since <= @cutoff
              AND NOT EXISTS (SELECT 1 FROM agreement a WHERE a.tenant_id = r.tenant_id AND a.relationship_id = r.id AND a.signed_at IS NOT NULL)
            """, new { tenantId, relationshipId, cutoff = now - TimeSpan.FromDays(days) }, tx, cancellationToken: ct));
        if (since is not { } contractingSince) return;
        var participants = await c.QueryAsync<Guid>(new CommandDefinition(
            "SELECT person_id FROM relationship_participant WHERE tenant_id = @tenantId AND relationship_id = @relationshipId ORDER BY mentor DESC, position",
            new { tenantId, relationshipId }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE relationship SET contracting_reminded_at = @now WHERE tenant_id = @tenantId AND id = @relationshipId",
            new { tenantId, relationshipId, now }, tx, cancellationToken: ct));
        await outbox.EnqueueAsync(new AgreementReminderDue
        {
            Relationship = ResourceName.Format("relationships", relationshipId),
            Participants = { participants.Select(p => ResourceName.Format("people", p)) },
            DaysWaiting = (int)(now - contractingSince).TotalDays,
        }, tenantId, c, tx, ct);
    }

    /// <summary>The fit checks due so far with the answers given (working or not), per check.</summary>
    public static async Task<IReadOnlyList<FitCheckState>> FitChecksAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, Guid relationshipId,
        DateTime activeSince, int intervalDays, int participants, DateTime now, CancellationToken ct)
    {
        var answers = (await c.QueryAsync<(int Number, bool Working)>(new CommandDefinition(
            "SELECT number, working FROM fit_check_answer WHERE tenant_id = @tenantId AND relationship_id = @relationshipId",
            new { tenantId, relationshipId }, tx, cancellationToken: ct))).ToLookup(a => a.Number, a => a.Working);
        return FitCheckSchedule.DueUntil(activeSince, now, intervalDays)
            .Select(d => new FitCheckState(d.DueAt, participants, answers[d.Number].ToList())).ToList();
    }
}
