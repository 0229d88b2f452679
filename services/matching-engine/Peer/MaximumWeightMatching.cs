namespace Mentoring.Matching.Engine.Peer;

/// <summary>
/// Maximum-weight matching in a general (not necessarily bipartite) graph, in O(n³): Edmonds'
/// blossom algorithm with the primal–dual method of Galil ("Efficient algorithms for finding
/// maximum matching in graphs", ACM Computing Surveys, 1986). A careful port of Joris van
/// Rantwijk's <c>mwmatching.py</c> (the code NetworkX's <c>max_weight_matching</c> was built from),
/// with integer weights so that every dual and slack stays exact (they are kept doubled).
/// </summary>
public static class MaximumWeightMatching
{
    /// <summary>
    /// A matching of greatest total weight; with <paramref name="maxCardinality"/>, of greatest
    /// weight among those with the most edges. Returns, per vertex, its partner or -1. Parallel
    /// edges keep their heaviest; an edge of negative weight is never used unless
    /// <paramref name="maxCardinality"/> needs it. Deterministic for the same input order.
    /// </summary>
    /// <exception cref="ArgumentException">An edge is a loop or names a vertex outside 0..vertexCount-1.</exception>
    public static int[] Solve(int vertexCount, IReadOnlyList<WeightedEdge> edges, bool maxCardinality = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(vertexCount);
        ArgumentNullException.ThrowIfNull(edges);
        var distinct = Distinct(vertexCount, edges);
        var mate = new int[vertexCount];
        Array.Fill(mate, -1);
        if (distinct.Count == 0) return mate;
        return new BlossomSolver(vertexCount, distinct, maxCardinality).Run();
    }

    /// <summary>The total weight of a matching given as partners.</summary>
    public static long Weight(IReadOnlyList<int> mate, IReadOnlyList<WeightedEdge> edges)
    {
        var best = new Dictionary<(int, int), long>();
        foreach (var e in edges)
        {
            var key = (Math.Min(e.U, e.V), Math.Max(e.U, e.V));
            best[key] = best.TryGetValue(key, out var w) ? Math.Max(w, e.Weight) : e.Weight;
        }
        var total = 0L;
        for (var v = 0; v < mate.Count; v++)
            if (mate[v] > v) total += best[(v, mate[v])];
        return total;
    }

    private static List<WeightedEdge> Distinct(int vertexCount, IReadOnlyList<WeightedEdge> edges)
    {
        var index = new Dictionary<(int, int), int>();
        var list = new List<WeightedEdge>(edges.Count);
        foreach (var e in edges)
        {
            if ((uint)e.U >= (uint)vertexCount || (uint)e.V >= (uint)vertexCount)
                throw new ArgumentException($"Edge ({e.U}, {e.V}) names a vertex outside 0..{vertexCount - 1}.", nameof(edges));
            if (e.U == e.V) throw new ArgumentException($"Edge ({e.U}, {e.V}) is a loop.", nameof(edges));
            var key = (Math.Min(e.U, e.V), Math.Max(e.U, e.V));
            if (index.TryGetValue(key, out var at))
            {
                if (e.Weight > list[at].Weight) list[at] = e;
            }
            else
            {
                index[key] = list.Count;
                list.Add(e);
            }
        }
        return list;
    }
}
