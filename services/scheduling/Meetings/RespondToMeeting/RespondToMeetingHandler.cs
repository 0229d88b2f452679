using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Scheduling.V1;

namespace Mentoring.Scheduling.Meetings.RespondToMeeting;

/// <summary>
/// A participant accepts or declines. Accepting after a decline books the person again, so it is
/// checked for conflicts; the meeting is confirmed when everyone has accepted.
/// </summary>
public sealed class RespondToMeetingHandler(TenantDatabase db, TimeProvider clock)
{
    private const string Refusal = "Only a participant answers an invitation.";

    public async Task<Meeting> HandleAsync(RespondToMeetingRequest request, Caller caller, CancellationToken ct)
    {
        var v = new Violations();
        var id = MeetingRules.Id(v, "name", request.Name);
        if (request.Response is not (Response.Accepted or Response.Declined)) v.Add("response", "must be ACCEPTED or DECLINED");
        v.ThrowIfAny();
        var person = MeetingRules.Acting(caller)
            ?? throw new RpcException(new Status(StatusCode.PermissionDenied, Refusal));

        var tenantId = db.TenantId;
        var record = await db.InTransactionAsync(async (c, tx, token) =>
        {
            var meeting = await MeetingRules.LoadForParticipantAsync(c, tx, tenantId, id!.Value, request.Name, person, Refusal, token);
            if (!meeting.Open || meeting.StartAt <= clock.GetUtcNow().UtcDateTime)
                throw MeetingRules.Precondition($"{meeting.Name} is {meeting.StateValue} or already started; there is nothing to answer.");
            if (request.Response == Response.Accepted)
                await MeetingConflicts.EnsureFreeAsync(c, tx, tenantId, [person], meeting.StartAt, meeting.EndAt, meeting.Id, token);
            await c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE meeting_attendee SET response = @response, busy = @busy
                WHERE tenant_id = @tenantId AND meeting_id = @id AND person_id = @person;
                UPDATE meeting SET version = version + 1, updated_at = now(),
                    state = CASE WHEN NOT EXISTS (SELECT 1 FROM meeting_attendee WHERE tenant_id = @tenantId AND meeting_id = @id AND response <> @accepted)
                                 THEN @confirmed ELSE @proposed END
                WHERE tenant_id = @tenantId AND id = @id;
                """,
                new
                {
                    tenantId, id, person, response = (short)request.Response, busy = request.Response == Response.Accepted,
                    accepted = (short)Response.Accepted, confirmed = (short)MeetingState.Confirmed, proposed = (short)MeetingState.Proposed,
                }, tx, cancellationToken: token));
            return (await MeetingStore.LoadAsync(c, tx, tenantId, id!.Value, token))!;
        }, ct);
        return record.ToProto(withAgenda: true);
    }
}
