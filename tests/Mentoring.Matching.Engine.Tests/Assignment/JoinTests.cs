using CsCheck;
using Mentoring.Matching.Engine.Assignment;

namespace Mentoring.Matching.Engine.Tests.Assignment;

public class JoinTests
{
    /// <summary>A batch, then mentees joining one by one with their candidates.</summary>
    private static readonly Gen<(ProblemSpec Batch, (int Mentor, int Score)[][] Joiners)> BatchAndJoiners =
        from batch in RandomProblems.Small(withPins: true)
        from joiners in Gen.Select(Gen.Int[0, 99], Gen.Int[1, 6]).Array[0, 4].Array[1, 4]
        select (batch, joiners.Select(j => batch.Mentors == 0 ? [] : j.Select(c => (c.Item1 % batch.Mentors, c.Item2)).DistinctBy(c => c.Item1).ToArray()).ToArray());

    [Fact]
    public void Reoptimising_joins_score_exactly_what_a_full_re_solve_scores() =>
        BatchAndJoiners.Sample(input =>
        {
            var (batch, joiners) = input;
            var solved = AssignmentSolver.SolveForJoins(batch.Build());
            foreach (var joiner in joiners)
            {
                var before = solved.Result;
                var outcome = solved.Join(joiner.Select(c => new MentorCandidate(c.Mentor, c.Score)).ToList());
                AssertMovesExplainTheChange(before, solved.Result, outcome);
            }

            var full = WithJoiners(batch, joiners);
            var resolved = AssignmentSolver.Solve(full.Build());
            Assert.Equal(resolved.TotalScore, solved.TotalScore);
            Assert.Equal(resolved.Matches.Count, solved.Result.Matches.Count);
            ConstraintCheck.Holds(full, solved.Result);
            Assert.True(OptimalityCertificate.IsOptimal(full, solved.Result));
        }, iter: 400, threads: 1);

    [Fact]
    public void Reoptimising_joins_into_a_larger_batch_stay_optimal()
    {
        var random = new Random(5);
        var batch = RandomProblems.Large(random, mentees: 300, mentors: 40, maxScore: 100);
        var joiners = Enumerable.Range(0, 30)
            .Select(_ => Enumerable.Range(0, 40).OrderBy(_ => random.Next()).Take(random.Next(0, 8)).Select(j => (j, random.Next(1, 101))).ToArray())
            .ToArray();
        var solved = AssignmentSolver.SolveForJoins(batch.Build());
        foreach (var joiner in joiners)
            solved.Join(joiner.Select(c => new MentorCandidate(c.Item1, c.Item2)).ToList());

        var full = WithJoiners(batch, joiners);
        Assert.Equal(AssignmentSolver.Solve(full.Build()).TotalScore, solved.TotalScore);
        ConstraintCheck.Holds(full, solved.Result);
        Assert.True(OptimalityCertificate.IsOptimal(full, solved.Result));
    }

    [Fact]
    public void Each_join_of_a_long_sequence_into_a_contended_batch_scores_what_a_full_re_solve_scores()
    {
        // Long sequences exercise the potentials carried from one join to the next.
        for (var seed = 0; seed < 150; seed++)
        {
            var random = new Random(seed);
            var mentors = random.Next(3, 10);
            var capacities = Enumerable.Range(0, mentors).Select(_ => random.Next(0, 8)).ToArray();
            var mentees = random.Next(20, 60);
            var candidates = Enumerable.Range(0, mentees + 30)
                .Select(_ => Enumerable.Range(0, mentors).Where(_ => random.Next(3) > 0).Select(j => (j, random.Next(1, 30))).ToArray())
                .ToArray();
            var batch = new ProblemSpec(mentees, capacities, [], [], []);
            var solved = AssignmentSolver.SolveForJoins(WithJoiners(batch, candidates[..mentees]).Build());
            for (var k = mentees; k < candidates.Length; k++)
            {
                solved.Join(candidates[k].Select(c => new MentorCandidate(c.Item1, c.Item2)).ToList());
                var full = WithJoiners(batch, candidates[..(k + 1)]);
                Assert.True(AssignmentSolver.Solve(full.Build()).TotalScore == solved.TotalScore, $"seed {seed}, join {k - mentees}");
            }
        }
    }

