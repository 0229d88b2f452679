using CsCheck;
using Mentoring.Matching.Engine.Assignment;
using Mentoring.Matching.Engine.Assignment.Solving;

namespace Mentoring.Matching.Engine.Tests.Assignment;

/// <summary>Joins on potentials tight toward the sink (<see cref="SinkTightPotentials"/>, docs/adr/0007
/// "Joins on tied regions"): the potentials stay exact, every node that can reach the sink does so
/// along arcs of reduced cost 0, and joins on them stay exactly optimal (brute-force oracle,
/// tie-heavy scores, pins; the same scores as joins on the solve's own potentials).</summary>
public class SinkTightJoinTests
{
    [Fact]
    public void Joins_into_small_tie_heavy_batches_with_pins_match_the_brute_force_optimum() =>
        Gen.Select(Gen.Int[1, 3], Gen.Int)
            .SelectMany((maxScore, _) =>
                from batch in RandomProblems.Small(withPins: true, maxScore)
                from joiners in Gen.Select(Gen.Int[0, 99], Gen.Int[1, maxScore]).Array[0, 4].Array[1, 3]
                select (batch, joiners.Select(j => batch.Mentors == 0 ? [] : j.Select(c => (Mentor: c.Item1 % batch.Mentors, Score: c.Item2)).DistinctBy(c => c.Mentor).ToArray()).ToArray()))
            .Sample(input =>
            {
                var (batch, joiners) = input;
                var solved = AssignmentSolver.SolveForJoins(batch.Build());
                for (var k = 0; k < joiners.Length; k++)
                {
                    solved.Join(joiners[k].Select(c => new MentorCandidate(c.Item1, c.Item2)).ToList());
                    var full = JoinTests.WithJoiners(batch, joiners[..(k + 1)]);
                    var (score, matches) = BruteForceOracle.Best(full);
                    Assert.Equal(score, solved.TotalScore);
                    Assert.Equal(matches, solved.Result.Matches.Count);
                    ConstraintCheck.Holds(full, solved.Result);
                }
            }, iter: 500, threads: 1);

