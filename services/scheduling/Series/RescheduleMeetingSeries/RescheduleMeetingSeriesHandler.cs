using Dapper;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Scheduling.Engine.Recurrence;
using Mentoring.Scheduling.Meetings;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

using Mentoring.Scheduling.Relationships;

namespace Mentoring.Scheduling.Series.RescheduleMeetingSeries;

/// <summary>
/// Moves a series' occurrences to another local time of day: all still to come, or "this and
/// following" — then the rule splits (<see cref="SeriesSplit"/>) and the moved occurrences form a
/// new series. The new times come from expanding the changed rule, so they keep the local time
/// across DST exactly as booking does. Each moved meeting keeps its name, with <c>MeetingRescheduled</c>.
/// </summary>
public sealed class RescheduleMeetingSeriesHandler(TenantDatabase db, Outbox outbox, TimeProvider clock, IOptions<SchedulingOptions> options)
{
    private static readonly LocalTimePattern TimeOfDay = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");

    public async Task<MeetingSeries> HandleAsync(RescheduleMeetingSeriesRequest request, Caller caller, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var v = new Violations();
        SeriesSelection.Check(v, request.Name, request.Scope, request.FromMeeting, out var seriesId, out var from);
        var time = TimeOfDay.Parse(request.StartTimeOfDay);
        if (!time.Success) v.Add("start_time_of_day", "must be a local time \"HH:MM\"");
        if (request.DurationMinutes != 0 && request.DurationMinutes is < 5 or > 480) v.Add("duration_minutes", "must be between 5 and 480 (0: unchanged)");
        v.MaxLength("note", request.Note, MeetingRules.MaxNote);
        v.ThrowIfAny();
        var acting = MeetingRules.Acting(caller);

        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var series = await SeriesStore.LoadAsync(c, tx, tenantId, seriesId, token, forUpdate: true) ?? throw SeriesRecord.NotFound(request.Name);
            var (meetings, position) = await SeriesSelection.LoadAsync(c, tx, tenantId, series, from, now, token);
            if (meetings.Count == 0) throw MeetingRules.Precondition($"{series.Name} has no occurrence to move from there on.");
            var minutes = request.DurationMinutes == 0 ? series.DurationMinutes : request.DurationMinutes;
            var rule = series.Rule();

            // The rule the moved occurrences follow from now on, and the offset of their positions in it.
            SeriesRule moved;
            var offset = 0;
            Guid target = series.Id;
            if (request.Scope == SeriesScope.ThisAndFollowing && position > 0)
            {
                moved = WithTime(await SeriesSplit.SplitAsync(c, tx, tenantId, series, position, token), time.Value);
                offset = position;
                target = Guid.NewGuid();
                await SeriesStore.InsertAsync(c, tx, tenantId, target, series.RelationshipId, moved, minutes, series.Format,
                    series.Location, series.JoinUrl, series.Title, series.Organizer, "", token);
            }
            else
            {
                moved = WithTime(rule, time.Value);
                await SeriesStore.UpdateRuleAsync(c, tx, tenantId, series.Id, moved, minutes, token);
            }
            var occurrences = Recurrences.Expand(moved, Duration.FromMinutes(minutes));
            var notice = await NoticePeriods.ForAsync(c, tx, tenantId, series.RelationshipId, options.Value.NoticePeriod, token);
            var plan = meetings.Select(m =>
            {
                var o = occurrences[m.SeriesPosition!.Value - offset];
                return (Meeting: m, Start: o.Start.ToDateTimeUtc(), End: o.End.ToDateTimeUtc(), Late: m.StartAt - now < notice);
            }).ToList();
            if (plan.Any(p => p.Start <= now)) throw Violations.Single("start_time_of_day", "would move an occurrence into the past");
            MeetingRules.RequireNoteWhenLate(plan.Any(p => p.Late), request.Note, notice, "an occurrence");
            await MeetingConflicts.EnsureFreeAsync(c, tx, tenantId, meetings[0].Attendees.Select(a => a.PersonId),
                plan.Select(p => (p.Start, p.End)).ToList(), meetings.Select(m => m.Id).ToList(), token);

            var allAccepted = meetings[0].Attendees.All(a => a.PersonId == acting);
            foreach (var p in plan)
                await c.ExecuteAsync(new CommandDefinition(
                    """
                    UPDATE meeting_attendee SET start_at = @start, end_at = @end, busy = true,
                        response = CASE WHEN person_id = @acting THEN @accepted ELSE 0 END
                    WHERE tenant_id = @tenantId AND meeting_id = @id;
                    UPDATE meeting SET start_at = @start, end_at = @end, state = @state, sequence = sequence + 1, version = version + 1,
                        late_changes = late_changes + @lateCount, series_id = @target, series_position = series_position - @offset, updated_at = now()
                    WHERE tenant_id = @tenantId AND id = @id;
                    """,
                    new
                    {
                        tenantId, id = p.Meeting.Id, start = p.Start, end = p.End, acting = acting ?? Guid.Empty, accepted = (short)Response.Accepted,
                        state = (short)(allAccepted ? MeetingState.Confirmed : MeetingState.Proposed), lateCount = p.Late ? 1 : 0, target, offset,
                    }, tx, cancellationToken: token));
            var ids = plan.Select(p => p.Meeting.Id).ToArray();
            var movedMeetings = await MeetingStore.QueryAsync(c, tx, tenantId, "m.id = ANY(@ids) ORDER BY m.series_position", new { ids }, token);
            await outbox.EnqueueAllAsync(movedMeetings.Select(m => (Google.Protobuf.IMessage)MeetingEvents.Rescheduled(
                m, plan.Single(p => p.Meeting.Id == m.Id).Meeting.StartAt, plan.Single(p => p.Meeting.Id == m.Id).Late)).ToList(), tenantId, c, tx, token);
            return (await SeriesStore.LoadAsync(c, tx, tenantId, target, token))!.ToProto();
        }, ct);
    }

    private static SeriesRule WithTime(SeriesRule rule, LocalTime time) => rule with { FirstStart = rule.FirstStart.Date + time };
}