    [Fact]
    public void A_reoptimising_join_can_move_others_and_says_so()
    {
        // Mentor 0 (capacity 1) holds mentee 0 (score 5), whose alternative is mentor 1 (score 4).
        // Newcomer 1 scores 9 with mentor 0 only: mentee 0 moves to mentor 1.
        var solved = AssignmentSolver.SolveForJoins(new AssignmentProblemBuilder(1, [1, 1]).AddCandidate(0, 0, 5).AddCandidate(0, 1, 4).Build());

        var outcome = solved.Join([new MentorCandidate(0, 9)]);

        Assert.Equal((1, (int?)0, 9, (UnmatchedReason?)null, 13L), (outcome.Mentee, outcome.Mentor, outcome.Score, outcome.Reason, outcome.TotalScore));
        Assert.Equal([new MenteeMove(0, 0, 1)], outcome.Moves);
        Assert.True(outcome.OthersMoved);
        Assert.Equal(1, solved.Result.MentorOf(0));
    }

    [Fact]
    public void A_reoptimising_join_can_leave_another_mentee_unmatched()
    {
        var solved = AssignmentSolver.SolveForJoins(new AssignmentProblemBuilder(1, [1]).AddCandidate(0, 0, 2).Build());

        var outcome = solved.Join([new MentorCandidate(0, 7)]);

        Assert.Equal([new MenteeMove(0, 0, null)], outcome.Moves);
        Assert.Equal(7, solved.TotalScore);
        Assert.Equal(UnmatchedReason.CandidatesFull, Assert.Single(solved.Result.Unmatched).Reason);
    }

    [Fact]
    public void A_spare_capacity_join_takes_the_best_candidate_with_room_and_moves_nobody() =>
        BatchAndJoiners.Sample(input =>
        {
            var (batch, joiners) = input;
            var solved = AssignmentSolver.SolveForJoins(batch.Build());
            for (var k = 0; k < joiners.Length; k++)
            {
                var joiner = joiners[k];
                var before = solved.Result;
                var load = new int[batch.Mentors];
                foreach (var match in before.Matches)
                    load[match.Mentor]++;
                var best = joiner.Where(c => load[c.Mentor] < batch.Capacities[c.Mentor])
                    .OrderByDescending(c => c.Score).ThenBy(c => c.Mentor).Select(c => (int?)c.Mentor).FirstOrDefault();

                var outcome = solved.Join(joiner.Select(c => new MentorCandidate(c.Mentor, c.Score)).ToList(), JoinMode.SpareCapacityOnly);

                Assert.Equal(best, outcome.Mentor);
                Assert.Empty(outcome.Moves);
                Assert.Equal(before.Matches, solved.Result.Matches.Where(m => m.Mentee != outcome.Mentee));
                if (best is { } mentor)
                    Assert.Equal(new Match(outcome.Mentee, mentor, outcome.Score, MatchKind.JoinedWithSpareCapacity), solved.Result.Matches[^1]);

                // A full re-solve that pins every earlier match scores the same.
                var pinned = WithJoiners(batch, joiners[..(k + 1)]) with { MustMatch = before.Matches.Select(m => (m.Mentee, m.Mentor)).ToArray() };
                Assert.Equal(AssignmentSolver.Solve(pinned.Build()).TotalScore, solved.TotalScore);
            }
        }, iter: 300, threads: 1);

    [Fact]
    public void Spare_capacity_and_reoptimising_joins_mix_and_the_spare_capacity_matches_stay_fixed() =>
        BatchAndJoiners.Sample(input =>
        {
            var (batch, joiners) = input;
            var solved = AssignmentSolver.SolveForJoins(batch.Build());
            var pins = batch.MustMatch.ToList();
            for (var k = 0; k < joiners.Length; k++)
            {
                var mode = k % 2 == 0 ? JoinMode.SpareCapacityOnly : JoinMode.Reoptimise;
                var outcome = solved.Join(joiners[k].Select(c => new MentorCandidate(c.Mentor, c.Score)).ToList(), mode);
                if (mode == JoinMode.SpareCapacityOnly && outcome.Mentor is { } mentor)
                    pins.Add((outcome.Mentee, mentor));
            }
            foreach (var (mentee, mentor) in pins)
                Assert.Equal(mentor, solved.Result.MentorOf(mentee));

            // The re-optimised part is optimal given the fixed matches: equal to a re-solve that
            // pins them and leaves out the spare-capacity joiners that stayed unmatched.
            var full = WithJoiners(batch, joiners.Select((j, k) => k % 2 == 0 && solved.Result.MentorOf(batch.Mentees + k) is null ? [] : j).ToArray())
                with { MustMatch = pins.ToArray() };
            Assert.Equal(AssignmentSolver.Solve(full.Build()).TotalScore, solved.TotalScore);
        }, iter: 300, threads: 1);

