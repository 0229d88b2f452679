using CsCheck;
using Mentoring.Matching.Engine.Assignment.Solving;

namespace Mentoring.Matching.Engine.Tests.Assignment;

/// <summary>The auction's early stop (docs/adr/0007): after an ε phase whose objective equals the
/// previous phase's, <see cref="PotentialRepair"/> tries to prove the assignment optimal with exact
/// potentials, and the remaining phases are skipped when it succeeds. The proof must be sound (a
/// suboptimal assignment is never certified), the result optimal, and the potentials exact for joins.</summary>
public class EarlyCertificateTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(40)]
    public void Early_stops_happen_on_tie_heavy_problems_and_are_optimal_with_exact_potentials(int maxScore)
    {
        var random = new Random(300 + maxScore);
        var early = 0;
        for (var round = 0; round < 12; round++)
        {
            var spec = RandomProblems.Large(random, mentees: random.Next(100, 400), mentors: random.Next(5, 60), maxScore);
            var state = BatchBuilder.Build(spec.Build());
            var outcome = ScaledAuction.Solve(state);
            var result = ResultBuilder.Build(spec.Build(), state, []);
            ConstraintCheck.Holds(spec, result);
            Assert.True(OptimalityCertificate.IsOptimal(spec, result), $"round {round}: a better assignment exists");
            if (outcome.Certified is not { } potentials)
                continue;
            early++;
            ExactPotentialsTests.AssertReducedCostsNonNegative(state, potentials);

            // The certified potentials carry the joins exactly, as the final-phase ones do.
            var paths = new ShortestAugmentingPath(state, potentials);
            for (var join = 0; join < 10; join++)
            {
                var mentors = Enumerable.Range(0, spec.Mentors).Where(j => state.Capacity[j] > 0).OrderBy(_ => random.Next()).Take(random.Next(1, 6)).Order().ToArray();
                if (mentors.Length == 0)
                    break;
                var person = state.AddPerson(spec.Mentees + join, mentors, mentors.Select(_ => random.Next(1, maxScore + 1)).ToArray());
                paths.Augment(person);
                ExactPotentialsTests.AssertReducedCostsNonNegative(state, potentials);
            }
        }
        Assert.True(early > 0, "no instance stopped early: the test would not exercise the early stop");
    }

    [Fact]
    public void Small_tie_heavy_problems_solved_by_the_auction_match_the_brute_force_optimum() =>
        Gen.Select(Gen.Int[1, 4], Gen.Int).SelectMany((maxScore, _) => RandomProblems.Small(withPins: true, maxScore)).Sample(spec =>
        {
            AuctionAgainstOracle.Check(spec);
        }, iter: 1000, threads: 1, print: spec => spec.ToString());

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(500)]
    public void A_suboptimal_assignment_is_never_certified(int maxScore)
    {
        var random = new Random(900 + maxScore);
        var tried = 0;
        for (var round = 0; round < 20; round++)
        {
            var spec = RandomProblems.Large(random, mentees: random.Next(50, 200), mentors: random.Next(5, 30), maxScore);
            var state = BatchBuilder.Build(spec.Build());
            var outcome = ScaledAuction.Solve(state);
            var matched = Enumerable.Range(0, state.PersonCount).Where(i => state.AssignedArc[i] >= 0).ToArray();
            if (matched.Length == 0)
                continue;

            // Unmatching anyone loses at least the match bonus: strictly worse, so no proof may exist.
            var person = matched[random.Next(matched.Length)];
            state.RemoveHolder(state.MentorOf(person), person);
            state.AssignedArc[person] = MatchingState.Unmatched;
            Assert.Null(PotentialRepair.TryFromPrices(state, outcome.MentorPrices, outcome.PoolPrice, PotentialRepair.GuardBudget(state)));
            tried++;
        }
        Assert.True(tried > 10);
    }
}
