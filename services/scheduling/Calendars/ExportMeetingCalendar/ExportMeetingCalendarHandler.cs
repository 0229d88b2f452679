using System.Text;
using Google.Api;
using Google.Protobuf;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Scheduling.Meetings;

namespace Mentoring.Scheduling.Calendars.ExportMeetingCalendar;

/// <summary>One meeting as a .ics file for its participants.</summary>
public sealed class ExportMeetingCalendarHandler(TenantDatabase db)
{
    public async Task<HttpBody> HandleAsync(ExportMeetingCalendarRequest request, CancellationToken ct)
    {
        var v = new Violations();
        var id = MeetingRules.Id(v, "name", request.Name);
        v.ThrowIfAny();
        var tenantId = db.TenantId;
        var meeting = await db.InTransactionAsync((c, tx, token) => MeetingStore.LoadAsync(c, tx, tenantId, id!.Value, token), ct)
            ?? throw MeetingRecord.NotFound(request.Name);
        return new HttpBody
        {
            ContentType = MeetingCalendar.ContentType,
            Data = ByteString.CopyFrom(MeetingCalendar.Write([meeting], meeting.Title.Length > 0 ? meeting.Title : "Mentoring session"), Encoding.UTF8),
        };
    }
}
