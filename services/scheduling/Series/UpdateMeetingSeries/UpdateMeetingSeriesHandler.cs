using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Security;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Scheduling.Meetings;

namespace Mentoring.Scheduling.Series.UpdateMeetingSeries;

/// <summary>
/// Changes the format, place or title of a series' occurrences still to come (the fields of the
/// update mask): all of them, or "this and following" — then the rule splits
/// (<see cref="SeriesSplit"/>) and the changed occurrences form a new series with the new values,
/// so each series says how its own occurrences take place. Occurrences that started, are over or
/// were cancelled keep what they had. Each changed meeting keeps its name, time and answers; its
/// SEQUENCE grows and <c>MeetingUpdated</c> names what changed.
/// </summary>
public sealed class UpdateMeetingSeriesHandler(TenantDatabase db, Outbox outbox, TimeProvider clock)
{
    public async Task<MeetingSeries> HandleAsync(UpdateMeetingSeriesRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var v = new Violations();
        var s = request.Series ?? throw Violations.Single("series", "is required");
        SeriesSelection.Check(v, s.Name, request.Scope, request.FromMeeting, out var seriesId, out var from, nameField: "series.name");
        var change = PlaceChange.Parse(v, "series.", request.UpdateMask, s.Format, s.Location, s.JoinUrl, s.Title);
        v.ThrowIfAny();

        var tenantId = db.TenantId;
        return await db.InTransactionAsync(async (c, tx, token) =>
        {
            var series = await SeriesStore.LoadAsync(c, tx, tenantId, seriesId, token, forUpdate: true) ?? throw SeriesRecord.NotFound(s.Name);
            var (meetings, position) = await SeriesSelection.LoadAsync(c, tx, tenantId, series, from, now, token);
            if (meetings.Count == 0) throw MeetingRules.Precondition($"{series.Name} has no occurrence to change from there on.");

            // The series' own values and every occurrence's must still be a valid format and place afterwards.
            var seriesPlace = new PlaceValues(series.Format, series.Location, series.JoinUrl, series.Title);
            var outcome = new Violations();
            change.CheckOutcome(outcome, "series.", seriesPlace);
            foreach (var m in meetings.TakeWhile(_ => outcome.Items.Count == 0))
                change.CheckOutcome(outcome, "series.", PlaceValues.Of(m));
            outcome.ThrowIfAny();

            var changes = meetings.Select(m => (Meeting: m, Fields: change.Changed(PlaceValues.Of(m)))).Where(x => x.Fields.Count > 0).ToList();
            if (changes.Count == 0 && change.Changed(seriesPlace).Count == 0) return series.ToProto();

            var target = series.Id;
            if (request.Scope == SeriesScope.ThisAndFollowing && position > 0)
            {
                var rest = await SeriesSplit.SplitAsync(c, tx, tenantId, series, position, token);
                target = Guid.NewGuid();
                var place = change.Outcome(seriesPlace);
                await SeriesStore.InsertAsync(c, tx, tenantId, target, series.RelationshipId, rest, series.DurationMinutes, place.Format,
                    place.Location, place.JoinUrl, place.Title, series.Organizer, "", token);
                await SeriesStore.MoveOccurrencesAsync(c, tx, tenantId, series.Id, position, target, token);
            }
            else
                await SeriesStore.UpdatePlaceAsync(c, tx, tenantId, series.Id, change.Outcome(seriesPlace), token);

            var updated = await MeetingWriter.UpdatePlaceAsync(c, tx, tenantId, changes.Select(x => x.Meeting.Id).ToArray(), change, token);
            var fieldsOf = changes.ToDictionary(x => x.Meeting.Id, x => x.Fields);
            await outbox.EnqueueAllAsync(updated.Select(m => (Google.Protobuf.IMessage)MeetingEvents.Updated(m, fieldsOf[m.Id])).ToList(),
                tenantId, c, tx, token);
            return (await SeriesStore.LoadAsync(c, tx, tenantId, target, token))!.ToProto();
        }, ct);
    }
}
