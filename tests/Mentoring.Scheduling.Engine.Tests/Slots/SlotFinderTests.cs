using Mentoring.Scheduling.Engine.Availability;
using Mentoring.Scheduling.Engine.Slots;
using NodaTime;
using static Mentoring.Scheduling.Engine.Tests.Time;

namespace Mentoring.Scheduling.Engine.Tests.Slots;

public sealed class SlotFinderTests
{
    private static readonly DateTimeZone London = Zone("Europe/London");
    private static readonly DateTimeZone NewYork = Zone("America/New_York");

    private static SlotQuery Query(
        string from, string to, int length = 60, int granularity = 60, DateTimeZone? align = null, int buffer = 0,
        PartOfDay preferred = PartOfDay.Any, int max = 1000, string? earliest = null) =>
        new(I(from), I(to), Minutes(length), Minutes(granularity), I(earliest ?? from), Minutes(buffer), preferred, max,
            align ?? DateTimeZone.Utc);

    private static SlotParticipant AlwaysFree(string id, bool required = true, DateTimeZone? zone = null, params FreeInterval[] busy) =>
        new(id, required, zone ?? DateTimeZone.Utc, [Span("2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z")], busy);

    private static List<string> Starts(IEnumerable<Slot> slots) => slots.Select(s => Utc(s.Start)).ToList();

