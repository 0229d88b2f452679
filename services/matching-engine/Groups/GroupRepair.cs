namespace Mentoring.Matching.Engine.Groups;

/// <summary>
/// Turns the relaxation's assignment (capacities respected, minimum sizes not) into a valid plan:
/// while some mentor has fewer than the minimum, take the least valuable such mentor and either
/// fill it to the minimum (with unplaced mentees, or mentees of groups above the minimum) or close
/// it and send its mentees to the best open groups with room — whichever costs less. Each round
/// settles one under-filled mentor for good, so it ends after at most M rounds.
/// </summary>
internal static class GroupRepair
{
    public static void Run(GroupSolution s)
    {
        var g = s.G;
        var closed = new bool[g.M];
        while (true)
        {
            var u = -1;
            var uValue = long.MaxValue;
            for (var j = 0; j < g.M; j++)
            {
                if (s.Load[j] == 0 || s.Load[j] >= g.Min) continue;
                var value = s.Members[j].Sum(i => g.Value(i, j));
                if (value < uValue) (u, uValue) = (j, value);
            }
            if (u < 0) return;

            var fill = PlanFill(s, u);
            var close = PlanClose(s, u, closed);
            if (fill is not null && fill.Value.Gain >= close.Gain)
                foreach (var i in fill.Value.Mentees) s.Move(i, u);
            else
            {
                foreach (var (i, to) in close.Moves) s.Move(i, to);
                closed[u] = true;
            }
        }
    }

    /// <summary>The cheapest way to bring mentor u to the minimum, or null when there are not enough mentees to take.</summary>
    internal static (List<int> Mentees, long Gain)? PlanFill(GroupSolution s, int u)
    {
        var g = s.G;
        var need = g.Min - s.Load[u];
        var options = new List<(int Mentee, long Gain)>();
        foreach (var (i, value) in g.MenteesOf[u])
        {
            var a = s.MentorOf[i];
            if (a == u || (a >= 0 && s.Load[a] < g.Min)) continue;
            options.Add((i, value - s.ValueOf(i)));
        }
        options.Sort((x, y) => y.Gain != x.Gain ? y.Gain.CompareTo(x.Gain) : x.Mentee.CompareTo(y.Mentee));

        var taken = new Dictionary<int, int>();
        var picked = new List<int>();
        var gain = 0L;
        foreach (var (i, optionGain) in options)
        {
            if (picked.Count == need) break;
            var a = s.MentorOf[i];
            if (a >= 0)
            {
                var left = s.Load[a] - taken.GetValueOrDefault(a) - 1;
                if (left < g.Min && left != 0) continue;
                taken[a] = taken.GetValueOrDefault(a) + 1;
            }
            picked.Add(i);
            gain += optionGain;
        }
        return picked.Count == need ? (picked, gain) : null;
    }

    /// <summary>Closing mentor u: each of its mentees goes to its best other open, not closed mentor with room, or is left out.</summary>
    internal static (List<(int Mentee, int To)> Moves, long Gain) PlanClose(GroupSolution s, int u, bool[] closed)
    {
        var g = s.G;
        var planned = new Dictionary<int, int>();
        var moves = new List<(int, int)>();
        var gain = 0L;
        foreach (var i in s.Members[u].OrderByDescending(i => g.Value(i, u)).ThenBy(i => i))
        {
            var to = -1;
            foreach (var (b, _, _) in g.ArcsOf[i])
            {
                if (b == u || closed[b] || s.Load[b] == 0 || s.Load[b] + planned.GetValueOrDefault(b) >= g.Max[b]) continue;
                to = b;
                break;
            }
            if (to >= 0) planned[to] = planned.GetValueOrDefault(to) + 1;
            moves.Add((i, to));
            gain += g.Value(i, to) - g.Value(i, u);
        }
        return (moves, gain);
    }
}
