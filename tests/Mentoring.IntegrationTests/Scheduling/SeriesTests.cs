using Grpc.Core;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using static Mentoring.IntegrationTests.Support.Samples;
using Proto = Mentoring.Contracts.Profile.V1;

namespace Mentoring.IntegrationTests.Scheduling;

/// <summary>Recurring meetings: booked by RRULE at the same local time across DST, all or nothing, moved and cancelled by scope.</summary>
public sealed class SeriesTests() : ServicesUnderTest("scheduling")
{
    private SchedulingWorld world = null!;
    private SchedulingService.SchedulingServiceClient partner = null!;
    private readonly string mentor = $"people/{Guid.NewGuid()}", mentee = $"people/{Guid.NewGuid()}";
    private string relationship = null!;

    /// <summary>The Monday before Europe's last Sunday of March next year: a weekly series crosses the change to summer time.</summary>
    private static readonly DateTime BeforeSummerTime = MondayBeforeLastSundayOfMarch(DateTime.UtcNow.Year + 1);

    private static DateTime MondayBeforeLastSundayOfMarch(int year)
    {
        var day = new DateTime(year, 3, 31);
        while (day.DayOfWeek != System.DayOfWeek.Sunday) day = day.AddDays(-1);
        return day.AddDays(-6);
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        partner = Client<SchedulingService.SchedulingServiceClient>("scheduling", await TestIdentity.PartnerAsync());
        world = new SchedulingWorld(Db, partner);
        await world.PersonAsync(mentor, "Europe/London");
        await world.PersonAsync(mentee, "Europe/Berlin");
        await world.KnownAsync(mentor, withAvailability: false);
        relationship = await world.RelationshipAsync([mentor], [mentee]);
    }

    private CreateMeetingSeriesRequest Weekly(string firstStart, string rule, string zone = "", params string[] exceptions) => new()
    {
        Series = new MeetingSeries
        {
            Relationship = relationship, FirstStart = firstStart, TimeZone = zone, DurationMinutes = 45, Recurrence = rule,
            ExceptionDates = { exceptions }, Format = Proto.MeetingFormat.Phone, Title = "Weekly",
        },
    };

    private static string Local(DateTime day, string time) => $"{day:yyyy-MM-dd}T{time}";

    private async Task<List<Meeting>> MeetingsAsync(MeetingSeries series) =>
        [.. await Task.WhenAll(series.Meetings.Select(async m => await partner.GetMeetingAsync(new GetMeetingRequest { Name = m })))];

    [Fact]
    public async Task A_weekly_series_keeps_its_local_time_across_the_change_to_summer_time()
    {
        var series = await partner.CreateMeetingSeriesAsync(Weekly(Local(BeforeSummerTime, "18:00"), "FREQ=WEEKLY;COUNT=3"));

        Assert.Equal("Europe/London", series.TimeZone); // the lead mentor's clock when an application books
        var starts = (await MeetingsAsync(series)).Select(m => m.StartTime.ToDateTime()).ToList();
        Assert.Equal([BeforeSummerTime.AddHours(18), BeforeSummerTime.AddDays(7).AddHours(17), BeforeSummerTime.AddDays(14).AddHours(17)], starts);
        Assert.All(await MeetingsAsync(series), m => Assert.Equal(series.Name, m.Series));
        var scheduled = await Eventually.Until("three MeetingScheduled", async () =>
            (await EventBus.ReadAsync<MeetingScheduled>(Db)) is { Count: 3 } all ? all : null);
        Assert.Equal(series.Meetings, scheduled.Select(e => e.Meeting));
    }

    [Fact]
    public async Task Every_other_week_in_another_zone_skips_its_exception_dates()
    {
        var first = BeforeSummerTime.AddDays(-28);
        var series = await partner.CreateMeetingSeriesAsync(
            Weekly(Local(first, "09:30"), "FREQ=WEEKLY;INTERVAL=2;COUNT=4", "America/New_York", $"{first.AddDays(14):yyyy-MM-dd}"));

        var local = (await MeetingsAsync(series)).Select(m => m.StartTime.ToDateTime()).ToList();
        Assert.Equal(3, local.Count);
        Assert.Equal([first, first.AddDays(28), first.AddDays(42)], local.Select(d => d.Date));
    }

