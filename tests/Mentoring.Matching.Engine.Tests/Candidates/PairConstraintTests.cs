using Mentoring.Matching.Engine.Candidates;
using Mentoring.Matching.Engine.Programmes;

namespace Mentoring.Matching.Engine.Tests.Candidates;

public class PairConstraintTests
{
    private static readonly ProgrammeRules OneToOne = ModelDefaults.For(MentoringModel.OneToOne);

    private static IReadOnlyList<ConstraintCode> Codes(Participant mentee, Participant mentor, ProgrammeRules? rules = null, PairHistory? history = null) =>
        CandidateGenerator.Explain(mentee, mentor, rules ?? OneToOne, history).Violations.Select(v => v.Constraint).ToList();

    [Fact]
    public void The_baseline_pair_passes_every_constraint()
    {
        var explanation = CandidateGenerator.Explain(People.Mentee(), People.Mentor(), OneToOne);
        Assert.True(explanation.IsFeasible);
        Assert.Empty(explanation.Warnings);
    }

    public static TheoryData<string, ConstraintCode> SingleViolations() => new()
    {
        { "inactive mentor", ConstraintCode.NotActive },
        { "no capacity", ConstraintCode.MentorCapacity },
        { "not credentialed", ConstraintCode.CredentialRequired },
        { "junior mentor", ConstraintCode.SeniorityDirection },
        { "other area", ConstraintCode.AreaOfWork },
        { "other language", ConstraintCode.NoCommonLanguage },
        { "phone only", ConstraintCode.NoCommonFormat },
        { "far away", ConstraintCode.TimeZoneGap },
    };

    [Theory, MemberData(nameof(SingleViolations))]
    public void Each_rule_excludes_with_its_code_and_a_sentence(string change, ConstraintCode expected)
    {
        var mentor = People.Mentor();
        mentor = change switch
        {
            "inactive mentor" => mentor with { IsActive = false },
            "no capacity" => mentor with { CapacityRemaining = 0 },
            "not credentialed" => mentor with { IsCredentialed = false },
            "junior mentor" => mentor with { Seniority = 2 },
            "other area" => mentor with { AreaOfWork = "sales" },
            "other language" => mentor with { Languages = ["de"] },
            "phone only" => mentor with { Formats = MeetingFormats.Phone },
            "far away" => mentor with { UtcOffsetMinutes = -480 },
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        };
        var violation = Assert.Single(CandidateGenerator.Explain(People.Mentee(), mentor, OneToOne).Violations);
        Assert.Equal(expected, violation.Constraint);
        Assert.EndsWith(".", violation.Explanation);
        Assert.Equal(expected.Code(), violation.Code);
    }

    [Fact]
    public void A_person_is_never_their_own_mentor()
    {
        var person = People.Mentor();
        Assert.Equal(ConstraintCode.Self, Codes(person, person)[0]);
    }

    [Fact]
    public void An_inactive_mentee_cannot_be_matched()
    {
        Assert.Equal([ConstraintCode.NotActive], Codes(People.Mentee() with { IsActive = false }, People.Mentor()));
    }

    [Fact]
    public void The_reporting_line_is_excluded_in_either_direction_at_any_depth()
    {
        var mentor = People.Mentor();
        var mentee = People.Mentee();
        var twoUp = mentee with { LineManagerChain = [People.NewId(), mentor.Id, People.NewId()] };
        var explanation = CandidateGenerator.Explain(twoUp, mentor, OneToOne);
        Assert.Equal(ConstraintCode.ReportingLine, Assert.Single(explanation.Violations).Constraint);
        Assert.Contains("2 levels up", explanation.Violations[0].Explanation);

        var mentorUnderMentee = mentor with { LineManagerChain = [People.NewId(), People.NewId(), mentee.Id] };
        Assert.Equal([ConstraintCode.ReportingLine], Codes(mentee, mentorUnderMentee));
    }

    [Fact]
    public void Supervisory_mentoring_when_allowed_is_a_warning_not_an_exclusion()
    {
        var mentor = People.Mentor();
        var mentee = People.Mentee() with { LineManagerChain = [mentor.Id] };
        var explanation = CandidateGenerator.Explain(mentee, mentor, OneToOne with { AllowSupervisory = true });
        Assert.True(explanation.IsFeasible);
        Assert.Contains("conflict of interest", Assert.Single(explanation.Warnings));
    }

