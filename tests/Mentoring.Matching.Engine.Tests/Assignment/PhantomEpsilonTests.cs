using CsCheck;
using Mentoring.Matching.Engine.Assignment.Solving;

namespace Mentoring.Matching.Engine.Tests.Assignment;

/// <summary>The auction's phantoms (the free places of mentors with room) bid with a larger ε than
/// the mentees in every phase but the last when the batch has more places than mentees
/// (docs/adr/0007, "Phantoms' ε", fifth change). Exactness
/// must not depend on it: on tie-heavy problems with more places than mentees (where phantoms make
/// most of the bids) the auction matches the brute-force oracle and the optimality certificate,
/// agrees with the primal–dual method, gives exact potentials for joins, and stays independent of
/// the input order.</summary>
public class PhantomEpsilonTests
{
    /// <summary>≤ 7 mentees, 1–4 mentors of capacity 1–4 (usually more places than mentees), scores
    /// 1..maxScore (ties everywhere), a few exclusions.</summary>
    private static Gen<ProblemSpec> SmallPlentyOfPlaces(int maxScore) =>
        from mentees in Gen.Int[1, 7]
        from mentors in Gen.Int[1, 4]
        from capacities in Gen.Int[1, 4].Array[mentors]
        from arcs in Gen.Select(Gen.Int[0, 99], Gen.Int[0, 99], Gen.Int[1, maxScore]).Array[0, 3 * mentees + 3]
        from excluded in Gen.Select(Gen.Int[0, 99], Gen.Int[0, 99]).Array[0, 2]
        select new ProblemSpec(
            mentees,
            capacities,
            arcs.Select(a => (Mentee: a.Item1 % mentees, Mentor: a.Item2 % mentors, Score: a.Item3)).DistinctBy(a => (a.Mentee, a.Mentor)).ToArray(),
            [],
            excluded.Select(p => (p.Item1 % mentees, p.Item2 % mentors)).Distinct().ToArray());

    /// <summary>Hundreds of mentees, capacities 3–8 (1.3–3 places per mentee), 2–8 candidates each.</summary>
    private static ProblemSpec LargePlentyOfPlaces(Random random, int maxScore)
    {
        var mentees = random.Next(100, 400);
        var mentors = Math.Max(3, mentees / random.Next(2, 4));
        var capacities = Enumerable.Range(0, mentors).Select(_ => random.Next(3, 9)).ToArray();
        var arcs = new List<(int Mentee, int Mentor, int Score)>();
        for (var i = 0; i < mentees; i++)
        {
            foreach (var j in Enumerable.Range(0, mentors).OrderBy(_ => random.Next()).Take(random.Next(2, 9)))
                arcs.Add((i, j, random.Next(1, maxScore + 1)));
        }
        return new ProblemSpec(mentees, capacities, arcs.ToArray(), [], []);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Small_tie_heavy_problems_with_plenty_of_places_match_the_brute_force_optimum(int maxScore) =>
        SmallPlentyOfPlaces(maxScore).Sample(spec =>
        {
            AuctionAgainstOracle.Check(spec);
        }, iter: 400, threads: 1, print: spec => spec.ToString());

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(40)]
    public void Problems_with_plenty_of_places_are_certified_optimal_agree_with_the_primal_dual_method_and_carry_joins(int maxScore)
    {
        var random = new Random(500 + maxScore);
        long phantomBidsBeforeTheLastPhase = 0;
        for (var round = 0; round < 10; round++)
        {
            var spec = LargePlentyOfPlaces(random, maxScore);
            var state = BatchBuilder.Build(spec.Build());
            var outcome = ScaledAuction.Solve(state);
            phantomBidsBeforeTheLastPhase += outcome.Phases.Where(p => p.PhantomEpsilon > p.Epsilon).Sum(p => p.PhantomBids);
            Assert.All(outcome.Phases.Where(p => p.Epsilon == 1), p => Assert.Equal(1, p.PhantomEpsilon));
            var result = ResultBuilder.Build(spec.Build(), state, []);
            ConstraintCheck.Holds(spec, result);
            Assert.True(OptimalityCertificate.IsOptimal(spec, result), $"round {round}: a better assignment exists");
            var primalDual = SolverMethods.Solve(spec.Build(), SolverMethod.PrimalDual);
            Assert.Equal(primalDual.TotalScore, result.TotalScore);
            Assert.Equal(primalDual.Matches.Count, result.Matches.Count);

            var potentials = outcome.Certified ?? FlowPotentials.FromAuctionPrices(state, outcome.MentorPrices, outcome.PoolPrice);
            ExactPotentialsTests.AssertReducedCostsNonNegative(state, potentials);
            var paths = new ShortestAugmentingPath(state, potentials);
            for (var join = 0; join < 10; join++)
            {
                var mentors = Enumerable.Range(0, spec.Mentors).OrderBy(_ => random.Next()).Take(random.Next(1, 6)).Order().ToArray();
                var person = state.AddPerson(spec.Mentees + join, mentors, mentors.Select(_ => random.Next(1, maxScore + 1)).ToArray());
                paths.Augment(person);
                ExactPotentialsTests.AssertReducedCostsNonNegative(state, potentials);
            }
        }
        Assert.True(phantomBidsBeforeTheLastPhase > 0, "no phantom bid with the phantoms' larger ε: the test would not exercise it");
    }

    [Fact]
    public void Phantoms_bid_with_the_mentees_epsilon_when_places_are_fewer_than_mentees()
    {
        var random = new Random(7);
        var spec = RandomProblems.Large(random, mentees: 300, mentors: 20, maxScore: 3);
        Assert.True(spec.Capacities.Sum() < spec.Mentees);
        var outcome = ScaledAuction.Solve(BatchBuilder.Build(spec.Build()));
        Assert.All(outcome.Phases, p => Assert.Equal(p.Epsilon, p.PhantomEpsilon));
    }

    [Fact]
    public void Shuffling_a_problem_with_plenty_of_places_does_not_change_the_auctions_assignment()
    {
        var random = new Random(23);
        foreach (var maxScore in new[] { 1, 2, 9 })
        {
            var spec = LargePlentyOfPlaces(random, maxScore);
            var expected = SolverMethods.Solve(spec.Build(), SolverMethod.Auction);
            for (var round = 0; round < 3; round++)
            {
                var shuffled = SolverMethods.Solve(spec.Build(spec.Arcs.OrderBy(_ => random.Next()), [], []), SolverMethod.Auction);
                Assert.Equal(expected.Matches, shuffled.Matches);
            }
        }
    }
}
