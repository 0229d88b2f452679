using Mentoring.Matching.Engine.Candidates;
using Mentoring.Matching.Engine.Competency;
using Mentoring.Matching.Engine.Programmes;

namespace Mentoring.Matching.Engine.Tests.Competency;

public class GapClosureTests
{
    private static readonly Dictionary<string, int> Targets = new() { ["sql"] = 3, ["negotiation"] = 4 };

    [Theory]
    [InlineData(2, 3, false)]
    [InlineData(3, 3, true)]
    [InlineData(5, 3, true)]
    public void A_gap_is_closed_when_the_current_level_reaches_the_target(int current, int target, bool closed) =>
        Assert.Equal(closed, GapClosure.IsClosed(current, target));

    [Fact]
    public void Closes_only_when_every_target_is_reached()
    {
        var partly = GapClosure.ShouldClose(Targets, new Dictionary<string, CompetencyLevel> { ["sql"] = new(3, 3), ["negotiation"] = new(3, 4) });
        Assert.False(partly.ShouldClose);
        Assert.Equal("1 of 2 target competencies reached; still open: negotiation 3→4.", partly.Explanation);

        var done = GapClosure.ShouldClose(Targets, new Dictionary<string, CompetencyLevel> { ["sql"] = new(4), ["negotiation"] = new(4, 5) });
        Assert.True(done.ShouldClose);
    }

    [Fact]
    public void An_unassessed_target_keeps_the_relationship_open()
    {
        var decision = GapClosure.ShouldClose(Targets, new Dictionary<string, CompetencyLevel> { ["sql"] = new(3) });
        Assert.False(decision.ShouldClose);
        Assert.Contains("negotiation (not assessed, target 4)", decision.Explanation);
    }

    [Fact]
    public void The_relationships_target_not_the_mentees_moving_one_decides()
    {
        // The mentee raised their own target to 5 after reaching 4: the relationship's goal was 4.
        var decision = GapClosure.ShouldClose(new Dictionary<string, int> { ["negotiation"] = 4 },
            new Dictionary<string, CompetencyLevel> { ["negotiation"] = new(4, 5) });
        Assert.True(decision.ShouldClose);
    }

    [Fact]
    public void Without_targets_the_gap_never_closes_the_relationship()
    {
        var decision = GapClosure.ShouldClose(new Dictionary<string, int>(), new Dictionary<string, CompetencyLevel>());
        Assert.False(decision.ShouldClose);
        Assert.Contains("no target competency", decision.Explanation);
    }

    [Fact]
    public void Targets_are_the_mentees_gaps_within_the_focus()
    {
        var mentee = People.Mentee() with
        {
            Competencies = new Dictionary<string, CompetencyLevel> { ["sql"] = new(1, 3), ["negotiation"] = new(2, 4), ["excel"] = new(4, 4), ["go"] = new(2) },
        };
        Assert.Equal(new Dictionary<string, int> { ["negotiation"] = 4, ["sql"] = 3 }, GapClosure.TargetsOf(mentee));
        Assert.Equal(new Dictionary<string, int> { ["sql"] = 3 }, GapClosure.TargetsOf(mentee, new HashSet<string> { "sql", "excel" }));
    }

    [Fact]
    public void A_relationship_ends_when_the_gap_closes_or_else_when_the_time_box_elapses()
    {
        var rules = CompetencyPairing.Rules();
        var start = new DateTimeOffset(2025, 3, 3, 0, 0, 0, TimeSpan.Zero);
        var open = new Dictionary<string, CompetencyLevel> { ["sql"] = new(2), ["negotiation"] = new(4) };
        var closed = new Dictionary<string, CompetencyLevel> { ["sql"] = new(3), ["negotiation"] = new(4) };

        Assert.Equal(CompetencyRelationshipEnd.Continue, CompetencyPairing.Evaluate(rules, start, start.AddDays(30), Targets, open).End);
        Assert.Equal(CompetencyRelationshipEnd.GapClosed, CompetencyPairing.Evaluate(rules, start, start.AddDays(30), Targets, closed).End);
        Assert.Equal(CompetencyRelationshipEnd.TimeBoxElapsed, CompetencyPairing.Evaluate(rules, start, start.AddDays(7 * 12), Targets, open).End);
        Assert.Equal(CompetencyRelationshipEnd.GapClosed, CompetencyPairing.Evaluate(rules, start, start.AddDays(7 * 12), Targets, closed).End);
    }

    [Fact]
    public void Competency_rules_rank_the_mentor_who_covers_the_gap_first()
    {
        var rules = CompetencyPairing.Rules();
        var mentee = People.Mentee();
        var covers = People.Mentor("covers") with { Interests = new HashSet<string>(), Location = "Paris" };
        var sameSiteOnly = People.Mentor("same site") with { Competencies = new Dictionary<string, CompetencyLevel>() };
        var best = new CandidateGenerator([sameSiteOnly, covers], rules).Generate(mentee).Candidates[0];
        Assert.Same(covers, best.Mentor);
        Assert.Equal(MentoringModel.Competency, rules.Model);
    }
}
