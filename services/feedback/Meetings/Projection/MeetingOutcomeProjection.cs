using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Events.V1;
using Mentoring.Feedback.Health;

namespace Mentoring.Feedback.Meetings.Projection;

/// <summary>
/// Keeps the meetings scheduling recorded as held or missed: records and pulses are about held ones;
/// both feed the at-risk rules, which are evaluated again in the same transaction.
/// </summary>
public sealed class MeetingOutcomeProjection(HealthMonitor health) : IEventHandler<MeetingHeld>, IEventHandler<MeetingMissed>
{
    public const string HeldSubscriber = "held-meetings";
    public const string MissedSubscriber = "missed-meetings";
    public const string Collection = "meetings";

    public Task HandleAsync(MeetingHeld @event, EventContext context, CancellationToken ct) =>
        UpsertAsync(context, @event.Meeting, @event.Relationship, @event.StartTime.ToDateTime(), held: true, @event.DurationMinutes,
            @event.Attendees, @event.Absent, ct);

    public Task HandleAsync(MeetingMissed @event, EventContext context, CancellationToken ct) =>
        UpsertAsync(context, @event.Meeting, @event.Relationship, @event.StartTime.ToDateTime(), held: false, 0,
            [], @event.Participants, ct);

    private async Task UpsertAsync(EventContext context, string meeting, string relationship, DateTime start, bool held, int minutes,
        IEnumerable<string> attendees, IEnumerable<string> absent, CancellationToken ct)
    {
        var meetingId = Parse(Collection, meeting);
        var relationshipId = Parse("relationships", relationship);
        // Attendance may be corrected later: the newest report (by the time scheduling published it) wins,
        // whatever order held and missed reports are delivered in.
        await context.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO meeting_outcome (tenant_id, meeting_id, relationship_id, start_at, held, duration_minutes, attendees, absent, reported_at)
            VALUES (@TenantId, @meetingId, @relationshipId, @start, @held, @minutes, @attendees, @absent, @reportedAt)
            ON CONFLICT (tenant_id, meeting_id) DO UPDATE
                SET start_at = excluded.start_at, held = excluded.held, duration_minutes = excluded.duration_minutes,
                    attendees = excluded.attendees, absent = excluded.absent, reported_at = excluded.reported_at
            WHERE meeting_outcome.reported_at < excluded.reported_at
            """,
            new
            {
                context.TenantId, meetingId, relationshipId, start, held, minutes, reportedAt = context.Envelope.Time.UtcDateTime,
                attendees = attendees.Select(a => Parse("people", a)).ToArray(),
                absent = absent.Select(a => Parse("people", a)).ToArray(),
            }, context.Transaction, cancellationToken: ct));
        await health.EvaluateAsync(context.Connection, context.Transaction, context.TenantId, relationshipId, ct);
    }

    private static Guid Parse(string collection, string name) =>
        ResourceName.TryParse(collection, name, out var id) ? id
            : throw new InvalidOperationException($"Meeting event with a malformed name '{name}' (expected {collection}/{{id}})");
}
