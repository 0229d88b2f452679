namespace Mentoring.Matching.Engine.Groups;

/// <summary>
/// The relaxation of group formation without minimum sizes: give each mentee at most one mentor,
/// each mentor at most its capacity, for the greatest total value. Solved exactly as a min-cost
/// flow (source → mentee → mentor → sink, cost = −value) by successive shortest paths: Dijkstra on
/// reduced costs with Johnson potentials, stopped as soon as the sink is settled (potentials then
/// move by min(distance, distance to the sink), which keeps reduced costs non-negative), and no
/// augmentation once the cheapest path no longer lowers the cost. Paths are found in a fixed
/// order, so the result is deterministic.
/// </summary>
internal static class CapacitatedAssignment
{
    /// <summary>The mentor of each mentee (-1 for none) under the given capacities (0 closes a mentor).</summary>
    public static int[] Solve(GroupInstance g, int[] capacity)
    {
        var n = g.N;
        var source = n + g.M;
        var sink = source + 1;
        var arcCount = 0;
        foreach (var arcs in g.ArcsOf) arcCount += arcs.Length;
        var graph = new FlowGraph(sink + 1, n + arcCount + g.M);
        for (var i = 0; i < n; i++) graph.Add(source, i, 1, 0);
        var arcEdge = new List<(int Mentee, int Mentor, int Edge)>();
        for (var i = 0; i < n; i++)
            foreach (var (j, value, _) in g.ArcsOf[i])
                if (capacity[j] > 0) arcEdge.Add((i, j, graph.Add(i, n + j, 1, -value)));
        for (var j = 0; j < g.M; j++)
            if (capacity[j] > 0) graph.Add(n + j, sink, capacity[j], 0);

        // Initial potentials: shortest distances in the acyclic graph, so reduced costs start non-negative.
        var potential = new long[sink + 1];
        for (var j = 0; j < g.M; j++) potential[n + j] = 0;
        foreach (var (i, j, e) in arcEdge) potential[n + j] = Math.Min(potential[n + j], graph.Cost[e]);
        for (var j = 0; j < g.M; j++) potential[sink] = Math.Min(potential[sink], potential[n + j]);

        var distance = new long[sink + 1];
        var parentEdge = new int[sink + 1];
        var settled = new bool[sink + 1];
        var queue = new PriorityQueue<int, long>();
        while (true)
        {
            Array.Fill(distance, long.MaxValue);
            Array.Fill(parentEdge, -1);
            Array.Clear(settled);
            distance[source] = 0;
            queue.Clear();
            queue.Enqueue(source, 0);
            while (queue.TryDequeue(out var u, out var key))
            {
                if (settled[u] || key != distance[u]) continue;
                settled[u] = true;
                if (u == sink) break;
                for (var e = graph.Head[u]; e >= 0; e = graph.Next[e])
                {
                    if (graph.Capacity[e] == 0) continue;
                    var v = graph.To[e];
                    var d = distance[u] + graph.Cost[e] + potential[u] - potential[v];
                    if (d >= distance[v]) continue;
                    distance[v] = d;
                    parentEdge[v] = e;
                    queue.Enqueue(v, d);
                }
            }
            if (!settled[sink]) break;
            var sinkDistance = distance[sink];
            var pathCost = sinkDistance + potential[sink] - potential[source];
            for (var v = 0; v <= sink; v++) potential[v] += Math.Min(distance[v], sinkDistance);
            if (pathCost >= 0) break; // no cheaper flow: the optimum of the relaxation
            for (var v = sink; v != source; v = graph.To[parentEdge[v] ^ 1])
            {
                graph.Capacity[parentEdge[v]]--;
                graph.Capacity[parentEdge[v] ^ 1]++;
            }
        }

        var mentorOf = new int[n];
        Array.Fill(mentorOf, -1);
        foreach (var (i, j, e) in arcEdge)
            if (graph.Capacity[e] == 0) mentorOf[i] = j;
        return mentorOf;
    }

    /// <summary>Residual graph in arrays sized up front; edge e and e ^ 1 are each other's reverse.</summary>
    private sealed class FlowGraph
    {
        public readonly int[] Head, To, Next, Capacity;
        public readonly long[] Cost;
        private int _count;

        public FlowGraph(int nodes, int maxEdges)
        {
            Head = new int[nodes];
            Array.Fill(Head, -1);
            (To, Next, Capacity, Cost) = (new int[2 * maxEdges], new int[2 * maxEdges], new int[2 * maxEdges], new long[2 * maxEdges]);
        }

        /// <summary>Adds an edge and its reverse; returns the edge.</summary>
        public int Add(int from, int to, int capacity, long cost)
        {
            var e = _count;
            Push(from, to, capacity, cost);
            Push(to, from, 0, -cost);
            return e;
        }

        private void Push(int from, int to, int capacity, long cost)
        {
            (To[_count], Next[_count], Capacity[_count], Cost[_count]) = (to, Head[from], capacity, cost);
            Head[from] = _count++;
        }
    }
}
