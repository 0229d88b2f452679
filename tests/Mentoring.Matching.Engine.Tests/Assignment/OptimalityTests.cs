using CsCheck;
using Mentoring.Matching.Engine.Assignment;

namespace Mentoring.Matching.Engine.Tests.Assignment;

public class OptimalityTests
{
    [Fact]
    public void Small_problems_match_the_brute_force_optimum_score_then_matches() =>
        RandomProblems.Small(withPins: true).Sample(spec =>
        {
            var result = AssignmentSolver.Solve(spec.Build());
            var (score, matches) = BruteForceOracle.Best(spec);
            Assert.Equal(score, result.TotalScore);
            Assert.Equal(matches, result.Matches.Count);
        }, iter: 600, threads: 1, print: spec => spec.ToString());

    [Theory]
    [InlineData(10)]
    [InlineData(1_000)]
    public void Problems_with_hundreds_of_mentees_have_no_negative_cycle_in_their_residual_graph(int maxScore)
    {
        var random = new Random(maxScore);
        for (var round = 0; round < 25; round++)
        {
            var spec = RandomProblems.Large(random, mentees: random.Next(100, 400), mentors: random.Next(10, 80), maxScore);
            var result = AssignmentSolver.Solve(spec.Build());
            ConstraintCheck.Holds(spec, result);
            Assert.True(OptimalityCertificate.IsOptimal(spec, result), $"round {round}: a better assignment exists");
        }
    }

    [Fact]
    public void The_certificate_detects_a_suboptimal_assignment()
    {
        // Mentor 0 (capacity 1) is worth 5 to mentee 0 and 3 to mentee 1; giving it to mentee 1 is worse.
        var spec = new ProblemSpec(2, [1], [(0, 0, 5), (1, 0, 3)], [], []);
        var forced = AssignmentSolver.Solve((spec with { MustMatch = [(1, 0)] }).Build());
        Assert.False(OptimalityCertificate.IsOptimal(spec, forced));
        Assert.True(OptimalityCertificate.IsOptimal(spec, AssignmentSolver.Solve(spec.Build())));
    }

    [Fact]
    public void Among_equal_total_scores_the_solution_with_more_matches_wins()
    {
        // {0→X} scores 4 with one match; {0→Y, 1→X} also scores 4, with two matches.
        var spec = new ProblemSpec(2, [1, 1], [(0, 0, 4), (0, 1, 2), (1, 0, 2)], [], []);
        var result = AssignmentSolver.Solve(spec.Build());
        Assert.Equal(4, result.TotalScore);
        Assert.Equal([new Match(0, 1, 2, MatchKind.Optimised), new Match(1, 0, 2, MatchKind.Optimised)], result.Matches);
    }
}
