using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Scheduling.V1;

namespace Mentoring.Scheduling.Series.GetMeetingSeries;

/// <summary>One series with its occurrences (each occurrence's agenda is read with GetMeeting).</summary>
public sealed class GetMeetingSeriesHandler(TenantDatabase db)
{
    public async Task<MeetingSeries> HandleAsync(GetMeetingSeriesRequest request, CancellationToken ct)
    {
        if (!ResourceName.TryParse(SeriesRecord.Collection, request.Name, out var id))
            throw Violations.Single("name", "must be meetingSeries/{series_id}");
        var tenantId = db.TenantId;
        var series = await db.InTransactionAsync((c, tx, token) => SeriesStore.LoadAsync(c, tx, tenantId, id, token), ct)
            ?? throw SeriesRecord.NotFound(request.Name);
        return series.ToProto();
    }
}
