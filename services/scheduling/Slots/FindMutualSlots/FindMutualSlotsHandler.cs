using Grpc.Core;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Scheduling.Availability;
using Mentoring.Scheduling.Engine.Slots;
using Mentoring.Scheduling.Meetings;
using Mentoring.Scheduling.Relationships;
using NodaTime;
using Duration = NodaTime.Duration;

namespace Mentoring.Scheduling.Slots.FindMutualSlots;

/// <summary>
/// Times a live relationship's participants can meet (<see cref="SlotFinder"/>), from their
/// projected availability and the meetings they are booked into. In a pair both must attend; in a
/// group the mentors must, and mentees may be missing when no time suits everybody.
/// </summary>
public sealed class FindMutualSlotsHandler(TenantDatabase db, TimeProvider clock)
{
    public static readonly Duration MaxRange = Duration.FromDays(92);

    public async Task<FindMutualSlotsResponse> HandleAsync(FindMutualSlotsRequest request, CancellationToken ct)
    {
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var v = new Violations();
        if (!ResourceName.TryParse(RelationshipRow.Collection, request.Relationship, out var relationshipId))
            v.Add("relationship", "must be relationships/{relationship_id}");
        var start = v.UtcTime("start_time", request.StartTime, required: false) is { } s ? Instant.FromDateTimeUtc(s) : now;
        var end = v.UtcTime("end_time", request.EndTime) is { } e ? Instant.FromDateTimeUtc(e) : (Instant?)null;
        if (start < now - Duration.FromMinutes(1)) v.Add("start_time", "must not be in the past");
        if (end is { } until)
        {
            if (until <= start) v.Add("end_time", "must be after start_time");
            else if (until - start > MaxRange) v.Add("end_time", "must be at most 92 days after start_time");
        }
        Minutes(v, "duration_minutes", request.DurationMinutes, 5, 480, required: true);
        Minutes(v, "granularity_minutes", request.GranularityMinutes, 5, 480, required: false);
        Minutes(v, "notice_minutes", request.NoticeMinutes, 0, 20160, required: false);
        Minutes(v, "buffer_minutes", request.BufferMinutes, 0, 240, required: false);
        if (!Enum.IsDefined(request.PreferredPartOfDay)) v.Add("preferred_part_of_day", "must be MORNING, AFTERNOON, EVENING or unspecified");
        if (request.MaxResults is < 0 or > 200) v.Add("max_results", "must be between 0 and 200");
        v.ThrowIfAny();

        var buffer = Duration.FromMinutes(request.BufferMinutes);
        var tenantId = db.TenantId;
        var (relationship, calendars) = await db.InTransactionAsync(async (c, tx, token) =>
        {
            var r = await RelationshipStore.LoadLiveAsync(c, tx, tenantId, relationshipId, request.Relationship, token);
            var people = await PersonCalendars.LoadAsync(c, tx, tenantId, r.Members.Select(m => m.PersonId).ToList(), start, end!.Value, buffer, token);
            return (r, people);
        }, ct);

        var pair = relationship.Members.Count <= 2;
        var participants = relationship.Members.Zip(calendars, (m, cal) => new SlotParticipant(
            MeetingRecord.Person(m.PersonId), Required: m.Mentor || pair, cal.Zone, cal.Free, cal.Busy)).ToList();
        var lead = calendars[relationship.Members.ToList().IndexOf(relationship.LeadMentor)];
        var query = new SlotQuery(
            start, end!.Value, Duration.FromMinutes(request.DurationMinutes),
            Duration.FromMinutes(request.GranularityMinutes == 0 ? 15 : request.GranularityMinutes),
            now + Duration.FromMinutes(request.NoticeMinutes), buffer, (Engine.Slots.PartOfDay)(int)request.PreferredPartOfDay,
            request.MaxResults == 0 ? 20 : request.MaxResults, lead.Zone);
        var slots = SlotFinder.Find(query, participants);

        var response = new FindMutualSlotsResponse { Partial = slots.Any(x => x.Unavailable.Count > 0) };
        response.Slots.AddRange(slots.Select(x => new MutualSlot
        {
            StartTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(x.Start.ToDateTimeOffset()),
            EndTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(x.End.ToDateTimeOffset()),
            Unavailable = { x.Unavailable },
            PreferredCount = x.PreferredCount,
        }));
        return response;
    }

    private static void Minutes(Violations v, string field, int value, int min, int max, bool required)
    {
        if (!required && value == 0) return;
        if (value < min || value > max) v.Add(field, $"must be between {min} and {max}{(required ? "" : " (0: default)")}");
    }
}