    [Fact]
    public void Sharing_a_line_manager_is_excluded_only_when_the_programme_says_so()
    {
        var boss = People.NewId();
        var mentee = People.Mentee() with { LineManagerChain = [boss] };
        var mentor = People.Mentor() with { LineManagerChain = [boss] };
        Assert.Empty(Codes(mentee, mentor));
        Assert.Equal([ConstraintCode.SharedLineManager], Codes(mentee, mentor, OneToOne with { ExcludeSharedLineManager = true }));
    }

    [Fact]
    public void An_ended_pair_is_not_paired_again_either_way_unless_allowed()
    {
        var mentee = People.Mentee();
        var mentor = People.Mentor();
        var history = new PairHistory([(mentor.Id, mentee.Id)]);
        Assert.Equal([ConstraintCode.AlreadyPaired], Codes(mentee, mentor, history: history));
        Assert.Empty(Codes(mentee, mentor, OneToOne with { AllowRepairingEndedPairs = true }, history));
    }

    [Fact]
    public void Reverse_mentoring_needs_a_more_junior_mentor()
    {
        var rules = ModelDefaults.For(MentoringModel.Reverse);
        var senior = People.Mentee() with { Seniority = 5 };
        Assert.Empty(Codes(senior, People.Mentor() with { Seniority = 3 }, rules));
        Assert.Equal([ConstraintCode.SeniorityDirection], Codes(senior, People.Mentor() with { Seniority = 5 }, rules));
    }

    [Fact]
    public void Peers_may_differ_by_one_level_at_most()
    {
        var rules = ModelDefaults.For(MentoringModel.Peer);
        Assert.Empty(Codes(People.Mentee(), People.Mentor() with { Seniority = 3 }, rules));
        Assert.Empty(Codes(People.Mentee(), People.Mentor() with { Seniority = 1 }, rules));
        var explanation = CandidateGenerator.Explain(People.Mentee(), People.Mentor() with { Seniority = 4 }, rules);
        Assert.Contains("differ by 2", Assert.Single(explanation.Violations).Explanation);
    }

    [Fact]
    public void Time_zones_are_compared_around_the_clock()
    {
        var kiribati = People.Mentee() with { UtcOffsetMinutes = 14 * 60 };
        var samoa = People.Mentor() with { UtcOffsetMinutes = -11 * 60 };
        Assert.Empty(Codes(kiribati, samoa, OneToOne with { MaxTimeZoneGapHours = 1 }));
        Assert.Equal([ConstraintCode.TimeZoneGap], Codes(kiribati, samoa, OneToOne with { MaxTimeZoneGapHours = 0 }));
        Assert.Empty(Codes(People.Mentee(), People.Mentor() with { UtcOffsetMinutes = -600 }, OneToOne with { MaxTimeZoneGapHours = null }));
    }

    [Fact]
    public void Formats_are_intersected_with_those_the_programme_allows()
    {
        var rules = ModelDefaults.For(MentoringModel.EMentoring);
        var inPersonOnly = People.Mentee() with { Formats = MeetingFormats.InPerson };
        Assert.Equal([ConstraintCode.NoCommonFormat], Codes(inPersonOnly, People.Mentor(), rules));
    }

    [Fact]
    public void Every_failing_constraint_is_listed_in_check_order()
    {
        var mentor = People.Mentor() with { CapacityRemaining = 0, Languages = ["de"], UtcOffsetMinutes = -480, AreaOfWork = "" };
        Assert.Equal(
            [ConstraintCode.MentorCapacity, ConstraintCode.AreaOfWork, ConstraintCode.NoCommonLanguage, ConstraintCode.TimeZoneGap],
            Codes(People.Mentee(), mentor));
    }

    [Fact]
    public void Exclusion_counts_read_as_a_sentence()
    {
        Assert.Equal("312 mentors excluded: no common language", new ExclusionCount(ConstraintCode.NoCommonLanguage, 312).Describe());
        Assert.Equal("1 mentor excluded: in the reporting line", new ExclusionCount(ConstraintCode.ReportingLine, 1).Describe());
    }

    [Fact]
    public void Every_constraint_has_a_distinct_code_and_a_label()
    {
        var codes = ConstraintCodes.InCheckOrder.Select(c => c.Code()).ToList();
        Assert.Equal(ConstraintCodes.Count, codes.Distinct().Count());
        Assert.All(ConstraintCodes.InCheckOrder, c => Assert.False(string.IsNullOrEmpty(c.Label())));
    }
}
