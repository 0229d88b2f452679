using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Scheduling.V1;

namespace Mentoring.Scheduling.Meetings.UpdateMeeting;

/// <summary>
/// Changes how, where or under what title a meeting that has not started takes place (the fields
/// of the update mask). The time and the answers stay; SEQUENCE grows so calendars update the
/// event; <c>MeetingUpdated</c> names what changed. A change that alters nothing writes nothing.
/// </summary>
public sealed class UpdateMeetingHandler(TenantDatabase db, Outbox outbox, TimeProvider clock)
{
    public async Task<Meeting> HandleAsync(UpdateMeetingRequest request, Caller caller, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var v = new Violations();
        var m = request.Meeting ?? throw Violations.Single("meeting", "is required");
        var id = MeetingRules.Id(v, "meeting.name", m.Name);
        v.MaxLength("meeting.etag", m.Etag, 20);
        var change = PlaceChange.Parse(v, "meeting.", request.UpdateMask, m.Format, m.Location, m.JoinUrl, m.Title);
        v.ThrowIfAny();

        var tenantId = db.TenantId;
        var record = await db.InTransactionAsync(async (c, tx, token) =>
        {
            var meeting = await MeetingStore.LoadAsync(c, tx, tenantId, id!.Value, token, forUpdate: true) ?? throw MeetingRecord.NotFound(m.Name);
            MeetingRules.CheckEtag(m.Etag, meeting);
            if (!meeting.Open || meeting.StartAt <= now)
                throw MeetingRules.Precondition($"{meeting.Name} is {meeting.StateValue} or already started; it cannot be changed.");
            var current = PlaceValues.Of(meeting);
            var outcome = new Violations();
            change.CheckOutcome(outcome, "meeting.", current);
            outcome.ThrowIfAny();
            var changed = change.Changed(current);
            if (changed.Count == 0) return meeting;
            var updated = (await MeetingWriter.UpdatePlaceAsync(c, tx, tenantId, [meeting.Id], change, token)).Single();
            await outbox.EnqueueAsync(MeetingEvents.Updated(updated, changed), tenantId, c, tx, token);
            return updated;
        }, ct);
        return record.ToProto(MeetingRules.SeesAgenda(record, caller));
    }
}
