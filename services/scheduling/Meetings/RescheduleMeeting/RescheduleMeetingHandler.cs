using Dapper;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Scheduling.V1;
using Microsoft.Extensions.Options;

using Mentoring.Scheduling.Relationships;

namespace Mentoring.Scheduling.Meetings.RescheduleMeeting;

/// <summary>
/// Moves a meeting that has not started. Everyone is asked again (the mover has accepted), nobody
/// is double-booked, and a move inside the notice period needs a note and counts as late.
/// </summary>
public sealed class RescheduleMeetingHandler(TenantDatabase db, Outbox outbox, TimeProvider clock, IOptions<SchedulingOptions> options)
{
    public async Task<Meeting> HandleAsync(RescheduleMeetingRequest request, Caller caller, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var v = new Violations();
        var id = MeetingRules.Id(v, "name", request.Name);
        var times = MeetingRules.Times(v, "start_time", "end_time", request.StartTime, request.EndTime, now);
        v.MaxLength("note", request.Note, MeetingRules.MaxNote);
        v.ThrowIfAny();
        var acting = MeetingRules.Acting(caller);

        var tenantId = db.TenantId;
        var record = await db.InTransactionAsync(async (c, tx, token) =>
        {
            var meeting = await MeetingStore.LoadAsync(c, tx, tenantId, id!.Value, token, forUpdate: true) ?? throw MeetingRecord.NotFound(request.Name);
            MeetingRules.CheckEtag(request.Etag, meeting);
            if (!meeting.Open || meeting.StartAt <= now)
                throw MeetingRules.Precondition($"{meeting.Name} is {meeting.StateValue} or already started; it cannot be moved.");
            var notice = await NoticePeriods.ForAsync(c, tx, tenantId, meeting.RelationshipId, options.Value.NoticePeriod, token);
            var late = meeting.StartAt - now < notice;
            MeetingRules.RequireNoteWhenLate(late, request.Note, notice, "the meeting");
            var (start, end) = times!.Value;
            await MeetingConflicts.EnsureFreeAsync(c, tx, tenantId, meeting.Attendees.Select(a => a.PersonId), start, end, meeting.Id, token);
            var allAccepted = meeting.Attendees.All(a => a.PersonId == acting);
            await c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE meeting_attendee SET start_at = @start, end_at = @end, busy = true,
                    response = CASE WHEN person_id = @acting THEN @accepted ELSE 0 END
                WHERE tenant_id = @tenantId AND meeting_id = @id;
                UPDATE meeting SET start_at = @start, end_at = @end, state = @state, sequence = sequence + 1, version = version + 1,
                    late_changes = late_changes + @lateCount, updated_at = now()
                WHERE tenant_id = @tenantId AND id = @id;
                """,
                new
                {
                    tenantId, id, start, end, acting = acting ?? Guid.Empty, accepted = (short)Response.Accepted,
                    state = (short)(allAccepted ? MeetingState.Confirmed : MeetingState.Proposed), lateCount = late ? 1 : 0,
                }, tx, cancellationToken: token));
            var moved = (await MeetingStore.LoadAsync(c, tx, tenantId, id!.Value, token))!;
            await outbox.EnqueueAsync(MeetingEvents.Rescheduled(moved, meeting.StartAt, late), tenantId, c, tx, token);
            return moved;
        }, ct);
        return record.ToProto(MeetingRules.SeesAgenda(record, caller));
    }
}