    [Theory]
    [InlineData(SolverMethod.PrimalDual, 1)]
    [InlineData(SolverMethod.PrimalDual, 3)]
    [InlineData(SolverMethod.Auction, 1)]
    [InlineData(SolverMethod.Auction, 2)]
    [InlineData(SolverMethod.Auction, 40)]
    public void Tightened_potentials_are_exact_and_lead_to_the_sink_at_zero_cost_and_joins_keep_them_exact(SolverMethod method, int maxScore)
    {
        var random = new Random(900 + maxScore);
        for (var round = 0; round < 8; round++)
        {
            var spec = RandomProblems.Large(random, mentees: random.Next(100, 400), mentors: random.Next(5, 60), maxScore);
            var state = BatchBuilder.Build(spec.Build());
            var potentials = Potentials(state, method);
            SinkTightPotentials.Tighten(state, potentials);
            ExactPotentialsTests.AssertReducedCostsNonNegative(state, potentials);
            AssertEveryNodeReachesTheSinkAtZeroCost(state, potentials);

            var paths = new ShortestAugmentingPath(state, potentials);
            for (var join = 0; join < 30; join++)
            {
                var mentors = Enumerable.Range(0, spec.Mentors).Where(j => state.Capacity[j] > 0).OrderBy(_ => random.Next()).Take(random.Next(1, 6)).Order().ToArray();
                if (mentors.Length == 0)
                    break;
                var person = state.AddPerson(spec.Mentees + join, mentors, mentors.Select(_ => random.Next(1, maxScore + 1)).ToArray());
                paths.Augment(person);
                ExactPotentialsTests.AssertReducedCostsNonNegative(state, potentials);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(9)]
    public void Joins_on_tightened_potentials_score_what_joins_on_the_solve_s_potentials_and_a_full_re_solve_score(int maxScore)
    {
        var random = new Random(70 + maxScore);
        foreach (var method in new[] { SolverMethod.PrimalDual, SolverMethod.Auction })
        {
            for (var round = 0; round < 4; round++)
            {
                var batch = RandomProblems.Large(random, mentees: 300, mentors: 40, maxScore);
                var joiners = Enumerable.Range(0, 40)
                    .Select(_ => Enumerable.Range(0, 40).OrderBy(_ => random.Next()).Take(random.Next(0, 8)).Select(j => (j, random.Next(1, maxScore + 1))).ToArray())
                    .ToArray();
                var tight = BatchBuilder.Build(batch.Build());
                var plain = BatchBuilder.Build(batch.Build());
                var tightPotentials = Potentials(tight, method);
                SinkTightPotentials.Tighten(tight, tightPotentials);
                var plainPotentials = Potentials(plain, method);
                var startScore = Score(tight);
                var tightPaths = new ShortestAugmentingPath(tight, tightPotentials);
                var plainPaths = new ShortestAugmentingPath(plain, plainPotentials);
                for (var k = 0; k < joiners.Length; k++)
                {
                    var usable = joiners[k].Where(c => tight.Capacity[c.j] > 0).OrderBy(c => c.j).ToArray();
                    if (usable.Length == 0)
                        continue;
                    var mentors = usable.Select(c => c.j).ToArray();
                    var scores = usable.Select(c => c.Item2).ToArray();
                    tightPaths.Augment(tight.AddPerson(batch.Mentees + k, mentors, scores));
                    plainPaths.Augment(plain.AddPerson(batch.Mentees + k, mentors, scores));
                    Assert.Equal(Score(plain), Score(tight));
                    Assert.Equal(Matches(plain), Matches(tight));
                    ExactPotentialsTests.AssertReducedCostsNonNegative(tight, tightPotentials);
                }
                // The state holds the optimised mentees only (pins aside): compare the gains.
                var full = AssignmentSolver.Solve(JoinTests.WithJoiners(batch, joiners).Build());
                Assert.Equal(full.TotalScore - AssignmentSolver.Solve(batch.Build()).TotalScore, Score(tight) - startScore);
            }
        }
    }

    private static FlowPotentials Potentials(MatchingState state, SolverMethod method)
    {
        if (method == SolverMethod.PrimalDual)
        {
            var duals = PrimalDualAssignment.TrySolve(state, always: true)!.Value;
            return FlowPotentials.FromDuals(state, duals.PersonValues, duals.MentorPrices);
        }
        var outcome = ScaledAuction.Solve(state);
        return outcome.Certified ?? FlowPotentials.FromAuctionPrices(state, outcome.MentorPrices, outcome.PoolPrice);
    }

    private static long Score(MatchingState state) =>
        Enumerable.Range(0, state.PersonCount).Sum(i => state.AssignedArc[i] >= 0 ? (long)state.ArcScore[state.AssignedArc[i]] : 0);

    private static int Matches(MatchingState state) => Enumerable.Range(0, state.PersonCount).Count(i => state.AssignedArc[i] >= 0);

    /// <summary>Backward searches from the sink over the residual network: every node that reaches
    /// the sink at all reaches it along arcs of reduced cost 0.</summary>
    private static void AssertEveryNodeReachesTheSinkAtZeroCost(MatchingState state, FlowPotentials potentials)
    {
        var any = Reaching(state, potentials, zeroOnly: false);
        var zero = Reaching(state, potentials, zeroOnly: true);
        for (var node = 0; node < any.Length; node++)
            Assert.True(!any[node] || zero[node], $"node {node} reaches the sink, but not at reduced cost 0");
    }

    /// <summary>Nodes (persons, then mentors) from which the sink is reachable in the residual
    /// network, using only arcs of reduced cost 0 if asked.</summary>
    private static bool[] Reaching(MatchingState state, FlowPotentials p, bool zeroOnly)
    {
        var persons = state.PersonCount;
        var reach = new bool[persons + state.MentorCount];
        for (var i = 0; i < persons; i++)
            reach[i] = state.AssignedArc[i] >= 0 && (!zeroOnly || p.Person[i] - p.Sink == 0);
        for (var j = 0; j < state.MentorCount; j++)
            reach[persons + j] = state.Load[j] < state.Capacity[j] && (!zeroOnly || p.Mentor[j] - p.Sink == 0);
        for (var changed = true; changed;)
        {
            changed = false;
            for (var i = 0; i < persons; i++)
            {
                var held = state.AssignedArc[i];
                for (var a = state.ArcStart[i]; a < state.ArcStart[i + 1]; a++)
                {
                    var j = state.ArcMentor[a];
                    if (a == held)
                    {
                        // mentor → holder
                        if (reach[i] && !reach[persons + j] && (!zeroOnly || state.ArcBenefit[a] + p.Mentor[j] - p.Person[i] == 0))
                            changed = reach[persons + j] = true;
                    }
                    else if (reach[persons + j] && !reach[i] && (!zeroOnly || -state.ArcBenefit[a] + p.Person[i] - p.Mentor[j] == 0))
                    {
                        changed = reach[i] = true;
                    }
                }
            }
        }
        return reach;
    }
}
