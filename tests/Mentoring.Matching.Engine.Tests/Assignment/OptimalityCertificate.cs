using Mentoring.Matching.Engine.Assignment;

namespace Mentoring.Matching.Engine.Tests.Assignment;

/// <summary>
/// An independent optimality check: builds the residual graph of a solution seen as a min-cost
/// flow (mentee → mentor → sink, or mentee → sink when unmatched) and looks for a negative cycle
/// with Bellman–Ford. No negative cycle ⇔ the solution is optimal. The costs,
/// −(score · (mentees + 1) + 1) per match, certify the engine's documented objective: maximum total
/// score, then the most matches. Pinned mentees and excluded arcs are taken out first.
/// </summary>
public static class OptimalityCertificate
{
    public static bool IsOptimal(ProblemSpec spec, AssignmentResult result)
    {
        var n = spec.Mentees;
        var m = spec.Mentors;
        var sink = n + m;
        var capacity = (int[])spec.Capacities.Clone();
        var pinned = new bool[n];
        foreach (var (mentee, mentor) in spec.MustMatch)
        {
            pinned[mentee] = true;
            capacity[mentor]--;
        }
        var load = new int[m];
        var arcs = new List<(int From, int To, long Cost)>();
        for (var i = 0; i < n; i++)
        {
            if (pinned[i])
                continue;
            var matched = result.MentorOf(i);
            if (matched is { } j)
                load[j]++;
            arcs.Add(matched is null ? (sink, i, 0) : (i, sink, 0));
        }
        foreach (var (mentee, mentor, score) in spec.Arcs)
        {
            if (pinned[mentee] || spec.Excluded(mentee, mentor))
                continue;
            var cost = -(score * (long)(n + 1) + 1);
            arcs.Add(result.MentorOf(mentee) == mentor ? (n + mentor, mentee, -cost) : (mentee, n + mentor, cost));
        }
        for (var j = 0; j < m; j++)
        {
            if (load[j] < capacity[j])
                arcs.Add((n + j, sink, 0));
            if (load[j] > 0)
                arcs.Add((sink, n + j, 0));
        }

        var distance = new long[n + m + 1];
        for (var round = 0; round <= n + m + 1; round++)
        {
            var changed = false;
            foreach (var (from, to, cost) in arcs)
            {
                if (distance[from] + cost < distance[to])
                {
                    distance[to] = distance[from] + cost;
                    changed = true;
                }
            }
            if (!changed)
                return true;
        }
        return false;
    }
}
