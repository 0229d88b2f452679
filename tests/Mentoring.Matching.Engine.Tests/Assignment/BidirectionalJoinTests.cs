using CsCheck;
using Mentoring.Matching.Engine.Assignment;
using Mentoring.Matching.Engine.Assignment.Solving;

namespace Mentoring.Matching.Engine.Tests.Assignment;

/// <summary>Joins by a bidirectional search (<see cref="ShortestAugmentingPath"/>, docs/adr/0007
/// "Bidirectional joins") on tie-heavy instances: every join leaves the batch exactly optimal
/// (brute-force oracle, with spare-capacity joins taken as pins between re-optimising ones), the
/// potentials exact and the sink's exits in step with the state after every join, and the joins
/// are deterministic.</summary>
public class BidirectionalJoinTests
{
    [Fact]
    public void Re_optimising_and_spare_capacity_joins_on_tie_heavy_batches_match_the_brute_force_optimum() =>
        Gen.Select(Gen.Int[1, 2], Gen.Int[0, 2])
            .SelectMany((maxScore, headChoice) =>
                from batch in RandomProblems.Small(withPins: true, maxScore)
                from joiners in Gen.Select(Gen.Int[0, 99], Gen.Int[1, maxScore]).Array[0, 4].Array[1, 4]
                from spare in Gen.Bool.Array[4]
                select (batch, spare, Head: headChoice == 0 ? ShortestAugmentingPath.DefaultForwardHead : headChoice == 1 ? 0L : -30L, joiners.Select(j => batch.Mentors == 0 ? [] : j.Select(c => (Mentor: c.Item1 % batch.Mentors, Score: c.Item2)).DistinctBy(c => c.Mentor).ToArray()).ToArray()))
            .Sample(input =>
            {
                var (batch, spare, head, joiners) = input;
                var solved = SolveForJoins(batch.Build(), forwardHead: head);
                var full = batch;
                for (var k = 0; k < joiners.Length; k++)
                {
                    var mode = spare[k] ? JoinMode.SpareCapacityOnly : JoinMode.Reoptimise;
                    var outcome = solved.Join(joiners[k].Select(c => new MentorCandidate(c.Mentor, c.Score)).ToList(), mode);
                    full = Append(full, joiners[k], mode, outcome);
                    var (score, matches) = BruteForceOracle.Best(full);
                    Assert.Equal(score, solved.TotalScore);
                    Assert.Equal(matches, solved.Result.Matches.Count);
                    if (!spare[..(k + 1)].Contains(true))
                        ConstraintCheck.Holds(full, solved.Result); // (it reads spare-capacity joins as pins of another kind)
                }
            }, iter: 600, threads: 1);

    [Theory]
    [InlineData(SolverMethod.PrimalDual, 1)]
    [InlineData(SolverMethod.PrimalDual, 2)]
    [InlineData(SolverMethod.Auction, 2)]
    [InlineData(SolverMethod.Auction, 6)]
    public void Joins_where_everyone_ranks_mentors_alike_keep_potentials_and_exits_exact_and_score_a_full_re_solve(SolverMethod method, int levels)
    {
        var random = new Random(4100 + levels);
        for (var round = 0; round < 12; round++)
        {
            var batch = ProductLike(random, mentees: random.Next(150, 400), mentors: random.Next(10, 50), levels);
            var state = BatchBuilder.Build(batch.Build());
            var potentials = Potentials(state, method);
            if (round % 2 == 0)
                SinkTightPotentials.Tighten(state, potentials); // else the solve's own: joins meet at positive distances
            var startScore = Score(state);
            var paths = new ShortestAugmentingPath(state, potentials, forwardHead: (round % 4) switch { 0 => ShortestAugmentingPath.DefaultForwardHead, 1 => 0, 2 => -60, _ => -400 });
            AssertExitsInStep(state, potentials, paths);
            var joiners = new List<(int Mentor, int Score)[]>();
            for (var join = 0; join < 40; join++)
            {
                var mentee = batch.Mentees + join;
                var candidates = Enumerable.Range(0, batch.Mentors).OrderBy(_ => random.Next()).Take(random.Next(1, 7)).Order()
                    .Select(j => (Mentor: j, Score: ProductScore(mentee, j, levels))).ToArray();
                joiners.Add(candidates);
                var usable = candidates.Where(c => state.Capacity[c.Mentor] > 0).ToArray();
                if (usable.Length == 0)
                    continue;
                paths.Augment(state.AddPerson(mentee, usable.Select(c => c.Mentor).ToArray(), usable.Select(c => c.Score).ToArray()));
                ExactPotentialsTests.AssertReducedCostsNonNegative(state, potentials);
                AssertExitsInStep(state, potentials, paths);
            }
            var gain = AssignmentSolver.Solve(JoinTests.WithJoiners(batch, [.. joiners]).Build()).TotalScore - AssignmentSolver.Solve(batch.Build()).TotalScore;
            Assert.Equal(gain, Score(state) - startScore);
        }
    }

