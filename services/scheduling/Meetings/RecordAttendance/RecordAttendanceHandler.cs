using Dapper;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Scheduling.V1;

namespace Mentoring.Scheduling.Meetings.RecordAttendance;

/// <summary>
/// After its start, records a meeting as held (who was absent, how long) or missed. The latest
/// record wins, and each one publishes <c>MeetingHeld</c> or <c>MeetingMissed</c>.
/// </summary>
public sealed class RecordAttendanceHandler(TenantDatabase db, Outbox outbox, TimeProvider clock)
{
    public async Task<Meeting> HandleAsync(RecordAttendanceRequest request, Caller caller, CancellationToken ct)
    {
        var v = new Violations();
        var id = MeetingRules.Id(v, "name", request.Name);
        var absent = new List<Guid>();
        for (var i = 0; i < request.Absent.Count; i++)
        {
            if (ResourceName.TryParse("people", request.Absent[i], out var p)) absent.Add(p);
            else v.Add($"absent[{i}]", "must be people/{person_id}");
        }
        if (!request.Held && request.Absent.Count > 0) v.Add("absent", "is only for a held meeting");
        if (!request.Held && request.DurationMinutes != 0) v.Add("duration_minutes", "is only for a held meeting");
        if (request.DurationMinutes is < 0 or > 480) v.Add("duration_minutes", "must be between 1 and 480 (0: as planned)");
        v.ThrowIfAny();

        var tenantId = db.TenantId;
        var record = await db.InTransactionAsync(async (c, tx, token) =>
        {
            var meeting = await MeetingStore.LoadAsync(c, tx, tenantId, id!.Value, token, forUpdate: true) ?? throw MeetingRecord.NotFound(request.Name);
            if (meeting.StateValue == MeetingState.Cancelled) throw MeetingRules.Precondition($"{meeting.Name} was cancelled.");
            if (meeting.StartAt > clock.GetUtcNow().UtcDateTime) throw MeetingRules.Precondition($"{meeting.Name} has not started yet.");
            var invited = meeting.Attendees.Select(a => a.PersonId).ToHashSet();
            var strangers = absent.Where(p => !invited.Contains(p)).ToList();
            if (strangers.Count > 0)
                throw Violations.Single("absent", $"{MeetingRecord.Person(strangers[0])} is not a participant of {meeting.Name}");
            if (request.Held && invited.All(absent.Contains))
                throw Violations.Single("absent", "names every participant: record held = false instead");
            var minutes = request.Held ? (request.DurationMinutes > 0 ? request.DurationMinutes : (int)(meeting.EndAt - meeting.StartAt).TotalMinutes) : (int?)null;
            await c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE meeting_attendee SET absent = person_id = ANY(@absent) WHERE tenant_id = @tenantId AND meeting_id = @id;
                UPDATE meeting SET state = @state, held_minutes = @minutes, version = version + 1, updated_at = now()
                WHERE tenant_id = @tenantId AND id = @id;
                """,
                new { tenantId, id, absent = absent.ToArray(), state = (short)(request.Held ? MeetingState.Held : MeetingState.Missed), minutes },
                tx, cancellationToken: token));
            var recorded = (await MeetingStore.LoadAsync(c, tx, tenantId, id!.Value, token))!;
            await outbox.EnqueueAsync(request.Held ? MeetingEvents.Held(recorded) : MeetingEvents.Missed(recorded), tenantId, c, tx, token);
            return recorded;
        }, ct);
        return record.ToProto(MeetingRules.SeesAgenda(record, caller));
    }
}