    private static IReadOnlyList<FreeInterval> Weekdays(DateTimeZone zone, string start, string end, string from, string to) =>
        FreeIntervals.Compute(zone,
            new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday }
                .Select(d => new WeeklyWindow(d, new LocalTime(int.Parse(start[..2]), int.Parse(start[3..])), new LocalTime(int.Parse(end[..2]), int.Parse(end[3..])))),
            [], I(from), I(to));

    [Fact]
    public void Busy_time_with_buffer_excludes_overlapping_starts_but_touching_is_allowed()
    {
        var person = AlwaysFree("a", busy: Span("2026-01-05T10:00:00Z", "2026-01-05T11:00:00Z"));
        var slots = SlotFinder.Find(Query("2026-01-05T09:00:00Z", "2026-01-05T12:30:00Z", length: 30, granularity: 15, buffer: 15), [person]);

        // 09:15–09:45 ends 15 minutes before the meeting; 11:15 starts 15 minutes after it.
        Assert.Equal(
            ["2026-01-05T09:00:00Z", "2026-01-05T09:15:00Z", "2026-01-05T11:15:00Z", "2026-01-05T11:30:00Z", "2026-01-05T11:45:00Z", "2026-01-05T12:00:00Z"],
            Starts(slots));
    }

    [Fact]
    public void A_gap_of_exactly_length_plus_both_buffers_fits_one_start()
    {
        var person = AlwaysFree("a", busy: [Span("2026-01-05T09:00:00Z", "2026-01-05T10:00:00Z"), Span("2026-01-05T11:00:00Z", "2026-01-05T12:00:00Z")]);
        var slots = SlotFinder.Find(Query("2026-01-05T09:00:00Z", "2026-01-05T12:00:00Z", length: 30, granularity: 5, buffer: 15), [person]);
        Assert.Equal(["2026-01-05T10:15:00Z"], Starts(slots));
    }

    [Fact]
    public void Overlapping_and_unsorted_free_and_busy_intervals_are_normalised()
    {
        var person = new SlotParticipant("a", true, DateTimeZone.Utc,
            [Span("2026-01-05T10:00:00Z", "2026-01-05T11:00:00Z"), Span("2026-01-05T09:00:00Z", "2026-01-05T10:00:00Z"), Span("2026-01-05T09:30:00Z", "2026-01-05T09:45:00Z")],
            [Span("2026-01-05T10:30:00Z", "2026-01-05T10:45:00Z"), Span("2026-01-05T10:15:00Z", "2026-01-05T10:40:00Z")]);
        var slots = SlotFinder.Find(Query("2026-01-05T08:00:00Z", "2026-01-05T12:00:00Z", length: 60, granularity: 15), [person]);

        // Free 09:00–11:00 as one interval; busy 10:15–10:45.
        Assert.Equal(["2026-01-05T09:00:00Z", "2026-01-05T09:15:00Z"], Starts(slots));
    }

    [Fact]
    public void Earliest_start_and_the_end_of_the_range_bound_the_starts()
    {
        var slots = SlotFinder.Find(
            Query("2026-01-05T09:00:00Z", "2026-01-05T12:00:00Z", length: 60, granularity: 30, earliest: "2026-01-05T10:10:00Z"), [AlwaysFree("a")]);
        Assert.Equal(["2026-01-05T10:30:00Z", "2026-01-05T11:00:00Z"], Starts(slots));
    }

    [Fact]
    public void A_weekday_morning_in_London_stays_at_nine_local_across_the_spring_change()
    {
        // Clocks go forward on Sunday 29 March 2026: 09:00 is 09:00Z on Friday 27, 08:00Z on Monday 30.
        var free = Weekdays(London, "09:00", "10:00", "2026-03-23T00:00:00Z", "2026-04-04T00:00:00Z");
        var person = new SlotParticipant("a", true, London, free, []);
        var slots = SlotFinder.Find(Query("2026-03-26T00:00:00Z", "2026-04-01T00:00:00Z", length: 60, granularity: 30, align: London), [person]);
        Assert.Equal(["2026-03-26T09:00:00Z", "2026-03-27T09:00:00Z", "2026-03-30T08:00:00Z", "2026-03-31T08:00:00Z"], Starts(slots));
    }

    [Fact]
    public void A_weekday_morning_in_London_stays_at_nine_local_across_the_autumn_change()
    {
        // Clocks go back on Sunday 25 October 2026.
        var free = Weekdays(London, "09:00", "10:00", "2026-10-19T00:00:00Z", "2026-10-31T00:00:00Z");
        var person = new SlotParticipant("a", true, London, free, []);
        var slots = SlotFinder.Find(Query("2026-10-22T00:00:00Z", "2026-10-28T00:00:00Z", length: 60, granularity: 30, align: London), [person]);
        Assert.Equal(["2026-10-22T08:00:00Z", "2026-10-23T08:00:00Z", "2026-10-26T09:00:00Z", "2026-10-27T09:00:00Z"], Starts(slots));
    }

    [Fact]
    public void Starts_follow_the_organisers_clock_on_the_London_change_nights()
    {
        // 40-minute steps from local midnight: 00:00, 00:40, 01:20, 02:00, …; on 29 March 01:00–02:00 does not exist,
        // on 25 October 01:00–02:00 happens twice.
        var spring = SlotFinder.Find(Query("2026-03-29T00:00:00Z", "2026-03-29T02:30:00Z", length: 10, granularity: 40, align: London), [AlwaysFree("a")]);
        Assert.Equal(["2026-03-29T00:00:00Z", "2026-03-29T00:40:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:40:00Z", "2026-03-29T02:20:00Z"], Starts(spring));

        var autumn = SlotFinder.Find(Query("2026-10-24T23:00:00Z", "2026-10-25T02:10:00Z", length: 10, granularity: 40, align: London), [AlwaysFree("a")]);
        // Local 00:00, 00:40, 01:20 BST, then 01:20 GMT again, 02:00 GMT.
        Assert.Equal(["2026-10-24T23:00:00Z", "2026-10-24T23:40:00Z", "2026-10-25T00:20:00Z", "2026-10-25T01:20:00Z", "2026-10-25T02:00:00Z"], Starts(autumn));
    }

    [Fact]
    public void Starts_follow_the_organisers_clock_on_the_New_York_change_nights()
    {
        // Second Sunday of March 2026 (8 March): 02:00 EST → 03:00 EDT. 90-minute steps: 00:00, 01:30, [03:00], 04:30.
        var spring = SlotFinder.Find(Query("2026-03-08T05:00:00Z", "2026-03-08T09:00:00Z", length: 30, granularity: 90, align: NewYork), [AlwaysFree("a")]);
        Assert.Equal(["2026-03-08T05:00:00Z", "2026-03-08T06:30:00Z", "2026-03-08T07:00:00Z", "2026-03-08T08:30:00Z"], Starts(spring));

        // First Sunday of November 2026 (1 November): 02:00 EDT → 01:00 EST, so 01:30 happens twice.
        var autumn = SlotFinder.Find(Query("2026-11-01T04:00:00Z", "2026-11-01T09:00:00Z", length: 30, granularity: 90, align: NewYork), [AlwaysFree("a")]);
        Assert.Equal(["2026-11-01T04:00:00Z", "2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z", "2026-11-01T08:00:00Z"], Starts(autumn));
    }

    [Fact]
    public void A_New_York_evening_moves_in_utc_across_the_November_change_and_the_preference_follows_local_time()
    {
        // Free 17:00–19:00 New York on weekdays; evening preferred: the same local hours count on both sides of the change.
        var free = Weekdays(NewYork, "17:00", "19:00", "2026-10-26T00:00:00Z", "2026-11-07T00:00:00Z");
        var person = new SlotParticipant("a", true, NewYork, free, []);
        var slots = SlotFinder.Find(
            Query("2026-10-29T00:00:00Z", "2026-11-04T00:00:00Z", length: 120, granularity: 60, align: NewYork, preferred: PartOfDay.Evening), [person]);
        Assert.Equal(["2026-10-29T21:00:00Z", "2026-10-30T21:00:00Z", "2026-11-02T22:00:00Z", "2026-11-03T22:00:00Z"], Starts(slots));
        Assert.All(slots, s => Assert.Equal(1, s.PreferredCount));
    }

    [Fact]
    public void Hourly_starts_in_Kolkata_fall_on_the_half_hour_in_utc()
    {
        var kolkata = Zone("Asia/Kolkata");
        var slots = SlotFinder.Find(Query("2026-01-05T03:00:00Z", "2026-01-05T07:00:00Z", length: 60, granularity: 60, align: kolkata), [AlwaysFree("a")]);
        // 09:00, 10:00, 11:00 IST (UTC+05:30).
        Assert.Equal(["2026-01-05T03:30:00Z", "2026-01-05T04:30:00Z", "2026-01-05T05:30:00Z"], Starts(slots));
    }

    [Fact]
    public void Lord_Howe_half_hour_daylight_saving_changes_skip_and_repeat_half_an_hour_of_local_time()
    {
        var lordHowe = Zone("Australia/Lord_Howe");
        // 5 April 2026: 02:00 (+11) → 01:30 (+10:30): 01:30 happens twice.
        var april = SlotFinder.Find(Query("2026-04-04T14:00:00Z", "2026-04-04T16:00:00Z", length: 30, granularity: 30, align: lordHowe), [AlwaysFree("a")]);
        Assert.Equal(["2026-04-04T14:00:00Z", "2026-04-04T14:30:00Z", "2026-04-04T15:00:00Z", "2026-04-04T15:30:00Z"], Starts(april));
        var aprilHourly = SlotFinder.Find(Query("2026-04-04T13:00:00Z", "2026-04-04T17:00:00Z", length: 30, granularity: 60, align: lordHowe), [AlwaysFree("a")]);
        // 00:00 and 01:00 at +11, 02:00 and 03:00 at +10:30.
        Assert.Equal(["2026-04-04T13:00:00Z", "2026-04-04T14:00:00Z", "2026-04-04T15:30:00Z", "2026-04-04T16:30:00Z"], Starts(aprilHourly));

        // 4 October 2026: 02:00 (+10:30) → 02:30 (+11): hourly local starts 01:00 and 03:00 are 90 minutes apart.
        var october = SlotFinder.Find(Query("2026-10-03T13:00:00Z", "2026-10-03T17:00:00Z", length: 30, granularity: 60, align: lordHowe), [AlwaysFree("a")]);
        Assert.Equal(["2026-10-03T13:30:00Z", "2026-10-03T14:30:00Z", "2026-10-03T16:00:00Z"], Starts(october));
    }

    [Fact]
    public void A_group_without_a_full_slot_gets_partial_slots_ranked_and_never_without_the_mentor()
    {
        var day = "2026-01-05";
        var mentor = new SlotParticipant("mentor", true, DateTimeZone.Utc, [Span($"{day}T09:00:00Z", $"{day}T17:00:00Z")], []);
        var ann = new SlotParticipant("ann", false, DateTimeZone.Utc, [Span($"{day}T09:00:00Z", $"{day}T12:00:00Z")], []);
        var bob = new SlotParticipant("bob", false, DateTimeZone.Utc, [Span($"{day}T11:00:00Z", $"{day}T13:00:00Z"), Span($"{day}T06:00:00Z", $"{day}T08:00:00Z")], []);
        var cat = new SlotParticipant("cat", false, DateTimeZone.Utc, [Span($"{day}T13:00:00Z", $"{day}T20:00:00Z"), Span($"{day}T07:00:00Z", $"{day}T08:00:00Z")], []);

        var slots = SlotFinder.Find(Query($"{day}T06:00:00Z", $"{day}T20:00:00Z", length: 60, granularity: 60, max: 5), [mentor, ann, bob, cat]);

        Assert.Equal(
            [
                ("2026-01-05T11:00:00Z", "cat"),     // mentor, ann, bob
                ("2026-01-05T09:00:00Z", "bob,cat"), // then two attending, earliest first
                ("2026-01-05T10:00:00Z", "bob,cat"),
                ("2026-01-05T12:00:00Z", "ann,cat"),
                ("2026-01-05T13:00:00Z", "ann,bob"),
            ],
            slots.Select(s => (Utc(s.Start), string.Join(",", s.Unavailable))).ToList());
        Assert.All(slots, s => Assert.DoesNotContain("mentor", s.Unavailable));
    }

    [Fact]
    public void Full_attendance_hides_partial_slots()
    {
        var a = new SlotParticipant("a", true, DateTimeZone.Utc, [Span("2026-01-05T09:00:00Z", "2026-01-05T12:00:00Z")], []);
        var b = new SlotParticipant("b", false, DateTimeZone.Utc, [Span("2026-01-05T11:00:00Z", "2026-01-05T12:00:00Z")], []);
        var slots = SlotFinder.Find(Query("2026-01-05T09:00:00Z", "2026-01-05T12:00:00Z"), [a, b]);
        Assert.Equal(["2026-01-05T11:00:00Z"], Starts(slots));
        Assert.Empty(slots[0].Unavailable);
    }

    [Fact]
    public void Nobody_attending_is_never_proposed()
    {
        var a = new SlotParticipant("a", false, DateTimeZone.Utc, [Span("2026-01-05T09:00:00Z", "2026-01-05T10:00:00Z")], []);
        var b = new SlotParticipant("b", false, DateTimeZone.Utc, [Span("2026-01-05T11:00:00Z", "2026-01-05T12:00:00Z")], []);
        var slots = SlotFinder.Find(Query("2026-01-05T08:00:00Z", "2026-01-05T13:00:00Z"), [a, b]);
        Assert.Equal([("2026-01-05T09:00:00Z", "b"), ("2026-01-05T11:00:00Z", "a")], slots.Select(s => (Utc(s.Start), string.Join(",", s.Unavailable))).ToList());
    }

    [Fact]
    public void Preferred_part_of_day_is_judged_in_each_participants_own_zone()
    {
        // Morning is 06:00Z–12:00Z in London (January) and 11:00Z–17:00Z in New York: only 11:00Z suits both.
        var ny = AlwaysFree("ny", zone: NewYork);
        var ldn = AlwaysFree("ldn", zone: London);
        var slots = SlotFinder.Find(Query("2026-01-05T08:00:00Z", "2026-01-05T20:00:00Z", preferred: PartOfDay.Morning, max: 7), [ny, ldn]);
        Assert.Equal(
            [("2026-01-05T11:00:00Z", 2), ("2026-01-05T08:00:00Z", 1), ("2026-01-05T09:00:00Z", 1), ("2026-01-05T10:00:00Z", 1),
             ("2026-01-05T12:00:00Z", 1), ("2026-01-05T13:00:00Z", 1), ("2026-01-05T14:00:00Z", 1)],
            slots.Select(s => (Utc(s.Start), s.PreferredCount)).ToList());

        // Afternoon is 12:00Z–17:00Z in London and 17:00Z–22:00Z in New York: never both.
        var afternoon = SlotFinder.Find(Query("2026-01-05T12:00:00Z", "2026-01-05T18:00:00Z", preferred: PartOfDay.Afternoon, max: 3), [ny, ldn]);
        Assert.Equal([("2026-01-05T12:00:00Z", 1), ("2026-01-05T13:00:00Z", 1), ("2026-01-05T14:00:00Z", 1)],
            afternoon.Select(s => (Utc(s.Start), s.PreferredCount)).ToList());
    }

    [Fact]
    public void Both_participants_in_the_preferred_part_rank_before_one()
    {
        var paris = Zone("Europe/Paris");
        var a = AlwaysFree("a", zone: London);
        var b = AlwaysFree("b", zone: paris);
        // Evening: London 17–22 = 17Z–22Z, Paris 17–22 = 16Z–21Z; both for 17Z..20Z starts (1-hour slots).
        var slots = SlotFinder.Find(Query("2026-01-05T15:00:00Z", "2026-01-05T23:00:00Z", preferred: PartOfDay.Evening, max: 8), [a, b]);
        Assert.Equal(
            [("2026-01-05T17:00:00Z", 2), ("2026-01-05T18:00:00Z", 2), ("2026-01-05T19:00:00Z", 2), ("2026-01-05T20:00:00Z", 2),
             ("2026-01-05T16:00:00Z", 1), ("2026-01-05T21:00:00Z", 1), ("2026-01-05T15:00:00Z", 0), ("2026-01-05T22:00:00Z", 0)],
            slots.Select(s => (Utc(s.Start), s.PreferredCount)).ToList());
    }

    [Fact]
    public void Invalid_queries_are_rejected_and_empty_ranges_give_nothing()
    {
        var person = AlwaysFree("a");
        Assert.Throws<ArgumentOutOfRangeException>(() => SlotFinder.Find(Query("2026-01-05T08:00:00Z", "2026-01-05T20:00:00Z", length: 0), [person]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SlotFinder.Find(Query("2026-01-05T08:00:00Z", "2026-01-05T20:00:00Z", granularity: 0), [person]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SlotFinder.Find(Query("2026-01-05T08:00:00Z", "2026-01-05T20:00:00Z", buffer: -1), [person]));
        Assert.Empty(SlotFinder.Find(Query("2026-01-05T08:00:00Z", "2026-01-05T08:30:00Z"), [person]));
        Assert.Empty(SlotFinder.Find(Query("2026-01-05T08:00:00Z", "2026-01-05T20:00:00Z", max: 0), [person]));
    }
}
