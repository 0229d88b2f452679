using CsCheck;
using Mentoring.Scheduling.Engine.Recurrence;
using NodaTime;
using NodaTime.Text;
using static Mentoring.Scheduling.Engine.Tests.Time;

namespace Mentoring.Scheduling.Engine.Tests.Recurrence;

public sealed class RecurrencesTests
{
    private static readonly DateTimeZone London = Zone("Europe/London");
    private static readonly DateTimeZone NewYork = Zone("America/New_York");
    private static readonly Duration Hour = Duration.FromHours(1);

    private static SeriesRule Rule(string first, DateTimeZone zone, string rrule, params string[] exceptions) =>
        new(L(first), zone, rrule, exceptions.Select(D).ToList());

    private static List<string> Locals(IEnumerable<Occurrence> occurrences) =>
        occurrences.Select(o => LocalDateTimePattern.ExtendedIso.Format(o.LocalStart)).ToList();

    private static List<string> Utcs(IEnumerable<Occurrence> occurrences) => occurrences.Select(o => Utc(o.Start)).ToList();

    [Fact]
    public void A_weekly_series_keeps_its_local_time_in_London_across_both_changes()
    {
        var occurrences = Recurrences.Expand(Rule("2026-03-16T09:30:00", London, "FREQ=WEEKLY;COUNT=4"), Hour);
        Assert.Equal(["2026-03-16T09:30:00Z", "2026-03-23T09:30:00Z", "2026-03-30T08:30:00Z", "2026-04-06T08:30:00Z"], Utcs(occurrences));
        Assert.All(occurrences, o => Assert.Equal(new LocalTime(9, 30), o.LocalStart.TimeOfDay));
        Assert.All(occurrences, o => Assert.Equal(Hour, o.End - o.Start));

        var autumn = Recurrences.Expand(Rule("2026-10-19T18:00:00", London, "FREQ=WEEKLY;COUNT=2"), Hour);
        Assert.Equal(["2026-10-19T17:00:00Z", "2026-10-26T18:00:00Z"], Utcs(autumn));
    }

    [Fact]
    public void A_weekly_series_keeps_its_local_time_in_New_York_across_both_changes()
    {
        var spring = Recurrences.Expand(Rule("2026-03-05T12:00:00", NewYork, "FREQ=WEEKLY;BYDAY=TH;COUNT=2"), Hour);
        Assert.Equal(["2026-03-05T17:00:00Z", "2026-03-12T16:00:00Z"], Utcs(spring));
        var autumn = Recurrences.Expand(Rule("2026-10-29T12:00:00", NewYork, "FREQ=WEEKLY;UNTIL=20261106T000000Z"), Hour);
        Assert.Equal(["2026-10-29T16:00:00Z", "2026-11-05T17:00:00Z"], Utcs(autumn));
    }

    [Fact]
    public void Every_two_weeks_on_two_days()
    {
        var occurrences = Recurrences.Expand(Rule("2026-01-05T10:00:00", London, "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=5"), Hour);
        Assert.Equal(
            ["2026-01-05T10:00:00", "2026-01-08T10:00:00", "2026-01-19T10:00:00", "2026-01-22T10:00:00", "2026-02-02T10:00:00"],
            Locals(occurrences));
    }

    [Fact]
    public void Monthly_on_the_second_Tuesday()
    {
        var occurrences = Recurrences.Expand(Rule("2026-01-13T17:00:00", NewYork, "FREQ=MONTHLY;BYDAY=2TU;COUNT=4"), Hour);
        Assert.Equal(["2026-01-13T17:00:00", "2026-02-10T17:00:00", "2026-03-10T17:00:00", "2026-04-14T17:00:00"], Locals(occurrences));
        // March 10 is after New York's change (8 March): 17:00 EDT = 21:00Z.
        Assert.Equal("2026-03-10T21:00:00Z", Utc(occurrences[2].Start));
    }

    [Fact]
    public void Exception_dates_drop_the_occurrences_on_those_local_dates_and_count_toward_COUNT()
    {
        var occurrences = Recurrences.Expand(Rule("2026-01-05T10:00:00", London, "FREQ=DAILY;COUNT=5", "2026-01-06", "2026-01-08", "2026-02-01"), Hour);
        Assert.Equal(["2026-01-05T10:00:00", "2026-01-07T10:00:00", "2026-01-09T10:00:00"], Locals(occurrences));
    }

