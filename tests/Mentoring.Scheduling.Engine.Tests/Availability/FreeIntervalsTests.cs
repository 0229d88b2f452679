using Mentoring.Scheduling.Engine.Availability;
using NodaTime;
using NodaTime.Text;

namespace Mentoring.Scheduling.Engine.Tests.Availability;

public sealed class FreeIntervalsTests
{
    private static readonly IsoDayOfWeek[] Weekdays =
        [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday];

    private static DateTimeZone Zone(string id) => DateTimeZoneProviders.Tzdb[id];

    private static LocalTime T(string hhmm) => LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(hhmm).Value;

    private static LocalDate D(string iso) => LocalDatePattern.Iso.Parse(iso).Value;

    private static Instant I(string iso) => InstantPattern.ExtendedIso.Parse(iso).Value;

    private static WeeklyWindow W(IsoDayOfWeek day, string start, string end) => new(day, T(start), T(end));

    private static IEnumerable<WeeklyWindow> EveryWeekday(string start, string end) => Weekdays.Select(d => W(d, start, end));

    private static List<(string, string)> Utc(IEnumerable<FreeInterval> intervals) =>
        intervals.Select(i => (InstantPattern.General.Format(i.Start), InstantPattern.General.Format(i.End))).ToList();

    private static IReadOnlyList<FreeInterval> Compute(
        string zone, IEnumerable<WeeklyWindow> windows, string from, string to, params BlockedTime[] exceptions) =>
        FreeIntervals.Compute(Zone(zone), windows, exceptions, I(from), I(to));

    [Fact]
    public void An_ordinary_week_in_utc_gives_one_interval_per_window()
    {
        var free = Compute("Etc/UTC", EveryWeekday("09:00", "17:00"), "2026-01-05T00:00:00Z", "2026-01-12T00:00:00Z");

        Assert.Equal(
            [
                ("2026-01-05T09:00:00Z", "2026-01-05T17:00:00Z"), ("2026-01-06T09:00:00Z", "2026-01-06T17:00:00Z"),
                ("2026-01-07T09:00:00Z", "2026-01-07T17:00:00Z"), ("2026-01-08T09:00:00Z", "2026-01-08T17:00:00Z"),
                ("2026-01-09T09:00:00Z", "2026-01-09T17:00:00Z"),
            ],
            Utc(free));
    }

    [Fact]
    public void Windows_in_a_zone_with_an_offset_are_shifted_to_utc_and_adjacent_ones_merge()
    {
        // Paris in winter is UTC+1; 09:00–12:00 and 12:00–17:00 touch, so they are one free interval.
        var free = Compute("Europe/Paris", [W(IsoDayOfWeek.Tuesday, "12:00", "17:00"), W(IsoDayOfWeek.Tuesday, "09:00", "12:00")],
            "2026-01-05T00:00:00Z", "2026-01-12T00:00:00Z");

        Assert.Equal([("2026-01-06T08:00:00Z", "2026-01-06T16:00:00Z")], Utc(free));
    }

    [Fact]
    public void London_spring_forward_week_keeps_eight_local_hours_and_moves_an_hour_earlier_in_utc()
    {
        // Clocks go forward on Sunday 29 March 2026 at 01:00 GMT.
        var free = Compute("Europe/London", EveryWeekday("09:00", "17:00"), "2026-03-23T00:00:00Z", "2026-04-04T00:00:00Z");

        Assert.Equal(10, free.Count);
        Assert.All(free, i => Assert.Equal(Duration.FromHours(8), i.Length));
        Assert.Equal(("2026-03-27T09:00:00Z", "2026-03-27T17:00:00Z"), Utc(free)[4]);
        Assert.Equal(("2026-03-30T08:00:00Z", "2026-03-30T16:00:00Z"), Utc(free)[5]);
    }

    [Fact]
    public void London_fall_back_week_keeps_eight_local_hours_and_moves_an_hour_later_in_utc()
    {
        // Clocks go back on Sunday 25 October 2026 at 01:00 GMT (02:00 BST).
        var free = Compute("Europe/London", EveryWeekday("09:00", "17:00"), "2026-10-19T00:00:00Z", "2026-10-31T00:00:00Z");

        Assert.Equal(10, free.Count);
        Assert.All(free, i => Assert.Equal(Duration.FromHours(8), i.Length));
        Assert.Equal(("2026-10-23T08:00:00Z", "2026-10-23T16:00:00Z"), Utc(free)[4]);
        Assert.Equal(("2026-10-26T09:00:00Z", "2026-10-26T17:00:00Z"), Utc(free)[5]);
    }

    [Fact]
    public void A_window_wholly_inside_the_spring_forward_gap_does_not_exist_that_day()
    {
        // New York skips 02:00–03:00 on Sunday 8 March 2026; the next Sunday has it again (EDT, UTC-4).
        var free = Compute("America/New_York", [W(IsoDayOfWeek.Sunday, "02:00", "03:00")], "2026-03-07T00:00:00Z", "2026-03-16T00:00:00Z");

        Assert.Equal([("2026-03-15T06:00:00Z", "2026-03-15T07:00:00Z")], Utc(free));
    }

    [Fact]
    public void A_window_starting_inside_the_gap_starts_at_the_first_instant_after_it()
    {
        var free = Compute("America/New_York", [W(IsoDayOfWeek.Sunday, "02:30", "04:00")], "2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z");

        // 03:00 EDT is 07:00Z; 04:00 EDT is 08:00Z.
        Assert.Equal([("2026-03-08T07:00:00Z", "2026-03-08T08:00:00Z")], Utc(free));
    }

