using CsCheck;
using Mentoring.Matching.Engine.Assignment.Solving;

namespace Mentoring.Matching.Engine.Tests.Assignment;

/// <summary>The early proof's negative-cycle check (docs/adr/0007, "Failed proofs"): the
/// label-correcting pass of <see cref="PotentialRepair"/> stops as soon as its parent links close
/// a cycle. That stop must only ever happen on an assignment that is not optimal (a cycle of the
/// links is a negative cycle), and on such an assignment it should come long before the budget.</summary>
public class NegativeCycleProofTests
{
    /// <summary>Small tie-heavy problems, the auction's optimum disturbed by a few random moves
    /// (to another candidate with room, or out): the pass certifies exactly the disturbed
    /// assignments that are still optimal (brute-force oracle), and every other one ends on a
    /// negative cycle, never at the end of its (large) budget.</summary>
    [Fact]
    public void The_pass_certifies_exactly_the_optimal_assignments_and_stops_on_a_cycle_otherwise() =>
        Gen.Select(Gen.Int[1, 4], Gen.Int[0, 5], Gen.Int).SelectMany((maxScore, moves, seed) =>
            RandomProblems.Small(withPins: false, maxScore).Select(spec => (spec, moves, seed))).Sample(t =>
        {
            var (spec, moves, seed) = t;
            var state = BatchBuilder.Build(spec.Build());
            var outcome = ScaledAuction.Solve(state);
            Disturb(state, new Random(seed), moves);
            var best = BruteForceOracle.Best(spec);
            var optimal = Objective(state) == best;

            var potentials = PotentialRepair.TryFromPrices(state, outcome.MentorPrices, outcome.PoolPrice,
                PotentialRepair.GuardBudget(state), out _, out var negativeCycle);

            Assert.Equal(optimal, potentials is not null);
            Assert.Equal(!optimal, negativeCycle);
            if (potentials is not null)
                ExactPotentialsTests.AssertReducedCostsNonNegative(state, potentials);
        }, iter: 1500, threads: 1, print: t => $"{t.spec} moves {t.moves} seed {t.seed}");

    /// <summary>Hundreds of mentees with scores of 1–3 (every mentee has many tied options): a
    /// disturbed optimum is never certified, and the pass finds its negative cycle within a few
    /// scans per node and arc (the budget of an early proof is 16; the guard budget here 64).</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(40)]
    public void A_disturbed_optimum_on_tie_heavy_problems_ends_on_a_negative_cycle_well_within_the_budget(int maxScore)
    {
        var random = new Random(1700 + maxScore);
        var stopped = 0;
        for (var round = 0; round < 24; round++)
        {
            var spec = RandomProblems.Large(random, mentees: random.Next(100, 400), mentors: random.Next(5, 60), maxScore);
            var state = BatchBuilder.Build(spec.Build());
            var outcome = ScaledAuction.Solve(state);
            var solved = Objective(state);
            Disturb(state, random, moves: random.Next(1, 40));
            var potentials = PotentialRepair.TryFromPrices(state, outcome.MentorPrices, outcome.PoolPrice,
                PotentialRepair.GuardBudget(state), out var scans, out var negativeCycle);
            if (Objective(state) == solved)
            {
                // The moves kept the optimum (ties): it must be certified, with no cycle.
                Assert.NotNull(potentials);
                Assert.False(negativeCycle);
                continue;
            }
            Assert.Null(potentials);
            Assert.True(negativeCycle, $"round {round}: the pass ran out of its budget ({scans:N0} scans) instead of finding the cycle");
            Assert.True(scans <= 4 * PotentialRepair.Size(state), $"round {round}: {scans:N0} scans, {PotentialRepair.Size(state):N0} nodes and arcs");
            stopped++;
        }
        Assert.True(stopped >= 12, $"{stopped} of 24: " + "too few disturbed assignments were suboptimal: the test would not exercise the cycle check");
    }

    [Fact]
    public void A_cycle_among_parent_links_is_found_and_a_forest_is_not()
    {
        var check = new ParentCycleCheck(6);
        Assert.False(check.HasCycle([-1, 0, 1, 1, -1, 4]));
        Assert.True(check.HasCycle([-1, 2, 3, 1, -1, 4]));
        Assert.True(check.HasCycle([-1, 0, 1, 1, -1, 5]));
        // A check after a check reuses the marks: walks of earlier checks count as unvisited.
        Assert.False(check.HasCycle([1, 2, 3, 4, 5, -1]));
        Assert.True(check.HasCycle([1, 2, 3, 4, 5, 0]));
    }

    /// <summary>Total score and matches of the state's assignment.</summary>
    private static (long Score, int Matches) Objective(MatchingState state)
    {
        long score = 0;
        var matches = 0;
        for (var i = 0; i < state.PersonCount; i++)
        {
            if (state.AssignedArc[i] < 0)
                continue;
            score += state.ArcScore[state.AssignedArc[i]];
            matches++;
        }
        return (score, matches);
    }

    /// <summary>Random feasible moves: a person to another of its candidates with room, or out.</summary>
    private static void Disturb(MatchingState state, Random random, int moves)
    {
        for (var move = 0; move < moves && state.PersonCount > 0; move++)
        {
            var person = random.Next(state.PersonCount);
            var arcs = state.ArcStart[person + 1] - state.ArcStart[person];
            var current = state.MentorOf(person);
            if (arcs == 0 || random.Next(4) == 0)
            {
                if (current >= 0)
                {
                    state.RemoveHolder(current, person);
                    state.AssignedArc[person] = MatchingState.Unmatched;
                }
                continue;
            }
            var arc = state.ArcStart[person] + random.Next(arcs);
            var mentor = state.ArcMentor[arc];
            if (mentor == current || state.Load[mentor] >= state.Capacity[mentor])
                continue;
            if (current >= 0)
                state.RemoveHolder(current, person);
            state.AssignedArc[person] = arc;
            state.AddHolder(mentor, person);
        }
    }
}
