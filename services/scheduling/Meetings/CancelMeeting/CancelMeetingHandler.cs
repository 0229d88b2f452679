using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Scheduling.V1;
using Microsoft.Extensions.Options;

using Mentoring.Scheduling.Relationships;

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
            var notice = await NoticePeriods.ForAsync(c, tx, tenantId, meeting.RelationshipId, options.Value.NoticePeriod, token);
            var late = meeting.StartAt - now < notice;
            MeetingRules.RequireNoteWhenLate(late, request.Note, notice, "the meeting");
            var cancelled = (await MeetingWriter.CancelAsync(c, tx, tenantId, [meeting.Id], request.Reason.Trim(), late ? [meeting.Id] : [], token)).Single();
            await outbox.EnqueueAsync(MeetingEvents.Cancelled(cancelled, late), tenantId, c, tx, token);
            return cancelled;
        }, ct);
        return record.ToProto(MeetingRules.SeesAgenda(record, caller));
    }
}