    [Fact]
    public void Until_as_a_date_includes_that_date_and_as_utc_bounds_the_instant()
    {
        Assert.Equal(3, Recurrences.Expand(Rule("2026-03-18T09:30:00", London, "FREQ=DAILY;UNTIL=20260320"), Hour).Count);
        Assert.Equal(3, Recurrences.Expand(Rule("2026-03-18T09:30:00", London, "FREQ=DAILY;UNTIL=20260320T093000Z"), Hour).Count);
        Assert.Equal(2, Recurrences.Expand(Rule("2026-03-18T09:30:00", London, "FREQ=DAILY;UNTIL=20260320T092959Z"), Hour).Count);
        // In New York 09:30 EDT is 13:30Z: an UNTIL of 13:00Z on the 20th excludes the 20th.
        Assert.Equal(2, Recurrences.Expand(Rule("2026-03-18T09:30:00", NewYork, "FREQ=DAILY;UNTIL=20260320T130000Z"), Hour).Count);
    }

    [Fact]
    public void Local_times_in_a_gap_move_to_its_end_and_ambiguous_ones_take_the_earlier_offset()
    {
        var gap = Recurrences.Expand(Rule("2026-03-28T01:30:00", London, "FREQ=DAILY;COUNT=3"), Hour);
        Assert.Equal(["2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"], Utcs(gap));
        Assert.Equal("2026-03-29T01:30:00", Locals(gap)[1]);

        var overlap = Recurrences.Expand(Rule("2026-10-24T01:30:00", London, "FREQ=DAILY;COUNT=3"), Hour);
        Assert.Equal(["2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"], Utcs(overlap));
    }

