using CsCheck;
using Mentoring.Matching.Engine.Peer;

namespace Mentoring.Matching.Engine.Tests.Peer;

public class MaximumWeightMatchingTests
{
    /// <summary>The best (edges, weight) over all matchings, by dynamic programming over vertex subsets: the lowest vertex left is either unmatched or matched to a neighbour.</summary>
    private static (int Edges, long Weight) BruteForce(int n, IReadOnlyList<WeightedEdge> edges, bool maxCardinality)
    {
        var weight = new long?[n, n];
        foreach (var e in edges)
            if (weight[e.U, e.V] is not { } w || e.Weight > w) weight[e.U, e.V] = weight[e.V, e.U] = e.Weight;
        var best = new (int Edges, long Weight)[1 << n];
        bool Better((int Edges, long Weight) a, (int Edges, long Weight) b) =>
            maxCardinality ? a.Edges > b.Edges || (a.Edges == b.Edges && a.Weight > b.Weight) : a.Weight > b.Weight;
        for (var mask = 1; mask < 1 << n; mask++)
        {
            var i = System.Numerics.BitOperations.TrailingZeroCount(mask);
            var rest = mask & ~(1 << i);
            var result = best[rest];
            for (var j = i + 1; j < n; j++)
            {
                if ((rest >> j & 1) == 0 || weight[i, j] is not { } w) continue;
                var other = best[rest & ~(1 << j)];
                var candidate = (other.Edges + 1, other.Weight + w);
                if (Better(candidate, result)) result = candidate;
            }
            best[mask] = result;
        }
        return best[(1 << n) - 1];
    }

    private static void AssertIsMatching(int n, IReadOnlyList<WeightedEdge> edges, int[] mate)
    {
        Assert.Equal(n, mate.Length);
        var existing = edges.Select(e => (Math.Min(e.U, e.V), Math.Max(e.U, e.V))).ToHashSet();
        for (var v = 0; v < n; v++)
        {
            if (mate[v] == -1) continue;
            Assert.Equal(v, mate[mate[v]]);
            Assert.Contains((Math.Min(v, mate[v]), Math.Max(v, mate[v])), existing);
        }
    }

    private static readonly Gen<(int N, WeightedEdge[] Edges)> Graphs =
        Gen.Int[0, 13].SelectMany(n => Gen.Int[0, 100].SelectMany(density => Gen.Int[-3, 25].SelectMany(maxWeight =>
            Gen.Int[0, 1 << 20].Select(seed =>
            {
                var random = new Random(seed);
                var edges = new List<WeightedEdge>();
                for (var u = 0; u < n; u++)
                    for (var v = u + 1; v < n; v++)
                        if (random.Next(100) < density) edges.Add(random.Next(2) == 0 ? new(u, v, random.Next(-2, maxWeight + 1)) : new(v, u, random.Next(-2, maxWeight + 1)));
                return (n, edges.ToArray());
            }))));

    [Fact]
    public void Finds_the_heaviest_matching_on_random_graphs()
    {
        Graphs.Sample((n, edges) =>
        {
            var mate = MaximumWeightMatching.Solve(n, edges);
            AssertIsMatching(n, edges, mate);
            Assert.Equal(BruteForce(n, edges, maxCardinality: false).Weight, MaximumWeightMatching.Weight(mate, edges));
        }, iter: 600);
    }

    [Fact]
    public void Finds_the_heaviest_of_the_largest_matchings_on_random_graphs()
    {
        Graphs.Sample((n, edges) =>
        {
            var mate = MaximumWeightMatching.Solve(n, edges, maxCardinality: true);
            AssertIsMatching(n, edges, mate);
            var expected = BruteForce(n, edges, maxCardinality: true);
            Assert.Equal(expected.Edges, mate.Count(m => m >= 0) / 2);
            Assert.Equal(expected.Weight, MaximumWeightMatching.Weight(mate, edges));
        }, iter: 600);
    }

    // Cases from the test-suite of Van Rantwijk's mwmatching.py (vertex 0 unused there too).
    [Fact]
    public void Prefers_weight_over_cardinality_unless_asked()
    {
        WeightedEdge[] edges = [new(1, 2, 5), new(2, 3, 11), new(3, 4, 5)];
        Assert.Equal([-1, -1, 3, 2, -1], MaximumWeightMatching.Solve(5, edges));
        Assert.Equal([-1, 2, 1, 4, 3], MaximumWeightMatching.Solve(5, edges, maxCardinality: true));
    }

    [Fact]
    public void Creates_an_S_blossom_and_uses_it_for_augmentation()
    {
        WeightedEdge[] edges = [new(1, 2, 8), new(1, 3, 9), new(2, 3, 10), new(3, 4, 7)];
        Assert.Equal([-1, 2, 1, 4, 3], MaximumWeightMatching.Solve(5, edges));
        WeightedEdge[] more = [.. edges, new(1, 6, 5), new(4, 5, 6)];
        Assert.Equal([-1, 6, 3, 2, 5, 4, 1], MaximumWeightMatching.Solve(7, more));
    }

    [Fact]
    public void Creates_a_T_blossom_and_expands_it()
    {
        WeightedEdge[] edges = [new(1, 2, 9), new(1, 3, 8), new(2, 3, 10), new(1, 4, 5), new(4, 5, 4), new(1, 6, 3)];
        Assert.Equal([-1, 6, 3, 2, 5, 4, 1], MaximumWeightMatching.Solve(7, edges));
    }

    [Fact]
    public void Handles_nested_blossoms_at_scale_with_a_valid_matching()
    {
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            const int n = 150;
            var edges = new List<WeightedEdge>();
            for (var u = 0; u < n; u++)
                for (var v = u + 1; v < n; v++)
                    if (random.Next(100) < 8) edges.Add(new(u, v, random.Next(1, 6)));
            var mate = MaximumWeightMatching.Solve(n, edges);
            AssertIsMatching(n, edges, mate);
            // Every edge's weight is at most 5, so a maximum-weight matching is at least as heavy as a greedy one.
            var used = new bool[n];
            var greedy = 0L;
            foreach (var e in edges.OrderByDescending(e => e.Weight))
                if (!used[e.U] && !used[e.V]) { used[e.U] = used[e.V] = true; greedy += e.Weight; }
            Assert.True(MaximumWeightMatching.Weight(mate, edges) >= greedy);
        }, iter: 20);
    }

    [Fact]
    public void Refuses_loops_and_unknown_vertices_and_keeps_the_heavier_parallel_edge()
    {
        Assert.Throws<ArgumentException>(() => MaximumWeightMatching.Solve(3, [new(1, 1, 4)]));
        Assert.Throws<ArgumentException>(() => MaximumWeightMatching.Solve(3, [new(0, 3, 4)]));
        WeightedEdge[] parallel = [new(0, 1, 1), new(1, 0, 7), new(1, 2, 5)];
        var mate = MaximumWeightMatching.Solve(3, parallel);
        Assert.Equal([1, 0, -1], mate);
        Assert.Equal(7, MaximumWeightMatching.Weight(mate, parallel));
        Assert.Equal([-1, -1], MaximumWeightMatching.Solve(2, []));
    }
}
