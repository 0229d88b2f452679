namespace Mentoring.Matching.Engine.Assignment.Solving;

/// <summary>Extracts the optimisable part of a problem: mentors keep the capacity left by the
/// must-match pins; persons are the unpinned mentees with at least one usable candidate (not
/// excluded, mentor with capacity left). Everything else is decided without optimisation.</summary>
internal static class BatchBuilder
{
    public static MatchingState Build(AssignmentProblem problem)
    {
        if (EveryMenteeIsAPerson(problem))
        {
            // Nothing to take out: the persons are the mentees, and the state starts on the
            // problem's own arcs (it never writes them: MatchingState.AddPerson grows its arrays
            // first). Saves a pass and two copies of the arcs.
            var mentees = new int[problem.MenteeCount];
            for (var i = 0; i < mentees.Length; i++)
                mentees[i] = i;
            var places = (int[])problem.Capacity.Clone();
            var symmetric = ScaledAuction.SymmetricPersons(mentees.Length, places, problem.ArcMentor, problem.ArcMentor.Length);
            return new MatchingState(mentees, problem.ArcStart, problem.ArcMentor, problem.ArcScore, places, BenefitScale.For(mentees.Length, symmetric));
        }

        var capacity = (int[])problem.Capacity.Clone();
        for (var i = 0; i < problem.MenteeCount; i++)
        {
            if (problem.PinnedMentor[i] >= 0)
                capacity[problem.PinnedMentor[i]]--;
        }

        var persons = 0;
        var arcs = 0;
        for (var i = 0; i < problem.MenteeCount; i++)
        {
            var usable = UsableArcs(problem, capacity, i);
            if (usable > 0)
            {
                persons++;
                arcs += usable;
            }
        }

        var personMentee = new int[persons];
        var arcStart = new int[persons + 1];
        var arcMentor = new int[arcs];
        var arcScore = new int[arcs];
        var person = 0;
        var arc = 0;
        for (var i = 0; i < problem.MenteeCount; i++)
        {
            if (UsableArcs(problem, capacity, i) == 0)
                continue;
            personMentee[person] = i;
            for (var a = problem.ArcStart[i]; a < problem.ArcStart[i + 1]; a++)
            {
                if (problem.ArcExcluded[a] || capacity[problem.ArcMentor[a]] == 0)
                    continue;
                arcMentor[arc] = problem.ArcMentor[a];
                arcScore[arc] = problem.ArcScore[a];
                arc++;
            }
            arcStart[++person] = arc;
        }
        var auctionPersons = ScaledAuction.SymmetricPersons(persons, capacity, arcMentor, arcs);
        return new MatchingState(personMentee, arcStart, arcMentor, arcScore, capacity, BenefitScale.For(persons, auctionPersons));
    }

    /// <summary>No pins, and every mentee has candidates, all of them to mentors with capacity.</summary>
    private static bool EveryMenteeIsAPerson(AssignmentProblem problem)
    {
        if (problem.MustMatch.Count > 0 || problem.MustNotMatch.Count > 0)
            return false;
        for (var i = 0; i < problem.MenteeCount; i++)
        {
            if (problem.ArcStart[i + 1] == problem.ArcStart[i])
                return false;
        }
        var capacity = problem.Capacity;
        foreach (var mentor in problem.ArcMentor)
        {
            if (capacity[mentor] == 0)
                return false;
        }
        return true;
    }

    private static int UsableArcs(AssignmentProblem problem, int[] capacity, int mentee)
    {
        if (problem.PinnedMentor[mentee] >= 0)
            return 0;
        var usable = 0;
        for (var a = problem.ArcStart[mentee]; a < problem.ArcStart[mentee + 1]; a++)
        {
            if (!problem.ArcExcluded[a] && capacity[problem.ArcMentor[a]] > 0)
                usable++;
        }
        return usable;
    }
}
