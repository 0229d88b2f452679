using Dapper;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Scheduling.Meetings;
using Microsoft.Extensions.Options;

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
            var late = meetings.Where(m => m.StartAt - now < options.Value.NoticePeriod).Select(m => m.Id).ToHashSet();
            if (late.Count > 0 && string.IsNullOrWhiteSpace(request.Note))
                throw Violations.Single("note", $"is required: an occurrence starts within the notice period ({options.Value.NoticePeriod.TotalHours:0.#} hours)");
            var ids = meetings.Select(m => m.Id).ToArray();
            await c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE meeting_attendee SET busy = false WHERE tenant_id = @tenantId AND meeting_id = ANY(@ids);
                UPDATE meeting SET state = @cancelled, cancel_reason = @reason, sequence = sequence + 1, version = version + 1,
                    late_changes = late_changes + CASE WHEN id = ANY(@late) THEN 1 ELSE 0 END, updated_at = now()
                WHERE tenant_id = @tenantId AND id = ANY(@ids);
                """,
                new { tenantId, ids, late = late.ToArray(), cancelled = (short)MeetingState.Cancelled, reason = request.Reason.Trim() },
                tx, cancellationToken: token));
            var cancelled = await MeetingStore.QueryAsync(c, tx, tenantId, "m.id = ANY(@ids) ORDER BY m.series_position", new { ids }, token);
            await outbox.EnqueueAllAsync(cancelled.Select(m => (Google.Protobuf.IMessage)MeetingEvents.Cancelled(m, late.Contains(m.Id))).ToList(),
                tenantId, c, tx, token);
            return (await SeriesStore.LoadAsync(c, tx, tenantId, series.Id, token))!.ToProto();
        }, ct);
    }
}