    [Fact]
    public void A_window_in_the_repeated_fall_back_hour_starts_at_its_first_and_ends_at_its_second_occurrence()
    {
        // New York repeats 01:00–02:00 on Sunday 1 November 2026: first as EDT (UTC-4), then as EST (UTC-5).
        var free = Compute("America/New_York", [W(IsoDayOfWeek.Sunday, "01:00", "02:00")], "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z");

        // 01:00 EDT is 05:00Z; 02:00 (only EST) is 07:00Z: never shortened, here two real hours.
        Assert.Equal([("2026-11-01T05:00:00Z", "2026-11-01T07:00:00Z")], Utc(free));

        var ending = Compute("America/New_York", [W(IsoDayOfWeek.Sunday, "00:00", "01:30")], "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z");
        Assert.Equal([("2026-11-01T04:00:00Z", "2026-11-01T06:30:00Z")], Utc(ending)); // ends at the later 01:30 (EST)
    }

    [Fact]
    public void A_whole_day_exception_removes_the_day_and_a_partial_one_splits_the_window()
    {
        var free = Compute("Etc/UTC", EveryWeekday("09:00", "17:00"), "2026-01-05T00:00:00Z", "2026-01-10T00:00:00Z",
            new BlockedTime(D("2026-01-07")),
            new BlockedTime(D("2026-01-08"), T("12:00"), T("13:30")),
            new BlockedTime(D("2026-01-09"), T("08:00"), T("10:00")),
            new BlockedTime(D("2026-01-10"))); // a Saturday: no window anyway

        Assert.Equal(
            [
                ("2026-01-05T09:00:00Z", "2026-01-05T17:00:00Z"), ("2026-01-06T09:00:00Z", "2026-01-06T17:00:00Z"),
                ("2026-01-08T09:00:00Z", "2026-01-08T12:00:00Z"), ("2026-01-08T13:30:00Z", "2026-01-08T17:00:00Z"),
                ("2026-01-09T10:00:00Z", "2026-01-09T17:00:00Z"),
            ],
            Utc(free));
    }

    [Fact]
    public void Exceptions_are_local_dates_in_the_persons_zone()
    {
        // Tokyo is UTC+9: Tuesday 6 January local 09:00–17:00 is 00:00Z–08:00Z; blocking the local date removes it.
        var window = new[] { W(IsoDayOfWeek.Tuesday, "09:00", "17:00") };
        Assert.Equal([("2026-01-06T00:00:00Z", "2026-01-06T08:00:00Z")],
            Utc(Compute("Asia/Tokyo", window, "2026-01-05T00:00:00Z", "2026-01-12T00:00:00Z")));
        Assert.Empty(Compute("Asia/Tokyo", window, "2026-01-05T00:00:00Z", "2026-01-12T00:00:00Z", new BlockedTime(D("2026-01-06"))));
    }

    [Fact]
    public void Intervals_are_clipped_to_the_range()
    {
        var free = Compute("Etc/UTC", EveryWeekday("09:00", "17:00"), "2026-01-05T12:00:00Z", "2026-01-06T10:30:00Z");

        Assert.Equal([("2026-01-05T12:00:00Z", "2026-01-05T17:00:00Z"), ("2026-01-06T09:00:00Z", "2026-01-06T10:30:00Z")], Utc(free));
        Assert.Empty(Compute("Etc/UTC", EveryWeekday("09:00", "17:00"), "2026-01-05T17:00:00Z", "2026-01-06T09:00:00Z"));
        Assert.Empty(Compute("Etc/UTC", EveryWeekday("09:00", "17:00"), "2026-01-06T00:00:00Z", "2026-01-05T00:00:00Z"));
    }

    [Fact]
    public void Half_hour_offsets_are_respected()
    {
        // Kolkata is UTC+05:30 all year.
        var free = Compute("Asia/Kolkata", [W(IsoDayOfWeek.Monday, "09:00", "17:30")], "2026-01-05T00:00:00Z", "2026-01-12T00:00:00Z");

        Assert.Equal([("2026-01-05T03:30:00Z", "2026-01-05T12:00:00Z")], Utc(free));
    }

    [Fact]
    public void A_window_ending_at_midnight_merges_with_one_starting_at_midnight_the_next_day()
    {
        // An end of 00:00 means 24:00.
        var free = Compute("Etc/UTC", [W(IsoDayOfWeek.Monday, "20:00", "00:00"), W(IsoDayOfWeek.Tuesday, "00:00", "02:00")],
            "2026-01-05T00:00:00Z", "2026-01-12T00:00:00Z");

        Assert.Equal([("2026-01-05T20:00:00Z", "2026-01-06T02:00:00Z")], Utc(free));
    }

    [Fact]
    public void A_range_of_several_weeks_repeats_the_windows_and_follows_the_zone_rules_each_week()
    {
        // Three Tuesdays in London around the spring change: GMT, GMT, BST.
        var free = Compute("Europe/London", [W(IsoDayOfWeek.Tuesday, "09:00", "17:00")], "2026-03-16T00:00:00Z", "2026-04-06T00:00:00Z");

        Assert.Equal(
            [
                ("2026-03-17T09:00:00Z", "2026-03-17T17:00:00Z"), ("2026-03-24T09:00:00Z", "2026-03-24T17:00:00Z"),
                ("2026-03-31T08:00:00Z", "2026-03-31T16:00:00Z"),
            ],
            Utc(free));
        Assert.Equal(13, Compute("Etc/UTC", [W(IsoDayOfWeek.Monday, "09:00", "10:00")], "2026-01-01T00:00:00Z", "2026-04-02T00:00:00Z").Count);
    }
}