    [Fact]
    public async Task One_conflicting_occurrence_refuses_the_whole_series()
    {
        var blocking = await partner.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, BeforeSummerTime.AddDays(14).AddHours(17).AddMinutes(30)));

        var e = await Assert.ThrowsAsync<RpcException>(() =>
            partner.CreateMeetingSeriesAsync(Weekly(Local(BeforeSummerTime, "18:00"), "FREQ=WEEKLY;COUNT=4")).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Contains(blocking.Name, e.Status.Detail);
        Assert.Equal(1, await world.MeetingsStoredAsync());
    }

    public static TheoryData<string, string, string, string> BadSeries() => new()
    {
        { "FREQ=WEEKLY", "", "18:00", "series.recurrence" },
        { "FREQ=DAILY;COUNT=501", "", "18:00", "series.recurrence" },
        { "FREQ=HOURLY;COUNT=3", "", "18:00", "series.recurrence" },
        { "FREQ=SOMETIMES", "", "18:00", "series.recurrence" },
        { "FREQ=WEEKLY;COUNT=2", "Mars/Olympus_Mons", "18:00", "series.time_zone" },
        { "FREQ=WEEKLY;COUNT=2", "", "25:00", "series.first_start" },
        { "FREQ=WEEKLY;COUNT=2", "", "past", "series.first_start" },
    };

    [Theory]
    [MemberData(nameof(BadSeries))]
    public async Task Bad_series_name_the_field_and_store_nothing(string rule, string zone, string time, string field)
    {
        var start = time == "past" ? Local(DateTime.UtcNow.AddDays(-3), "10:00") : Local(BeforeSummerTime, time);
        var e = await Assert.ThrowsAsync<RpcException>(() => partner.CreateMeetingSeriesAsync(Weekly(start, rule, zone)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains(field, ViolatedFields(e));
        Assert.Equal(0, await world.MeetingsStoredAsync());
    }

    [Fact]
    public async Task This_and_following_moves_the_later_occurrences_into_a_new_series_and_all_cancels_what_is_left()
    {
        var series = await partner.CreateMeetingSeriesAsync(Weekly(Local(BeforeSummerTime, "18:00"), "FREQ=WEEKLY;COUNT=4"));

        var moved = await partner.RescheduleMeetingSeriesAsync(new RescheduleMeetingSeriesRequest
        {
            Name = series.Name, Scope = SeriesScope.ThisAndFollowing, FromMeeting = series.Meetings[2], StartTimeOfDay = "08:15",
        });

        Assert.NotEqual(series.Name, moved.Name);
        Assert.Equal(series.Meetings.Skip(2), moved.Meetings);
        var before = await partner.GetMeetingSeriesAsync(new GetMeetingSeriesRequest { Name = series.Name });
        Assert.Equal(series.Meetings.Take(2), before.Meetings);
        var after = await MeetingsAsync(moved);
        Assert.Equal([BeforeSummerTime.AddDays(14).AddHours(7.25), BeforeSummerTime.AddDays(21).AddHours(7.25)], after.Select(m => m.StartTime.ToDateTime()));
        Assert.All(after, m => Assert.Equal(1, m.Sequence));
        await Eventually.Until("two MeetingRescheduled", async () => (await EventBus.ReadAsync<MeetingRescheduled>(Db)) is { Count: 2 } all ? all : null);

        var cancelled = await partner.CancelMeetingSeriesAsync(new CancelMeetingSeriesRequest { Name = series.Name, Scope = SeriesScope.All, Reason = "Programme paused" });
        Assert.All(await MeetingsAsync(cancelled), m => Assert.Equal(MeetingState.Cancelled, m.State));
        Assert.All(await MeetingsAsync(moved), m => Assert.NotEqual(MeetingState.Cancelled, m.State));

        var foreign = await Assert.ThrowsAsync<RpcException>(() => partner.CancelMeetingSeriesAsync(new CancelMeetingSeriesRequest
        {
            Name = moved.Name, Scope = SeriesScope.ThisAndFollowing, FromMeeting = series.Meetings[0], Reason = "x",
        }).ResponseAsync);
        Assert.Equal(["from_meeting"], ViolatedFields(foreign));
    }
}
