using Mentoring.Matching.Engine.Assignment;

namespace Mentoring.Matching.Engine.Tests.Assignment;

/// <summary>Asserts the hard constraints of a result against the problem as data.</summary>
public static class ConstraintCheck
{
    public static void Holds(ProblemSpec spec, AssignmentResult result)
    {
        Assert.Equal(spec.Mentees, result.MenteeCount);
        var load = new int[spec.Mentors];
        var seen = new HashSet<int>();
        long total = 0;
        foreach (var match in result.Matches)
        {
            Assert.True(seen.Add(match.Mentee), $"mentee {match.Mentee} matched twice");
            Assert.Equal(match.Mentor, result.MentorOf(match.Mentee));
            load[match.Mentor]++;
            total += match.Score;
            var pinned = spec.PinnedMentor(match.Mentee);
            if (pinned is not null)
            {
                Assert.Equal(pinned, match.Mentor);
                Assert.Equal(spec.Score(match.Mentee, match.Mentor) is null ? MatchKind.PinnedWithoutCandidate : MatchKind.Pinned, match.Kind);
                Assert.Equal(spec.Score(match.Mentee, match.Mentor) ?? 0, match.Score);
            }
            else
            {
                Assert.Equal(MatchKind.Optimised, match.Kind);
                Assert.Equal(spec.Score(match.Mentee, match.Mentor), match.Score);
                Assert.False(spec.Excluded(match.Mentee, match.Mentor), $"excluded pair {match.Mentee}-{match.Mentor} used");
            }
        }
        for (var j = 0; j < spec.Mentors; j++)
            Assert.True(load[j] <= spec.Capacities[j], $"mentor {j} holds {load[j]} > capacity {spec.Capacities[j]}");
        foreach (var (mentee, mentor) in spec.MustMatch)
            Assert.Equal(mentor, result.MentorOf(mentee));
        Assert.Equal(total, result.TotalScore);

        var unmatched = result.Unmatched.Select(u => u.Mentee).ToHashSet();
        Assert.Equal(spec.Mentees, seen.Count + unmatched.Count);
        Assert.Empty(unmatched.Intersect(seen));
        Assert.Equal(result.Unmatched.Select(u => u.Mentee).Order(), result.Unmatched.Select(u => u.Mentee));
        Assert.Equal(result.Matches.Select(u => u.Mentee).Order(), result.Matches.Select(u => u.Mentee));
    }
}
