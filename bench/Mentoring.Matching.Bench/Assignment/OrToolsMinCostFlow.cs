using System.Diagnostics;
using Google.OrTools.Graph;

namespace Mentoring.Matching.Bench.Assignment;

/// <summary>The reference: Google OR-Tools' MinCostFlow (cost-scaling push-relabel) on the
/// textbook network. Nodes: mentees 0..n-1, mentors n..n+m-1, sink n+m. Arcs: mentee→mentor
/// (capacity 1, cost −score), mentee→sink (capacity 1, cost 0: stays unassigned), mentor→sink
/// (capacity = mentor capacity, cost 0). Supply 1 at each mentee, −n at the sink. Integer costs,
/// so the optimum is exact. The graph reserves its nodes and arcs up front (as the engine's
/// builder is told the number of candidates, <see cref="EngineAssignment"/>).</summary>
internal static class OrToolsMinCostFlow
{
    public sealed record Outcome(long Objective, double BuildMs, double SolveMs);

    public static Outcome Solve(AssignmentInstance instance)
    {
        var watch = Stopwatch.StartNew();
        var n = instance.MenteeCount;
        var m = instance.MentorCount;
        var sink = n + m;
        var flow = new MinCostFlow(n + m + 1, instance.ArcCount + n + m);
        for (var a = 0; a < instance.ArcCount; a++)
            flow.AddArcWithCapacityAndUnitCost(instance.ArcMentee[a], n + instance.ArcMentor[a], 1, -instance.ArcScore[a]);
        for (var i = 0; i < n; i++)
        {
            flow.AddArcWithCapacityAndUnitCost(i, sink, 1, 0);
            flow.SetNodeSupply(i, 1);
        }
        for (var j = 0; j < m; j++)
            flow.AddArcWithCapacityAndUnitCost(n + j, sink, instance.MentorCapacity[j], 0);
        flow.SetNodeSupply(sink, -n);
        var buildMs = watch.Elapsed.TotalMilliseconds;

        watch.Restart();
        var status = flow.Solve();
        var solveMs = watch.Elapsed.TotalMilliseconds;
        if (status != MinCostFlow.Status.OPTIMAL)
            throw new InvalidOperationException($"OR-Tools MinCostFlow returned {status} on {instance.Name}");
        return new Outcome(-flow.OptimalCost(), buildMs, solveMs);
    }
}
