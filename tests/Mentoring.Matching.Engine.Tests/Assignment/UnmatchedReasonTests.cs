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

    private sealed class UnmatchedComparer : IEqualityComparer<UnmatchedMentee>
    {
        public static readonly UnmatchedComparer Instance = new();

        public bool Equals(UnmatchedMentee? x, UnmatchedMentee? y) =>
            x!.Mentee == y!.Mentee && x.Reason == y.Reason && x.CandidateMentors.SequenceEqual(y.CandidateMentors);

        public int GetHashCode(UnmatchedMentee obj) => obj.Mentee;
    }
}
