namespace Mentoring.Matching.Engine.Groups;

/// <summary>
/// The outer loop of the heuristic, over which mentors lead a group (the open/close neighbourhood
/// of facility location). The first plan comes from the relaxation, the repair and the local
/// search. Then, mentor by mentor, a copy of the best plan is perturbed — an open group is closed
/// (its mentees go to the best groups with room, or out) and the mentor barred from reopening,
/// or a closed mentor opens with the minimum of mentees that cost least to take, even from groups
/// that then fall short — repaired (<see cref="GroupRepair"/>) and improved
/// (<see cref="GroupLocalSearch"/>); the copy replaces the best plan when it is better.
/// </summary>
internal static class OpenSetSearch
{
    public static int[] Run(GroupInstance g, int rounds)
    {
        var capacity = new int[g.M];
        for (var j = 0; j < g.M; j++) capacity[j] = g.Usable[j] ? g.Max[j] : 0;
        var best = new GroupSolution(g, CapacitatedAssignment.Solve(g, capacity));
        GroupRepair.Run(best);
        GroupLocalSearch.Improve(best);
        var bestValue = g.Total(best.MentorOf);

        for (var round = 0; round < rounds; round++)
        {
            var improved = false;
            for (var j = 0; j < g.M; j++)
            {
                if (!g.Usable[j]) continue;
                var trial = new GroupSolution(g, best.MentorOf);
                if (trial.IsOpen(j)) ForceClose(trial, j);
                else if (!ForceOpen(trial, j)) continue;
                GroupRepair.Run(trial);
                GroupLocalSearch.Improve(trial);
                var value = g.Total(trial.MentorOf);
                if (value <= bestValue) continue;
                (best, bestValue, improved) = (trial, value, true);
            }
            if (!improved) break;
        }
        return best.MentorOf;
    }

    private static void ForceClose(GroupSolution s, int j)
    {
        var g = s.G;
        s.Blocked[j] = true;
        foreach (var i in s.Members[j].OrderByDescending(i => s.ValueOf(i)).ThenBy(i => i).ToList())
        {
            var to = -1;
            foreach (var (b, _, _) in g.ArcsOf[i])
                if (b != j && s.CanJoin(b)) { to = b; break; }
            s.Move(i, to);
        }
    }

    private static bool ForceOpen(GroupSolution s, int j)
    {
        var g = s.G;
        var options = g.MenteesOf[j]
            .Select(x => (x.Mentee, Gain: x.Value - s.ValueOf(x.Mentee)))
            .OrderByDescending(x => x.Gain).ThenBy(x => x.Mentee)
            .Take(g.Min)
            .ToList();
        if (options.Count < g.Min) return false;
        foreach (var (i, _) in options) s.Move(i, j);
        return true;
    }
}
