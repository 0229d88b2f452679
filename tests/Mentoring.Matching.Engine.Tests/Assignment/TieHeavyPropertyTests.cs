using CsCheck;
using Mentoring.Matching.Engine.Assignment;

namespace Mentoring.Matching.Engine.Tests.Assignment;

/// <summary>Instances where most pairs tie (scores from one, two or three values, as with the
/// service's few weighted factors): every method against the brute-force oracle and the
/// optimality certificate, and the documented tie rule (total score, then matches, then the
/// same answer whatever the input order).</summary>
public class TieHeavyPropertyTests
{
    [Theory]
    [MemberData(nameof(SolverMethods.All), MemberType = typeof(SolverMethods))]
    public void Small_tie_heavy_problems_match_the_brute_force_optimum_score_then_matches(SolverMethod method) =>
        Gen.Select(Gen.Int[1, 3], Gen.Int).SelectMany((maxScore, _) => RandomProblems.Small(withPins: true, maxScore)).Sample(spec =>
        {
            var result = SolverMethods.Solve(spec.Build(), method);
            ConstraintCheck.Holds(spec, result);
            var (score, matches) = BruteForceOracle.Best(spec);
            Assert.Equal(score, result.TotalScore);
            Assert.Equal(matches, result.Matches.Count);
        }, iter: 500, threads: 1, print: spec => spec.ToString());

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Both_methods_agree_and_are_certified_optimal_on_tie_heavy_problems_with_hundreds_of_mentees(int maxScore)
    {
        var random = new Random(40 + maxScore);
        for (var round = 0; round < 12; round++)
        {
            var spec = RandomProblems.Large(random, mentees: random.Next(100, 400), mentors: random.Next(5, 60), maxScore);
            var primalDual = SolverMethods.Solve(spec.Build(), SolverMethod.PrimalDual);
            var auction = SolverMethods.Solve(spec.Build(), SolverMethod.Auction);
            foreach (var result in new[] { primalDual, auction })
            {
                ConstraintCheck.Holds(spec, result);
                Assert.True(OptimalityCertificate.IsOptimal(spec, result), $"round {round}: a better assignment exists");
            }
            Assert.Equal(auction.TotalScore, primalDual.TotalScore);
            Assert.Equal(auction.Matches.Count, primalDual.Matches.Count);
        }
    }

    [Theory]
    [MemberData(nameof(SolverMethods.All), MemberType = typeof(SolverMethods))]
    public void Shuffling_a_tie_heavy_problem_does_not_change_the_assignment(SolverMethod method)
    {
        var random = new Random(17);
        foreach (var maxScore in new[] { 1, 2, 9 })
        {
            var spec = RandomProblems.Large(random, mentees: 300, mentors: 40, maxScore);
            var expected = SolverMethods.Solve(spec.Build(), method);
            for (var round = 0; round < 3; round++)
            {
                var shuffled = SolverMethods.Solve(spec.Build(
                    spec.Arcs.OrderBy(_ => random.Next()), spec.MustMatch.OrderBy(_ => random.Next()), spec.MustNot.OrderBy(_ => random.Next())), method);
                Assert.Equal(expected.Matches, shuffled.Matches);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(40)]
    public void Joins_into_a_tie_heavy_batch_score_what_a_full_re_solve_scores(int maxScore)
    {
        var random = new Random(maxScore);
        var batch = RandomProblems.Large(random, mentees: 300, mentors: 40, maxScore);
        var joiners = Enumerable.Range(0, 40)
            .Select(_ => Enumerable.Range(0, 40).OrderBy(_ => random.Next()).Take(random.Next(0, 8)).Select(j => (j, random.Next(1, maxScore + 1))).ToArray())
            .ToArray();
        var solved = AssignmentSolver.SolveForJoins(batch.Build());
        foreach (var joiner in joiners)
            solved.Join(joiner.Select(c => new MentorCandidate(c.Item1, c.Item2)).ToList());

        var full = JoinTests.WithJoiners(batch, joiners);
        var resolved = AssignmentSolver.Solve(full.Build());
        Assert.Equal(resolved.TotalScore, solved.TotalScore);
        Assert.Equal(resolved.Matches.Count, solved.Result.Matches.Count);
        ConstraintCheck.Holds(full, solved.Result);
        Assert.True(OptimalityCertificate.IsOptimal(full, solved.Result));
    }
}
