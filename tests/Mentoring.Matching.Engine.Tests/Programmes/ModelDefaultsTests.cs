using Mentoring.Matching.Engine.Programmes;

namespace Mentoring.Matching.Engine.Tests.Programmes;

public class ModelDefaultsTests
{
    public static TheoryData<MentoringModel> Models() => new(Enum.GetValues<MentoringModel>());

    [Theory, MemberData(nameof(Models))]
    public void Every_model_has_valid_defaults_for_itself(MentoringModel model)
    {
        var rules = ModelDefaults.For(model);
        Assert.Equal(model, rules.Model);
        Assert.Empty(ProgrammeRulesValidator.Validate(rules));
    }

    [Fact]
    public void Group_mentoring_has_four_to_six_mentees_per_mentor()
    {
        var rules = ModelDefaults.For(MentoringModel.Group);
        Assert.Equal((4, 6), (rules.GroupSizeMin, rules.GroupSizeMax));
    }

    [Fact]
    public void One_to_one_pairs_a_more_senior_mentor_of_the_same_area_outside_the_reporting_line()
    {
        var rules = ModelDefaults.For(MentoringModel.OneToOne);
        Assert.Equal((1, 1), (rules.GroupSizeMin, rules.GroupSizeMax));
        Assert.Equal(SeniorityDirection.MentorMoreSenior, rules.SeniorityDirection);
        Assert.True(rules.SameAreaRequired);
        Assert.False(rules.AllowSupervisory);
        Assert.True(rules.CredentialRequired);
    }

    [Fact]
    public void Peer_mentoring_is_same_level_and_its_seniority_factor_rewards_equality()
    {
        var rules = ModelDefaults.For(MentoringModel.Peer);
        Assert.Equal(SeniorityDirection.SameLevel, rules.SeniorityDirection);
        Assert.Equal(1, rules.SameLevelTolerance);
        Assert.Equal(new SeniorityGapRange(0, 0), rules.PreferredSeniorityGap);
        Assert.True(rules.Weights.Seniority > 0);
    }

    [Fact]
    public void Reverse_mentoring_flips_the_seniority_direction()
    {
        var rules = ModelDefaults.For(MentoringModel.Reverse);
        Assert.Equal(SeniorityDirection.MentorMoreJunior, rules.SeniorityDirection);
        Assert.True(rules.PreferredSeniorityGap.Max < 0);
    }

    [Fact]
    public void Speed_mentoring_is_one_event_of_short_sessions()
    {
        var rules = ModelDefaults.For(MentoringModel.Speed);
        Assert.Equal(EndCondition.SingleEvent, rules.EndCondition);
        Assert.True(rules.SessionMinutes <= 15);
        Assert.Null(rules.DurationWeeks);
    }

    [Fact]
    public void E_mentoring_meets_by_video_or_chat_across_any_time_zone()
    {
        var rules = ModelDefaults.For(MentoringModel.EMentoring);
        Assert.Equal(MeetingFormats.Video | MeetingFormats.Chat, rules.FormatsAllowed);
        Assert.Equal(12, rules.MaxTimeZoneGapHours);
        Assert.Equal(0, rules.Weights.LocationFormat);
    }

    [Fact]
    public void Apprentice_mentors_are_outside_the_hierarchy_and_not_colleagues_under_the_same_manager()
    {
        var rules = ModelDefaults.For(MentoringModel.Apprentice);
        Assert.False(rules.AllowSupervisory);
        Assert.True(rules.ExcludeSharedLineManager);
    }

    [Fact]
    public void Competency_pairing_weighs_gap_coverage_most_and_ends_when_the_gap_closes_within_a_time_box()
    {
        var rules = ModelDefaults.For(MentoringModel.Competency);
        Assert.Equal(EndCondition.GapClosed, rules.EndCondition);
        Assert.NotNull(rules.DurationWeeks);
        var w = rules.Weights;
        Assert.True(w.CompetencyGap * 2 > w.Total, "gap coverage should carry more than half of the score");
    }

    [Fact]
    public void Executive_mentoring_prefers_a_large_seniority_gap()
    {
        var rules = ModelDefaults.For(MentoringModel.Executive);
        Assert.True(rules.PreferredSeniorityGap.Min >= 3);
        Assert.True(rules.Weights.Seniority >= rules.Weights.AreaOfWork);
    }

    [Fact]
    public void Colleague_onboarding_stays_in_the_same_field()
    {
        Assert.True(ModelDefaults.For(MentoringModel.Colleague).SameAreaRequired);
    }

    [Fact]
    public void Latest_end_is_the_start_plus_the_duration()
    {
        var start = new DateTimeOffset(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal(start.AddDays(12 * 7), ModelDefaults.For(MentoringModel.Competency).LatestEnd(start));
        Assert.Null(ModelDefaults.For(MentoringModel.Speed).LatestEnd(start));
    }

    [Fact]
    public void An_unknown_model_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelDefaults.For((MentoringModel)99));
    }
}
