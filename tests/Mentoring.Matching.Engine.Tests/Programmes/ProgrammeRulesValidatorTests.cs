using Mentoring.Matching.Engine.Programmes;

namespace Mentoring.Matching.Engine.Tests.Programmes;

public class ProgrammeRulesValidatorTests
{
    private static readonly ProgrammeRules Valid = ModelDefaults.For(MentoringModel.OneToOne);

    private static IReadOnlyList<string> Fields(ProgrammeRules rules) =>
        ProgrammeRulesValidator.Validate(rules).Select(v => v.Field).ToList();

    [Fact]
    public void Group_minimum_above_maximum_is_reported_on_the_maximum()
    {
        var violations = ProgrammeRulesValidator.Validate(Valid with { GroupSizeMin = 5, GroupSizeMax = 4 });
        var violation = Assert.Single(violations);
        Assert.Equal("group_size_max", violation.Field);
        Assert.Contains("group_size_min (5)", violation.Description);
    }

    [Fact]
    public void Negative_and_out_of_range_values_are_each_reported()
    {
        var rules = Valid with
        {
            GroupSizeMin = -1,
            DurationWeeks = 0,
            MeetingCadenceDays = -3,
            SessionMinutes = 0,
            MaxTimeZoneGapHours = -1,
            SameLevelTolerance = -1,
            TargetSharedHoursPerWeek = 0,
            MaxRequestsPerMentee = 0,
            RequestExpiryDays = -5,
        };
        Assert.Equal(
            ["group_size_min", "duration_weeks", "meeting_cadence_days", "session_minutes", "max_time_zone_gap_hours",
             "same_level_tolerance", "target_shared_hours_per_week", "max_requests_per_mentee", "request_expiry_days"],
            Fields(rules));
    }

    [Fact]
    public void A_fixed_duration_needs_a_duration()
    {
        Assert.Equal(["duration_weeks"], Fields(Valid with { EndCondition = EndCondition.FixedDuration, DurationWeeks = null }));
        Assert.Empty(Fields(Valid with { EndCondition = EndCondition.GapClosed, DurationWeeks = null }));
    }

    [Fact]
    public void Only_a_single_event_may_have_no_cadence()
    {
        Assert.Equal(["meeting_cadence_days"], Fields(Valid with { MeetingCadenceDays = 0 }));
        Assert.Empty(Fields(Valid with { MeetingCadenceDays = 0, EndCondition = EndCondition.SingleEvent }));
    }

    [Fact]
    public void At_least_one_known_format_must_be_allowed()
    {
        Assert.Equal(["formats_allowed"], Fields(Valid with { FormatsAllowed = MeetingFormats.None }));
        Assert.Equal(["formats_allowed"], Fields(Valid with { FormatsAllowed = (MeetingFormats)64 }));
    }

    [Fact]
    public void Preferred_seniority_gap_must_agree_with_the_direction()
    {
        Assert.Equal(["preferred_seniority_gap"], Fields(Valid with { PreferredSeniorityGap = new(0, 2) }));
        Assert.Equal(["preferred_seniority_gap"], Fields(Valid with { SeniorityDirection = SeniorityDirection.MentorMoreJunior }));
        Assert.Equal(["preferred_seniority_gap"], Fields(Valid with { PreferredSeniorityGap = new(3, 2) }));
        Assert.Equal(["preferred_seniority_gap"],
            Fields(Valid with { SeniorityDirection = SeniorityDirection.SameLevel, SameLevelTolerance = 1, PreferredSeniorityGap = new(0, 2) }));
        Assert.Empty(Fields(Valid with { SeniorityDirection = SeniorityDirection.Any, PreferredSeniorityGap = new(-2, 2) }));
    }

    [Fact]
    public void Weights_must_be_non_negative_and_not_all_zero()
    {
        Assert.Equal(["weights.language"], Fields(Valid with { Weights = Valid.Weights with { Language = -1 } }));
        Assert.Equal(["weights"], Fields(Valid with { Weights = new(0, 0, 0, 0, 0, 0, 0) }));
    }

    [Fact]
    public void An_empty_focus_is_refused_but_no_focus_means_every_competency()
    {
        Assert.Equal(["focus_competencies"], Fields(Valid with { FocusCompetencies = new HashSet<string>() }));
        Assert.Empty(Fields(Valid with { FocusCompetencies = new HashSet<string> { "sql" } }));
    }

    [Fact]
    public void Every_violation_has_a_sentence()
    {
        var rules = Valid with { GroupSizeMin = 0, GroupSizeMax = 99, Weights = new(0, 0, 0, 0, 0, 0, 0) };
        Assert.All(ProgrammeRulesValidator.Validate(rules), v => Assert.EndsWith(".", v.Description));
    }
}
