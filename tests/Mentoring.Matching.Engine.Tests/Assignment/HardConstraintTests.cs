using CsCheck;
using Mentoring.Matching.Engine.Assignment;

namespace Mentoring.Matching.Engine.Tests.Assignment;

public class HardConstraintTests
{
    [Fact]
    public void Capacities_single_matches_candidate_arcs_and_pins_always_hold() =>
        RandomProblems.Small(withPins: true).Sample(spec => ConstraintCheck.Holds(spec, AssignmentSolver.Solve(spec.Build())),
            iter: 500, threads: 1, print: spec => spec.ToString());

    [Fact]
    public void They_hold_on_larger_problems_with_pins_too()
    {
        var random = new Random(7);
        for (var round = 0; round < 20; round++)
        {
            var spec = RandomProblems.Large(random, mentees: 300, mentors: 40, maxScore: 50);
            ConstraintCheck.Holds(spec, AssignmentSolver.Solve(spec.Build()));
        }
    }

    [Fact]
    public void A_must_not_pin_removes_the_arc_even_when_it_is_the_only_one()
    {
        var spec = new ProblemSpec(1, [3], [(0, 0, 9)], [], [(0, 0)]);
        var result = AssignmentSolver.Solve(spec.Build());
        Assert.Empty(result.Matches);
        Assert.Equal(UnmatchedReason.AllCandidatesExcluded, Assert.Single(result.Unmatched).Reason);
    }

    [Fact]
    public void A_must_match_pin_wins_over_a_better_scoring_alternative_and_uses_the_mentors_capacity()
    {
        // Mentor 0 has one place: pinned to mentee 1 although mentee 0 scores more with it.
        var spec = new ProblemSpec(2, [1, 1], [(0, 0, 9), (1, 0, 1), (0, 1, 2)], [(1, 0)], []);
        var result = AssignmentSolver.Solve(spec.Build());
        Assert.Equal([new Match(0, 1, 2, MatchKind.Optimised), new Match(1, 0, 1, MatchKind.Pinned)], result.Matches);
        Assert.Equal(3, result.TotalScore);
    }

    [Fact]
    public void A_pin_on_a_pair_that_is_not_a_candidate_is_accepted_with_score_zero()
    {
        var spec = new ProblemSpec(2, [1], [(1, 0, 4)], [(0, 0)], []);
        var result = AssignmentSolver.Solve(spec.Build());
        Assert.Equal(new Match(0, 0, 0, MatchKind.PinnedWithoutCandidate), Assert.Single(result.Matches));
        var unmatched = Assert.Single(result.Unmatched);
        Assert.Equal((1, UnmatchedReason.CandidatesWithoutCapacity), (unmatched.Mentee, unmatched.Reason));
    }
}
