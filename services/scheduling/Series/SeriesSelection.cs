using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Scheduling.Meetings;
using Npgsql;

namespace Mentoring.Scheduling.Series;

/// <summary>The occurrences a series change applies to: those not started yet and still open, from one occurrence on or all.</summary>
public static class SeriesSelection
{
    public static void Check(Violations v, string name, SeriesScope scope, string fromMeeting, out Guid seriesId, out Guid? from, string nameField = "name")
    {
        from = null;
        if (!ResourceName.TryParse(SeriesRecord.Collection, name, out seriesId)) v.Add(nameField, "must be meetingSeries/{series_id}");
        if (scope is not (SeriesScope.ThisAndFollowing or SeriesScope.All)) v.Add("scope", "must be THIS_AND_FOLLOWING or ALL");
        if (scope == SeriesScope.ThisAndFollowing)
        {
            if (ResourceName.TryParse(MeetingRecord.Collection, fromMeeting, out var f)) from = f;
            else v.Add("from_meeting", "must be meetings/{meeting_id} of the series");
        }
        else if (fromMeeting.Length > 0) v.Add("from_meeting", "is only for THIS_AND_FOLLOWING");
    }

    /// <summary>The open occurrences to change, locked, in order; the position of the first one named (for splitting the rule).</summary>
    public static async Task<(List<MeetingRecord> Meetings, int FromPosition)> LoadAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string tenantId, SeriesRecord series, Guid? from, DateTime now, CancellationToken ct)
    {
        var position = 0;
        if (from is { } f)
        {
            var occurrence = await MeetingStore.LoadAsync(c, tx, tenantId, f, ct);
            if (occurrence?.SeriesId != series.Id) throw Violations.Single("from_meeting", $"is not an occurrence of {series.Name}");
            position = occurrence.SeriesPosition ?? 0;
        }
        var meetings = await MeetingStore.QueryAsync(c, tx, tenantId,
            "m.series_id = @id AND m.series_position >= @position AND m.start_at > @now AND m.state IN (@proposed, @confirmed) ORDER BY m.series_position FOR UPDATE",
            new { id = series.Id, position, now, proposed = (short)MeetingState.Proposed, confirmed = (short)MeetingState.Confirmed }, ct);
        return (meetings, position);
    }
}
