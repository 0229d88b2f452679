namespace Mentoring.Matching.Engine.Tests.Assignment;

/// <summary>Tries every assignment of a small problem (each mentee: unmatched or one usable
/// candidate; pins forced) and returns the best total score and, among the assignments with that
/// score, the largest number of matches.</summary>
public static class BruteForceOracle
{
    public static (long Score, int Matches) Best(ProblemSpec spec)
    {
        var load = new int[spec.Mentors];
        (long Score, int Matches) best = (-1, -1);
        void Visit(int mentee, long score, int matches)
        {
            if (mentee == spec.Mentees)
            {
                if (score > best.Score || score == best.Score && matches > best.Matches)
                    best = (score, matches);
                return;
            }
            var pinned = spec.PinnedMentor(mentee);
            if (pinned is { } forced)
            {
                load[forced]++;
                if (load[forced] <= spec.Capacities[forced])
                    Visit(mentee + 1, score + (spec.Score(mentee, forced) ?? 0), matches + 1);
                load[forced]--;
                return;
            }
            Visit(mentee + 1, score, matches);
            foreach (var (arcMentee, mentor, arcScore) in spec.Arcs)
            {
                if (arcMentee != mentee || spec.Excluded(mentee, mentor) || load[mentor] == spec.Capacities[mentor])
                    continue;
                load[mentor]++;
                Visit(mentee + 1, score + arcScore, matches + 1);
                load[mentor]--;
            }
        }
        Visit(0, 0, 0);
        return best;
    }
}
