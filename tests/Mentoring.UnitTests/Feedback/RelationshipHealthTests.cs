using Mentoring.Feedback.Health;

namespace Mentoring.UnitTests.Feedback;

public sealed class RelationshipHealthTests
{
    private static readonly DateTime Now = new(2027, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly HealthRules Rules = new();

    private static HealthFacts Facts(
        IEnumerable<MeetingOutcome>? meetings = null, IEnumerable<PulseAnswer>? pulses = null, IEnumerable<FitCheckState>? fit = null, int activeDaysAgo = 60) =>
        new(Now, Now.AddDays(-activeDaysAgo), (meetings ?? []).ToList(), (pulses ?? []).ToList(), (fit ?? []).ToList());

    private static MeetingOutcome Held(int daysAgo) => new(Now.AddDays(-daysAgo), true);
    private static MeetingOutcome Missed(int daysAgo) => new(Now.AddDays(-daysAgo), false);
    private static IEnumerable<PulseAnswer> Pulses(params int[] ratings) => ratings.Select((r, i) => new PulseAnswer(Now.AddDays(-ratings.Length + i), r));

    [Fact]
    public void A_relationship_meeting_weekly_with_good_pulses_is_healthy() =>
        Assert.Empty(RelationshipHealth.Evaluate(Facts([Held(14), Held(7), Held(1)], Pulses(4, 5, 4, 5)), Rules));

    [Theory]
    [InlineData(20, false)]
    [InlineData(21, true)]
    public void No_meeting_held_for_three_weeks_is_a_risk(int daysSinceLastHeld, bool atRisk) =>
        Assert.Equal(atRisk, RelationshipHealth.Evaluate(Facts([Held(daysSinceLastHeld)]), Rules).Contains(RiskReason.NoRecentMeeting));

    [Fact]
    public void A_new_relationship_counts_from_when_it_became_active() =>
        Assert.Empty(RelationshipHealth.Evaluate(Facts(activeDaysAgo: 10), Rules));

    [Fact]
    public void Only_the_last_two_meetings_missed_in_a_row_count()
    {
        Assert.Contains(RiskReason.MissedTwice, RelationshipHealth.Evaluate(Facts([Held(10), Missed(7), Missed(1)]), Rules));
        Assert.DoesNotContain(RiskReason.MissedTwice, RelationshipHealth.Evaluate(Facts([Missed(10), Held(7), Missed(1)]), Rules));
        Assert.DoesNotContain(RiskReason.MissedTwice, RelationshipHealth.Evaluate(Facts([Missed(10), Missed(7), Held(1)]), Rules));
        // A meeting still to come has no outcome yet.
        Assert.DoesNotContain(RiskReason.MissedTwice, RelationshipHealth.Evaluate(Facts([Held(10), Missed(3), new MeetingOutcome(Now.AddDays(2), false)]), Rules));
    }

    [Theory]
    [InlineData(new[] { 5, 5, 5, 4, 4, 4 }, false)]
    [InlineData(new[] { 5, 5, 5, 4, 4, 3 }, false)]
    [InlineData(new[] { 5, 5, 5, 3, 4, 3 }, true)]
    [InlineData(new[] { 4, 4, 4, 3, 3, 3 }, true)]
    [InlineData(new[] { 5, 5, 3 }, false)]
    [InlineData(new[] { 5, 1 }, true)]
    public void A_falling_pulse_compares_the_latest_answers_with_the_ones_before(int[] ratings, bool falling) =>
        Assert.Equal(falling, RelationshipHealth.Evaluate(Facts([Held(1)], Pulses(ratings)), Rules).Contains(RiskReason.FallingPulse));

    [Fact]
    public void A_fit_check_answered_no_by_anyone_is_a_risk_until_a_later_check_says_otherwise()
    {
        var no = new FitCheckState(Now.AddDays(-40), 2, [true, false]);
        Assert.Contains(RiskReason.FitCheckNo, RelationshipHealth.Evaluate(Facts([Held(1)], fit: [no]), Rules));
        var laterYes = new FitCheckState(Now.AddDays(-1), 2, [true, true]);
        Assert.Empty(RelationshipHealth.Evaluate(Facts([Held(1)], fit: [no, laterYes]), Rules));
    }

    [Fact]
    public void An_unanswered_fit_check_is_a_risk_after_the_grace_days()
    {
        Assert.Empty(RelationshipHealth.Evaluate(Facts([Held(1)], fit: [new FitCheckState(Now.AddDays(-6), 2, [true])]), Rules));
        Assert.Equal([RiskReason.FitCheckUnanswered],
            RelationshipHealth.Evaluate(Facts([Held(1)], fit: [new FitCheckState(Now.AddDays(-7), 2, [true])]), Rules));
        Assert.Empty(RelationshipHealth.Evaluate(Facts([Held(1)], fit: [new FitCheckState(Now.AddDays(2), 2, [])]), Rules));
    }

    [Fact]
    public void Several_reasons_hold_together() =>
        Assert.Equal([RiskReason.NoRecentMeeting, RiskReason.MissedTwice, RiskReason.FallingPulse],
            RelationshipHealth.Evaluate(Facts([Held(40), Missed(30), Missed(25)], Pulses(5, 1)), Rules));

    [Fact]
    public void Fit_checks_fall_due_thirty_days_after_the_start_and_then_every_interval()
    {
        var start = new DateTime(2027, 1, 1, 9, 0, 0, DateTimeKind.Utc);
        Assert.Empty(FitCheckSchedule.DueUntil(start, start.AddDays(29)));
        Assert.Equal([(1, start.AddDays(30)), (2, start.AddDays(90))], FitCheckSchedule.DueUntil(start, start.AddDays(100)));
        Assert.Equal([(1, start.AddDays(30)), (2, start.AddDays(44))], FitCheckSchedule.DueUntil(start, start.AddDays(50), intervalDays: 14));
        Assert.Equal(start.AddDays(150), FitCheckSchedule.DueAt(start, 3));
    }
}
