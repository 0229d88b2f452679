using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Scheduling.V1;

namespace Mentoring.Scheduling.Meetings.GetMeeting;

/// <summary>One meeting; its agenda only for its participants.</summary>
public sealed class GetMeetingHandler(TenantDatabase db)
{
    public async Task<Meeting> HandleAsync(GetMeetingRequest request, Caller caller, CancellationToken ct)
    {
        var v = new Violations();
        var id = MeetingRules.Id(v, "name", request.Name);
        v.ThrowIfAny();
        var tenantId = db.TenantId;
        var record = await db.InTransactionAsync((c, tx, token) => MeetingStore.LoadAsync(c, tx, tenantId, id!.Value, token), ct)
            ?? throw MeetingRecord.NotFound(request.Name);
        return record.ToProto(MeetingRules.SeesAgenda(record, caller));
    }
}