    [Theory]
    [InlineData("FREQ=WEEKLY", "never ends")]
    [InlineData("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "never ends")]
    [InlineData("FREQ=DAILY;COUNT=501", "more than 500")]
    [InlineData("FREQ=HOURLY;COUNT=3", "DAILY, WEEKLY, MONTHLY or YEARLY")]
    [InlineData("FREQ=MINUTELY;COUNT=3", "DAILY, WEEKLY, MONTHLY or YEARLY")]
    [InlineData("FREQ=SOMETIMES;COUNT=3", "could not be read")]
    [InlineData("FREQ=WEEKLY;COUNT=three", "could not be read")]
    [InlineData("FREQ=WEEKLY;BOGUS;COUNT=2", "could not be read")]
    [InlineData("not a rule", "no FREQ")]
    [InlineData("FREQ=DAILY;COUNT=0", "could not be read")]
    [InlineData("FREQ=DAILY;COUNT=2;UNTIL=20260101T000000Z", "could not be read")]
    [InlineData("COUNT=3", "no FREQ")]
    [InlineData("", "empty")]
    public void Unacceptable_rules_are_rejected_with_a_reason(string rrule, string reason)
    {
        Assert.Contains(reason, Recurrences.Validate(rrule));
        var e = Assert.Throws<RecurrenceException>(() => Recurrences.Expand(Rule("2026-01-05T10:00:00", London, rrule), Hour));
        Assert.Contains(reason, e.Message);
    }

    [Theory]
    [InlineData("FREQ=DAILY;COUNT=500")]
    [InlineData("RRULE:FREQ=WEEKLY;UNTIL=20261231T235959Z")]
    [InlineData("FREQ=MONTHLY;BYDAY=2TU;UNTIL=20270101")]
    [InlineData("FREQ=YEARLY;COUNT=3")]
    public void Acceptable_rules_pass(string rrule) => Assert.Null(Recurrences.Validate(rrule));

    [Fact]
    public void A_series_over_500_occurrences_through_UNTIL_is_rejected()
    {
        Assert.Equal(500, Recurrences.Expand(Rule("2026-01-01T10:00:00", London, "FREQ=DAILY;COUNT=500"), Hour).Count);
        var e = Assert.Throws<RecurrenceException>(() => Recurrences.Expand(Rule("2026-01-01T10:00:00", London, "FREQ=DAILY;UNTIL=20280101"), Hour));
        Assert.Contains("more than 500", e.Message);
    }

    [Fact]
    public void A_rule_that_never_matches_is_rejected()
    {
        var e = Assert.Throws<RecurrenceException>(() =>
            Recurrences.Expand(Rule("2026-01-01T10:00:00", London, "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=3"), Hour));
        Assert.Contains("no occurrences", e.Message);
    }

    [Fact]
    public void Split_this_and_following_with_COUNT()
    {
        var rule = Rule("2026-03-16T09:30:00", London, "FREQ=WEEKLY;COUNT=6", "2026-03-30");
        var (before, from) = Recurrences.SplitAt(rule, L("2026-04-06T09:30:00"));

        Assert.Equal(["2026-03-16T09:30:00", "2026-03-23T09:30:00"], Locals(Recurrences.Expand(before, Hour)));
        Assert.Contains("UNTIL=20260330T083000Z", before.RRule); // the last instance before: 30 March 09:30 BST
        Assert.DoesNotContain("COUNT", before.RRule);
        Assert.NotNull(from);
        Assert.Equal(L("2026-04-06T09:30:00"), from.FirstStart);
        Assert.Contains("COUNT=3", from.RRule);
        Assert.Equal(["2026-04-06T09:30:00", "2026-04-13T09:30:00", "2026-04-20T09:30:00"], Locals(Recurrences.Expand(from, Hour)));
    }

    [Fact]
    public void Split_at_the_first_occurrence_leaves_nothing_before_and_after_the_last_nothing_after()
    {
        var rule = Rule("2026-01-05T10:00:00", London, "FREQ=DAILY;COUNT=3");
        var (before, from) = Recurrences.SplitAt(rule, L("2026-01-05T10:00:00"));
        Assert.Empty(Recurrences.Expand(before, Hour));
        Assert.Equal(3, Recurrences.Expand(from!, Hour).Count);

        var (all, none) = Recurrences.SplitAt(rule, L("2026-01-07T10:00:01"));
        Assert.Equal(3, Recurrences.Expand(all, Hour).Count);
        Assert.Null(none);

        // Only an excluded instance remains.
        var (_, excludedOnly) = Recurrences.SplitAt(rule with { ExceptionDates = [D("2026-01-07")] }, L("2026-01-07T10:00:00"));
        Assert.Null(excludedOnly);
    }

    private static readonly string[] SplitRules =
    [
        "FREQ=DAILY;COUNT=20", "FREQ=WEEKLY;COUNT=15", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=12", "FREQ=MONTHLY;BYDAY=2TU;COUNT=8",
        "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=6", "FREQ=DAILY;UNTIL=20260420", "FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20260501T120000Z",
        "FREQ=YEARLY;COUNT=3", "FREQ=DAILY;INTERVAL=3;COUNT=10",
    ];

    [Fact]
    public void Splitting_preserves_the_union_of_occurrences()
    {
        Gen.Select(Gen.Int[0, SplitRules.Length - 1], Gen.Int[0, 40], Gen.Int[0, 60], Gen.Int[0, 5], Gen.Int[0, 2]).Sample(
            (ruleIndex, startDay, splitDay, exceptionCount, zoneIndex) =>
            {
                var zone = new[] { London, NewYork, Zone("Asia/Kolkata") }[zoneIndex];
                var first = new LocalDate(2026, 3, 1).PlusDays(startDay).At(new LocalTime(1, 30));
                var exceptions = Enumerable.Range(0, exceptionCount).Select(i => first.Date.PlusDays(i * 3 + 1)).ToList();
                var rule = new SeriesRule(first, zone, SplitRules[ruleIndex], exceptions);
                var all = Recurrences.Expand(rule, Hour);
                var at = all.Count > 0 && splitDay < all.Count ? all[splitDay].LocalStart : first.PlusDays(splitDay);

                var (before, from) = Recurrences.SplitAt(rule, at);
                var beforeOccurrences = Recurrences.Expand(before, Hour);
                var fromOccurrences = from is null ? [] : Recurrences.Expand(from, Hour);

                Assert.All(beforeOccurrences, o => Assert.True(o.LocalStart < at));
                Assert.All(fromOccurrences, o => Assert.True(o.LocalStart >= at));
                Assert.Equal(all, beforeOccurrences.Concat(fromOccurrences).ToList());
                Assert.Equal(from is null, !all.Any(o => o.LocalStart >= at));
            }, iter: 300);
    }
}
