namespace Mentoring.Matching.Engine.Assignment.Solving;

/// <summary>Sums demand (mentees) and supply (mentor capacity) per group label.</summary>
internal static class ShortageReportBuilder
{
    private sealed class Tally
    {
        public int Mentees;
        public int Matched;
        public int WithoutCandidates;
        public long Capacity;
        public long Used;

        public GroupShortage ToShortage(string? group) => new(group, Mentees, Matched, WithoutCandidates, Capacity, Used);
    }

    public static ShortageReport Build(
        AssignmentProblem problem, IReadOnlyList<JoinedMentee> joined, int[] mentorOf, IReadOnlyList<UnmatchedMentee> unmatched)
    {
        var groups = new Dictionary<string, Tally>(StringComparer.Ordinal);
        var unlabelled = new Tally();
        var total = new Tally();
        Tally For(string? group)
        {
            if (group is null)
                return unlabelled;
            if (!groups.TryGetValue(group, out var tally))
                groups[group] = tally = new Tally();
            return tally;
        }

        for (var i = 0; i < mentorOf.Length; i++)
        {
            var tally = For(i < problem.MenteeCount ? problem.MenteeGroups[i] : joined[i - problem.MenteeCount].Group);
            tally.Mentees++;
            total.Mentees++;
            if (mentorOf[i] >= 0)
            {
                tally.Matched++;
                total.Matched++;
                For(problem.MentorGroups[mentorOf[i]]).Used++;
                total.Used++;
            }
        }
        foreach (var mentee in unmatched)
        {
            if (mentee.Reason == UnmatchedReason.CandidatesFull)
                continue;
            For(mentee.Mentee < problem.MenteeCount ? problem.MenteeGroups[mentee.Mentee] : joined[mentee.Mentee - problem.MenteeCount].Group)
                .WithoutCandidates++;
            total.WithoutCandidates++;
        }
        for (var j = 0; j < problem.MentorCount; j++)
        {
            For(problem.MentorGroups[j]).Capacity += problem.Capacity[j];
            total.Capacity += problem.Capacity[j];
        }

        var lines = groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Value.ToShortage(g.Key)).ToList();
        if (unlabelled.Mentees > 0 || unlabelled.Capacity > 0)
            lines.Add(unlabelled.ToShortage(null));
        return new ShortageReport(lines, total.ToShortage(null));
    }
}