    [Fact]
    public void The_same_joins_into_the_same_batch_move_the_same_mentees()
    {
        var random = new Random(77);
        var batch = ProductLike(random, mentees: 600, mentors: 60, levels: 3);
        var joiners = Enumerable.Range(0, 60)
            .Select(k => Enumerable.Range(0, 60).OrderBy(_ => random.Next()).Take(random.Next(1, 8))
                .Select(j => new MentorCandidate(j, ProductScore(600 + k, j, 3))).ToList())
            .ToArray();
        var first = SolveForJoins(batch.Build(), forwardHead: -100);
        var second = SolveForJoins(batch.Build(), forwardHead: -100);
        foreach (var candidates in joiners)
        {
            var a = first.Join(candidates);
            var b = second.Join(candidates);
            Assert.Equal(a.Mentor, b.Mentor);
            Assert.Equal(a.Moves, b.Moves);
        }
        Assert.Equal(first.Result.Matches, second.Result.Matches);
    }

    [Fact]
    public void Where_the_two_halves_cross_the_loop_between_the_visits_is_cut_out()
    {
        // Forward half: person 0 → mentor 1 (arc 10) → person 2 → mentor 3 (arc 11) → person 4;
        // backward half from person 4: → mentor 1 (arc 12) → person 5, the sink.
        var walk = new AugmentingWalk(mentors: 4);
        walk.StartBackward();
        walk.PushBackward(4, -1);
        walk.PushBackward(~3, 11);
        walk.PushBackward(2, -1);
        walk.PushBackward(~1, 10);
        walk.PushBackward(0, -1);
        walk.EndBackward();
        walk.Append(~1, 12);
        walk.Append(5, -1);
        Assert.Equal([0, ~1, 5], walk.Codes);
    }

    /// <summary><see cref="AssignmentSolver.SolveForJoins"/> with a chosen forward head: 0 makes
    /// the backward search take turns from the first step, as on large batches, and a negative
    /// head gives it that much work first (any interleaving of the two searches is exact).</summary>
    private static SolvedAssignment SolveForJoins(AssignmentProblem problem, long forwardHead)
    {
        var state = BatchBuilder.Build(problem);
        var (potentials, inArcs) = BatchSolver.SolveWithPotentials(state);
        return new SolvedAssignment(problem, state, potentials, inArcs, forwardHead);
    }

    /// <summary>Machol–Wien-like scores on few levels (docs: bench/README.md, "product scores"):
    /// everyone ranks the mentors alike and most pairs tie.</summary>
    private static int ProductScore(int mentee, int mentor, int levels) => 1 + mentee % levels * (mentor % levels);

    private static ProblemSpec ProductLike(Random random, int mentees, int mentors, int levels)
    {
        var capacities = Enumerable.Range(0, mentors).Select(_ => random.Next(0, 6)).ToArray();
        var arcs = new List<(int, int, int)>();
        for (var i = 0; i < mentees; i++)
        {
            foreach (var j in Enumerable.Range(0, mentors).OrderBy(_ => random.Next()).Take(random.Next(1, 8)).Order())
                arcs.Add((i, j, ProductScore(i, j, levels)));
        }
        return new ProblemSpec(mentees, capacities, [.. arcs], [], []);
    }

    /// <summary>The batch after one join: a re-optimising joiner as a mentee with its candidates;
    /// a spare-capacity joiner as a pin on the mentor it got (its place is out of the
    /// optimisation), or as a mentee without candidates if it got none.</summary>
    private static ProblemSpec Append(ProblemSpec batch, (int Mentor, int Score)[] candidates, JoinMode mode, JoinOutcome outcome)
    {
        var mentee = batch.Mentees;
        if (mode == JoinMode.Reoptimise)
            return JoinTests.WithJoiners(batch, [candidates]);
        if (outcome.Mentor is not { } mentor)
            return batch with { Mentees = mentee + 1 };
        return batch with
        {
            Mentees = mentee + 1,
            Arcs = [.. batch.Arcs, (mentee, mentor, outcome.Score)],
            MustMatch = [.. batch.MustMatch, (mentee, mentor)],
        };
    }

    private static void AssertExitsInStep(MatchingState state, FlowPotentials potentials, ShortestAugmentingPath paths)
    {
        for (var i = 0; i < state.PersonCount; i++)
            Assert.Equal(state.AssignedArc[i] >= 0 ? potentials.Person[i] : null, paths.ExitKey(i));
        for (var j = 0; j < state.MentorCount; j++)
            Assert.Equal(state.Load[j] < state.Capacity[j] ? potentials.Mentor[j] : null, paths.ExitKey(~j));
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
}
