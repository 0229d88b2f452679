using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Scheduling.Meetings;
using Microsoft.Extensions.Options;

using Mentoring.Scheduling.Relationships;

namespace Mentoring.Scheduling.Series.CancelMeetingSeries;

/// <summary>Cancels a series' occurrences still to come, all or from one on, each with <c>MeetingCancelled</c>.</summary>
public sealed class CancelMeetingSeriesHandler(TenantDatabase db, Outbox outbox, TimeProvider clock, IOptions<SchedulingOptions> options)
{
    public async Task<MeetingSeries> HandleAsync(CancelMeetingSeriesRequest request, Caller caller, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var v = new Violations();
        SeriesSelection.Check(v, request.Name, request.Scope, request.FromMeeting, out var seriesId, out var from);
        v.RequireText("reason", request.Reason, 500).MaxLength("note", request.Note, MeetingRules.MaxNote);
        v.ThrowIfAny();

        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var series = await SeriesStore.LoadAsync(c, tx, tenantId, seriesId, token, forUpdate: true) ?? throw SeriesRecord.NotFound(request.Name);
            var (meetings, _) = await SeriesSelection.LoadAsync(c, tx, tenantId, series, from, now, token);
            var notice = await NoticePeriods.ForAsync(c, tx, tenantId, series.RelationshipId, options.Value.NoticePeriod, token);
            var late = meetings.Where(m => m.StartAt - now < notice).Select(m => m.Id).ToHashSet();
            MeetingRules.RequireNoteWhenLate(late.Count > 0, request.Note, notice, "an occurrence");
            var cancelled = await MeetingWriter.CancelAsync(c, tx, tenantId, meetings.Select(m => m.Id).ToArray(), request.Reason.Trim(), late, token);
            await outbox.EnqueueAllAsync(cancelled.Select(m => (Google.Protobuf.IMessage)MeetingEvents.Cancelled(m, late.Contains(m.Id))).ToList(),
                tenantId, c, tx, token);
            return (await SeriesStore.LoadAsync(c, tx, tenantId, series.Id, token))!.ToProto();
        }, ct);
    }
}