    [Fact]
    public void A_joiner_that_cannot_be_matched_gets_a_reason()
    {
        var solved = AssignmentSolver.SolveForJoins(new AssignmentProblemBuilder(1, [1, 0]).AddCandidate(0, 0, 5).Build());

        var none = solved.Join([]);
        var withoutCapacity = solved.Join([new MentorCandidate(1, 3)]);
        var full = solved.Join([new MentorCandidate(0, 2)]);
        var fullSpare = solved.Join([new MentorCandidate(0, 9)], JoinMode.SpareCapacityOnly);

        Assert.Equal(
            [UnmatchedReason.NoCandidates, UnmatchedReason.CandidatesWithoutCapacity, UnmatchedReason.CandidatesFull, UnmatchedReason.CandidatesFull],
            new[] { none, withoutCapacity, full, fullSpare }.Select(o => o.Reason));
        Assert.Equal([1, 2, 3, 4], new[] { none, withoutCapacity, full, fullSpare }.Select(o => o.Mentee));
        Assert.Equal(5, solved.MenteeCount);
        Assert.Equal([1, 2, 3, 4], solved.Result.Unmatched.Select(u => u.Mentee));
        Assert.Equal(UnmatchedReason.CandidatesWithoutCapacity, solved.Result.Unmatched[1].Reason);
    }

    [Fact]
    public void Joined_mentees_count_in_the_shortage_report_of_their_group()
    {
        var solved = AssignmentSolver.SolveForJoins(new AssignmentProblemBuilder(0, [2]).WithMentorGroup(0, "data").Build());
        solved.Join([new MentorCandidate(0, 4)], JoinMode.Reoptimise, "data");
        solved.Join([new MentorCandidate(0, 3)], JoinMode.SpareCapacityOnly, "data");
        solved.Join([], JoinMode.Reoptimise, "data");

        var data = Assert.Single(solved.Result.Shortage.Groups);
        Assert.Equal(new GroupShortage("data", 3, 2, 1, 2, 2), data);
    }

    [Fact]
    public void Invalid_join_candidates_are_rejected()
    {
        var solved = AssignmentSolver.SolveForJoins(new AssignmentProblemBuilder(0, [1, 1]).Build());
        Assert.Throws<ArgumentException>(() => solved.Join([new MentorCandidate(2, 1)]));
        Assert.Throws<ArgumentException>(() => solved.Join([new MentorCandidate(0, 0)]));
        Assert.Throws<ArgumentException>(() => solved.Join([new MentorCandidate(0, 1), new MentorCandidate(0, 2)]));
        Assert.Equal(0, solved.MenteeCount);
    }

    /// <summary>The batch with the joiners appended as mentees.</summary>
    internal static ProblemSpec WithJoiners(ProblemSpec batch, (int Mentor, int Score)[][] joiners) =>
        batch with
        {
            Mentees = batch.Mentees + joiners.Length,
            Arcs = batch.Arcs.Concat(joiners.SelectMany((j, k) => j.Select(c => (batch.Mentees + k, c.Mentor, c.Score)))).ToArray(),
        };

    /// <summary>The mentees whose mentor changed are exactly the newcomer and the reported moves.</summary>
    private static void AssertMovesExplainTheChange(AssignmentResult before, AssignmentResult after, JoinOutcome outcome)
    {
        Assert.Equal(outcome.Mentor, after.MentorOf(outcome.Mentee));
        Assert.Equal(outcome.TotalScore, after.TotalScore);
        var changed = Enumerable.Range(0, before.MenteeCount).Where(i => before.MentorOf(i) != after.MentorOf(i)).ToList();
        Assert.Equal(changed, outcome.Moves.Select(m => m.Mentee).Order());
        foreach (var move in outcome.Moves)
        {
            Assert.Equal(move.FromMentor, before.MentorOf(move.Mentee));
            Assert.Equal(move.ToMentor, after.MentorOf(move.Mentee));
        }
    }
}
