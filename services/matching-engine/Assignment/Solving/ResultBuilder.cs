namespace Mentoring.Matching.Engine.Assignment.Solving;

/// <summary>Turns the solver's state into an <see cref="AssignmentResult"/>: matches of pinned,
/// optimised and joined mentees, the reason of every unmatched mentee, and the shortage report.</summary>
internal static class ResultBuilder
{
    public static AssignmentResult Build(AssignmentProblem problem, MatchingState state, IReadOnlyList<JoinedMentee> joined)
    {
        var mentees = problem.MenteeCount + joined.Count;
        var mentorOf = new int[mentees];
        var scoreOf = new int[mentees];
        var kindOf = new MatchKind[mentees];
        Array.Fill(mentorOf, -1);

        for (var i = 0; i < problem.MenteeCount; i++)
        {
            var pinned = problem.PinnedMentor[i];
            if (pinned < 0)
                continue;
            var arc = problem.FindArc(i, pinned);
            mentorOf[i] = pinned;
            scoreOf[i] = arc >= 0 ? problem.ArcScore[arc] : 0;
            kindOf[i] = arc >= 0 ? MatchKind.Pinned : MatchKind.PinnedWithoutCandidate;
        }
        for (var p = 0; p < state.PersonCount; p++)
        {
            var arc = state.AssignedArc[p];
            if (arc < 0)
                continue;
            var mentee = state.PersonMentee[p];
            mentorOf[mentee] = state.ArcMentor[arc];
            scoreOf[mentee] = state.ArcScore[arc];
            kindOf[mentee] = MatchKind.Optimised;
        }
        for (var k = 0; k < joined.Count; k++)
        {
            if (joined[k].Person < 0 && joined[k].FixedMentor >= 0)
            {
                var mentee = problem.MenteeCount + k;
                mentorOf[mentee] = joined[k].FixedMentor;
                scoreOf[mentee] = joined[k].FixedScore;
                kindOf[mentee] = MatchKind.JoinedWithSpareCapacity;
            }
        }

        var matches = new List<Match>();
        var unmatched = new List<UnmatchedMentee>();
        long total = 0;
        for (var i = 0; i < mentees; i++)
        {
            if (mentorOf[i] >= 0)
            {
                matches.Add(new Match(i, mentorOf[i], scoreOf[i], kindOf[i]));
                total += scoreOf[i];
            }
            else
            {
                unmatched.Add(i < problem.MenteeCount
                    ? UnmatchedProblemMentee(problem, state, i)
                    : UnmatchedJoinedMentee(state, i, joined[i - problem.MenteeCount]));
            }
        }
        var shortage = ShortageReportBuilder.Build(problem, joined, mentorOf, unmatched);
        return new AssignmentResult(mentorOf, matches, total, unmatched, shortage);
    }

    private static UnmatchedMentee UnmatchedProblemMentee(AssignmentProblem problem, MatchingState state, int mentee)
    {
        var from = problem.ArcStart[mentee];
        var to = problem.ArcStart[mentee + 1];
        var excluded = 0;
        for (var a = from; a < to; a++)
        {
            if (problem.ArcExcluded[a])
                excluded++;
        }
        IReadOnlyList<int> candidates;
        if (excluded == 0)
        {
            // The problem's own candidates, in mentor order: a view, not a copy.
            candidates = new ReadOnlyIntSlice(problem.ArcMentor, from, to - from);
        }
        else
        {
            var kept = new int[to - from - excluded];
            var k = 0;
            for (var a = from; a < to; a++)
            {
                if (!problem.ArcExcluded[a])
                    kept[k++] = problem.ArcMentor[a];
            }
            candidates = Array.AsReadOnly(kept);
        }
        var reason = to == from ? UnmatchedReason.NoCandidates
            : candidates.Count == 0 ? UnmatchedReason.AllCandidatesExcluded
            : Reason(state, candidates);
        return new UnmatchedMentee(mentee, reason, candidates);
    }

    private static UnmatchedMentee UnmatchedJoinedMentee(MatchingState state, int mentee, JoinedMentee joined) =>
        new(mentee, JoinReason(state, joined.Mentors), joined.Mentors);

    internal static UnmatchedReason JoinReason(MatchingState state, IReadOnlyList<int> candidates) =>
        candidates.Count == 0 ? UnmatchedReason.NoCandidates : Reason(state, candidates);

    private static UnmatchedReason Reason(MatchingState state, IReadOnlyList<int> candidates)
    {
        foreach (var mentor in candidates)
        {
            if (state.Capacity[mentor] > 0)
                return UnmatchedReason.CandidatesFull;
        }
        return UnmatchedReason.CandidatesWithoutCapacity;
    }
}
