using CsCheck;
using Mentoring.Matching.Engine.Assignment;

namespace Mentoring.Matching.Engine.Tests.Assignment;

public class UnmatchedReasonTests
{
    [Fact]
    public void Each_reason_is_reported_with_the_candidate_mentors()
    {
        var problem = new AssignmentProblemBuilder(6, [1, 0, 1, 2])
            // mentee 0: no candidate at all
            .AddCandidate(1, 0, 5).AddCandidate(1, 2, 5).MustNotMatch(1, 0).MustNotMatch(1, 2) // all excluded
            .AddCandidate(2, 1, 7)                                  // mentor 1 has capacity 0
            .AddCandidate(3, 2, 9).AddCandidate(4, 2, 3).AddCandidate(4, 0, 2) // 3 takes mentor 2
            .AddCandidate(5, 0, 8)                                  // 5 takes mentor 0: 4 finds both full
            .MustMatch(0, 3).MustMatch(1, 3)                        // pins fill mentor 3
            .Build();

        var result = AssignmentSolver.Solve(problem);

        Assert.Equal(
            [
                new UnmatchedMentee(2, UnmatchedReason.CandidatesWithoutCapacity, [1]),
                new UnmatchedMentee(4, UnmatchedReason.CandidatesFull, [0, 2]),
            ],
            result.Unmatched, UnmatchedComparer.Instance);
        Assert.Equal([0, 1, 3, 5], result.Matches.Select(m => m.Mentee));
    }

    [Fact]
    public void Reasons_without_pins()
    {
        var problem = new AssignmentProblemBuilder(3, [0, 1])
            .AddCandidate(1, 1, 5).MustNotMatch(1, 1)
            .AddCandidate(2, 0, 5)
            .Build();
        var result = AssignmentSolver.Solve(problem);
        Assert.Equal(
            [
                new UnmatchedMentee(0, UnmatchedReason.NoCandidates, []),
                new UnmatchedMentee(1, UnmatchedReason.AllCandidatesExcluded, []),
                new UnmatchedMentee(2, UnmatchedReason.CandidatesWithoutCapacity, [0]),
            ],
            result.Unmatched, UnmatchedComparer.Instance);
    }

    [Fact]
    public void A_mentee_left_unmatched_with_candidates_has_every_candidate_mentor_full() =>
        RandomProblems.Small(withPins: true).Sample(spec =>
        {
            var result = AssignmentSolver.Solve(spec.Build());
            var load = new int[spec.Mentors];
            foreach (var match in result.Matches)
                load[match.Mentor]++;
            foreach (var unmatched in result.Unmatched)
            {
                var candidates = spec.Arcs.Where(a => a.Mentee == unmatched.Mentee && !spec.Excluded(a.Mentee, a.Mentor)).Select(a => a.Mentor).Order();
                Assert.Equal(candidates, unmatched.CandidateMentors);
                if (unmatched.Reason == UnmatchedReason.CandidatesFull)
                    Assert.All(unmatched.CandidateMentors, mentor => Assert.Equal(spec.Capacities[mentor], load[mentor]));
                else if (unmatched.Reason == UnmatchedReason.CandidatesWithoutCapacity)
                    Assert.All(unmatched.CandidateMentors, mentor => Assert.Equal(spec.Capacities[mentor], spec.MustMatch.Count(p => p.Mentor == mentor)));
            }
        }, iter: 300, threads: 1, print: spec => spec.ToString());

    [Fact]
    public void Candidate_mentors_are_read_only_views_indexable_in_mentor_order()
    {
        // Mentor 0 holds one place; mentees 1 and 2 stay unmatched, mentee 2 with one excluded candidate.
        var problem = new AssignmentProblemBuilder(3, [1, 0, 0, 0])
            .AddCandidate(0, 0, 9)
            .AddCandidate(1, 3, 1).AddCandidate(1, 0, 2).AddCandidate(1, 2, 1)
            .AddCandidate(2, 2, 1).AddCandidate(2, 0, 1).AddCandidate(2, 1, 1).MustNotMatch(2, 1)
            .Build();
        var result = AssignmentSolver.Solve(problem);
        var lists = result.Unmatched.Select(u => u.CandidateMentors).ToArray();
        Assert.Equal([[0, 2, 3], [0, 2]], lists.Select(l => Enumerable.Range(0, l.Count).Select(k => l[k]).ToArray()));
        foreach (var list in lists)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => list[list.Count]);
            Assert.Throws<ArgumentOutOfRangeException>(() => list[-1]);
            Assert.True(list is not ICollection<int> collection || collection.IsReadOnly);
        }
        // Solving again gives the same lists: nothing was written through them.
        Assert.Equal(lists.Select(l => l.ToArray()), AssignmentSolver.Solve(problem).Unmatched.Select(u => u.CandidateMentors.ToArray()));
    }

    private sealed class UnmatchedComparer : IEqualityComparer<UnmatchedMentee>
    {
        public static readonly UnmatchedComparer Instance = new();

        public bool Equals(UnmatchedMentee? x, UnmatchedMentee? y) =>
            x!.Mentee == y!.Mentee && x.Reason == y.Reason && x.CandidateMentors.SequenceEqual(y.CandidateMentors);

        public int GetHashCode(UnmatchedMentee obj) => obj.Mentee;
    }
}
