using Dapper;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Scheduling.V1;
using Microsoft.Extensions.Options;

namespace Mentoring.Scheduling.Meetings.CancelMeeting;

/// <summary>Cancels a meeting that has not started, with a reason; inside the notice period a note too, and it counts as late.</summary>
public sealed class CancelMeetingHandler(TenantDatabase db, Outbox outbox, TimeProvider clock, IOptions<SchedulingOptions> options)
{
    public async Task<Meeting> HandleAsync(CancelMeetingRequest request, Caller caller, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var v = new Violations();
        var id = MeetingRules.Id(v, "name", request.Name);
        v.RequireText("reason", request.Reason, 500).MaxLength("note", request.Note, MeetingRules.MaxNote);
        v.ThrowIfAny();

        var tenantId = db.TenantId;
        var record = await db.InTransactionAsync(async (c, tx, token) =>
        {
            var meeting = await MeetingStore.LoadAsync(c, tx, tenantId, id!.Value, token, forUpdate: true) ?? throw MeetingRecord.NotFound(request.Name);
            MeetingRules.CheckEtag(request.Etag, meeting);
            if (!meeting.Open || meeting.StartAt <= now)
                throw MeetingRules.Precondition($"{meeting.Name} is {meeting.StateValue} or already started; it cannot be cancelled.");
            var late = meeting.StartAt - now < options.Value.NoticePeriod;
            if (late && string.IsNullOrWhiteSpace(request.Note))
                throw Violations.Single("note", $"is required: the meeting starts within the notice period ({options.Value.NoticePeriod.TotalHours:0.#} hours)");
            await c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE meeting_attendee SET busy = false WHERE tenant_id = @tenantId AND meeting_id = @id;
                UPDATE meeting SET state = @cancelled, cancel_reason = @reason, sequence = sequence + 1, version = version + 1,
                    late_changes = late_changes + @lateCount, updated_at = now()
                WHERE tenant_id = @tenantId AND id = @id;
                """,
                new { tenantId, id, cancelled = (short)MeetingState.Cancelled, reason = request.Reason.Trim(), lateCount = late ? 1 : 0 },
                tx, cancellationToken: token));
            var cancelled = (await MeetingStore.LoadAsync(c, tx, tenantId, id!.Value, token))!;
            await outbox.EnqueueAsync(MeetingEvents.Cancelled(cancelled, late), tenantId, c, tx, token);
            return cancelled;
        }, ct);
        return record.ToProto(MeetingRules.SeesAgenda(record, caller));
    }
}
