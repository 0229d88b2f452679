using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.IntegrationTests.Support;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Scheduling;

/// <summary>Finding a time: everyone's weekly windows in their own zones, their meetings, buffers; groups rank partial slots.</summary>
public sealed class MutualSlotsTests() : ServicesUnderTest("scheduling")
{
    private SchedulingWorld world = null!;
    private SchedulingService.SchedulingServiceClient partner = null!;
    private readonly string mentor = $"people/{Guid.NewGuid()}", mentee = $"people/{Guid.NewGuid()}";

    /// <summary>A Monday in January (no daylight saving in London or New York), at midnight UTC.</summary>
    private static readonly DateTime Monday = NextJanuaryMonday();

    private static DateTime NextJanuaryMonday()
    {
        var day = new DateTime(DateTime.UtcNow.Year + 1, 1, 8, 0, 0, 0, DateTimeKind.Utc);
        while (day.DayOfWeek != System.DayOfWeek.Monday) day = day.AddDays(1);
        return day;
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        partner = Client<SchedulingService.SchedulingServiceClient>("scheduling", await TestIdentity.PartnerAsync());
        world = new SchedulingWorld(Db, partner);
        // London 13:00-17:00 is 13:00-17:00 UTC in January; New York 09:00-12:00 is 14:00-17:00 UTC.
        await world.PersonAsync(mentor, "Europe/London", SchedulingWorld.Weekdays("13:00", "17:00"));
        await world.PersonAsync(mentee, "America/New_York", SchedulingWorld.Weekdays("09:00", "12:00"));
        await world.KnownAsync(mentor, withAvailability: true);
        await world.KnownAsync(mentee, withAvailability: true);
    }

    private FindMutualSlotsRequest Request(string relationship, int days = 1, int minutes = 60) => new()
    {
        Relationship = relationship,
        StartTime = Timestamp.FromDateTime(Monday),
        EndTime = Timestamp.FromDateTime(Monday.AddDays(days)),
        DurationMinutes = minutes,
        GranularityMinutes = 30,
        MaxResults = 50,
    };

    [Fact]
    public async Task Slots_lie_where_both_zones_windows_overlap_and_avoid_booked_meetings_with_their_buffer()
    {
        var relationship = await world.RelationshipAsync([mentor], [mentee]);
        var free = await partner.FindMutualSlotsAsync(Request(relationship));
        Assert.False(free.Partial);
        Assert.Equal(["14:00", "14:30", "15:00", "15:30", "16:00"], free.Slots.Select(s => s.StartTime.ToDateTime().ToString("HH:mm")));

        await partner.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, Monday.AddHours(15), minutes: 30));
        var request = Request(relationship);
        request.BufferMinutes = 30;
        var around = await partner.FindMutualSlotsAsync(request);
        // 15:00-15:30 is booked; with 30 minutes either side, slots must end by 14:30 or start from 16:00.
        Assert.Equal(["16:00"], around.Slots.Select(s => s.StartTime.ToDateTime().ToString("HH:mm")));
    }

    [Fact]
    public async Task A_group_without_a_common_time_gets_the_times_its_mentor_can_attend_most_attendees_first()
    {
        var night = $"people/{Guid.NewGuid()}";
        await world.PersonAsync(night, "Asia/Kolkata", SchedulingWorld.Weekdays("20:00", "21:30")); // 14:30-16:00 UTC
        var away = $"people/{Guid.NewGuid()}";
        await world.PersonAsync(away, "Asia/Tokyo", SchedulingWorld.Weekdays("09:00", "10:00")); // 00:00-01:00 UTC
        await world.KnownAsync(night, withAvailability: true);
        await world.KnownAsync(away, withAvailability: true);
        var group = await world.RelationshipAsync([mentor], [mentee, night, away]);

        var slots = await partner.FindMutualSlotsAsync(Request(group));

        Assert.True(slots.Partial);
        Assert.NotEmpty(slots.Slots);
        Assert.All(slots.Slots, s => Assert.DoesNotContain(mentor, s.Unavailable));
        Assert.Equal([away], slots.Slots[0].Unavailable);
        Assert.Equal("14:30", slots.Slots[0].StartTime.ToDateTime().ToString("HH:mm"));
        var counts = slots.Slots.Select(s => s.Unavailable.Count).ToList();
        Assert.Equal(counts.Order(), counts);
    }

    [Fact]
    public async Task Bad_ranges_and_lengths_are_field_violations_and_dead_relationships_are_refused()
    {
        var relationship = await world.RelationshipAsync([mentor], [mentee]);
        var tooLong = Request(relationship, days: 93);
        var past = Request(relationship);
        past.StartTime = Timestamp.FromDateTime(DateTime.UtcNow.AddDays(-2));
        var shortMeeting = Request(relationship, minutes: 4);
        var grid = Request(relationship);
        grid.GranularityMinutes = 1000;

        foreach (var (request, field) in new[] { (tooLong, "end_time"), (past, "start_time"), (shortMeeting, "duration_minutes"), (grid, "granularity_minutes") })
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => partner.FindMutualSlotsAsync(request).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
            Assert.Contains(field, ViolatedFields(e));
        }

        var ended = await world.RelationshipAsync([mentor], [mentee], RelationshipState.Closed);
        var closed = await Assert.ThrowsAsync<RpcException>(() => partner.FindMutualSlotsAsync(Request(ended)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, closed.StatusCode);
        var unknown = await Assert.ThrowsAsync<RpcException>(() =>
            partner.FindMutualSlotsAsync(Request($"relationships/{Guid.NewGuid()}")).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }
}
