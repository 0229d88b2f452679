namespace Mentoring.Matching.Engine.Assignment.Solving;

/// <summary>
/// Exact flow potentials (<see cref="FlowPotentials"/>) from the auction's prices, which prove the
/// auction's assignment optimal. Taking the sink at 0, a mentor at <c>−(price − pool price)</c> (at
/// most 0 for a mentor with room) and a person at <c>max(0, best benefit + mentor potential)</c>
/// leaves only residual arcs of reduced cost ≥ −ε (ε-complementary slackness of the auction). A
/// label-correcting shortest-path pass from a virtual root at distance 0 to every node then shifts
/// the potentials until every reduced cost is non-negative. It converges exactly when the residual
/// graph has no negative cycle, that is when the assignment is optimal (whatever ε was), and its
/// result is then a proof of optimality.
/// <para>
/// The pass takes nodes in order of their tentative distance (a heap with decrease-key, a node
/// re-entering when its distance drops after its scan): the negative reduced costs are small next to the positive ones, so it scans
/// most nodes about once. On the tie-heavy families of bench/README.md it needed 3–6 times fewer
/// arc scans than a FIFO queue (Bellman–Ford) from the prices of a coarse ε phase.
/// </para>
/// </summary>
internal static class PotentialRepair
{
    private const int NoParent = -1;

    /// <summary>Once the pass has used one scan per node and arc without converging, it looks for
    /// a cycle among its parent links after every further <c>1 / this</c> of that work (each look
    /// costs one walk over the nodes, about 2–3 % of a scan of the network on the families).</summary>
    private const long CycleCheckDivisor = 2;

    /// <summary>Work allowed to the pass from the auction's final prices (ε = 1): far more than it
    /// needs, a guard against a bug.</summary>
    public static long GuardBudget(MatchingState state) => 64L * Size(state) + 1_000_000;

    /// <summary>Nodes and arcs of the batch's flow network.</summary>
    public static long Size(MatchingState state) => state.PersonCount + state.MentorCount + 1L + state.ArcCount;

    /// <summary>Exact potentials for the assignment in <paramref name="state"/>, or null when the pass
    /// does not converge within <paramref name="budget"/> node and arc scans (the assignment may not
    /// be optimal: a negative cycle never converges).</summary>
    public static FlowPotentials? TryFromPrices(MatchingState state, long[] prices, long poolPrice, long budget) =>
        TryFromPrices(state, prices, poolPrice, budget, out _, out _);

    /// <summary>As <see cref="TryFromPrices(MatchingState, long[], long, long)"/>, and gives the
    /// node and arc scans the pass used (a deterministic work count).</summary>
    public static FlowPotentials? TryFromPrices(MatchingState state, long[] prices, long poolPrice, long budget, out long scans) =>
        TryFromPrices(state, prices, poolPrice, budget, out scans, out _);

    /// <summary>As <see cref="TryFromPrices(MatchingState, long[], long, long, out long)"/>, and
    /// says whether the pass stopped on a negative cycle it found (the assignment is then certainly
    /// not optimal) rather than at the end of its budget.</summary>
    public static FlowPotentials? TryFromPrices(MatchingState state, long[] prices, long poolPrice, long budget, out long scans, out bool negativeCycle)
    {
        negativeCycle = false;
        var allowed = budget;
        scans = 0;
        var persons = state.PersonCount;
        var mentors = state.MentorCount;
        var arcStart = state.ArcStart;
        var arcMentor = state.ArcMentor;
        var arcBenefit = state.ArcBenefit;
        var assigned = state.AssignedArc;
        var person = new long[Math.Max(persons, 16)];
        var mentor = new long[mentors];
        const long sinkPotential = 0;
        for (var j = 0; j < mentors; j++)
        {
            // Relative to the pool (the sink), and a mentor with room never above it.
            var price = prices[j] - poolPrice;
            mentor[j] = -(state.Load[j] < state.Capacity[j] ? Math.Min(price, 0) : price);
        }
        for (var i = 0; i < persons; i++)
        {
            var best = sinkPotential;
            for (var a = arcStart[i]; a < arcStart[i + 1]; a++)
                best = Math.Max(best, arcBenefit[a] + mentor[arcMentor[a]]);
            person[i] = best;
        }

        // Node numbering for the pass: persons, then mentors, then the sink. Persons start with
        // no negative outgoing arc (their potential is their best option), so only mentors and
        // the sink need a first scan.
        var sinkNode = persons + mentors;
        var distance = new long[sinkNode + 1];
        var heap = new IndexedDistanceHeap(sinkNode + 1);
        for (var node = persons; node <= sinkNode; node++)
            heap.Upsert(node, 0);
        // The node whose scan last lowered each node's distance (NoParent: the virtual root). A
        // cycle among these links is a negative cycle of the residual graph (below).
        var parent = new int[sinkNode + 1];
        Array.Fill(parent, NoParent);
        var cycles = new ParentCycleCheck(sinkNode + 1);
        var size = Size(state);
        var nextCheck = size;
        var scanning = NoParent;

        void Relax(int node, long candidate)
        {
            if (candidate >= distance[node])
                return;
            distance[node] = candidate;
            parent[node] = scanning;
            heap.Upsert(node, candidate);
        }

        while (heap.TryPop(out var d, out var node))
        {
            scanning = node;
            if (node < persons)
            {
                var i = node;
                var held = assigned[i];
                budget -= arcStart[i + 1] - arcStart[i] + 1;
                for (var a = arcStart[i]; a < arcStart[i + 1]; a++)
                {
                    if (a == held)
                        continue;
                    var j = arcMentor[a];
                    Relax(persons + j, d - arcBenefit[a] + person[i] - mentor[j]);
                }
                if (held >= 0)
                    Relax(sinkNode, d + person[i] - sinkPotential);
            }
            else if (node < sinkNode)
            {
                var j = node - persons;
                var start = state.HolderStart[j];
                budget -= state.Load[j] + 1;
                for (var k = start; k < start + state.Load[j]; k++)
                {
                    var h = state.Holder[k];
                    Relax(h, d + arcBenefit[assigned[h]] + mentor[j] - person[h]);
                }
                if (state.Load[j] < state.Capacity[j])
                    Relax(sinkNode, d + mentor[j] - sinkPotential);
            }
            else
            {
                budget -= persons + mentors;
                for (var j = 0; j < mentors; j++)
                {
                    if (state.Load[j] > 0)
                        Relax(persons + j, d + sinkPotential - mentor[j]);
                }
                for (var i = 0; i < persons; i++)
                {
                    if (assigned[i] == MatchingState.Unmatched)
                        Relax(i, d + sinkPotential - person[i]);
                }
            }
            if (budget < 0)
            {
                scans = allowed - budget;
                return null;
            }
            if (allowed - budget >= nextCheck)
            {
                // A pass that has not converged after one scan per node and arc looks for a
                // negative cycle among its parent links every half of that: then the assignment is
                // not optimal and no further scan can prove it (docs/adr/0007, "Failed proofs").
                nextCheck += Math.Max(1, size / CycleCheckDivisor);
                if (cycles.HasCycle(parent))
                {
                    scans = allowed - budget;
                    negativeCycle = true;
                    return null;
                }
            }
        }

        scans = allowed - budget;
        for (var i = 0; i < persons; i++)
            person[i] += distance[i];
        for (var j = 0; j < mentors; j++)
            mentor[j] += distance[persons + j];
        return FlowPotentials.Of(person, mentor, distance[sinkNode]);
    }
}

/// <summary>
/// Finds a cycle among the parent links of a label-correcting pass (each node's link: the node
/// whose scan last lowered its distance; the virtual root has none). Such a cycle is always a
/// negative cycle of the network: along every link <c>(u, v)</c> <c>d(v) ≥ d(u) + c(u, v)</c>
/// holds (distances only fall after a link is set), with strict inequality for the link set last
/// on the cycle (it lowered <c>d(v)</c> below the value its successor's link was set from), so
/// the costs around the cycle sum to less than 0 (Cherkassky and Goldberg, "Negative-cycle
/// detection algorithms", 1999: walk to root / amortised search). Conversely, a pass on a network
/// with a negative cycle keeps lowering the nodes of that cycle and, within a finite number of
/// scans, links them into one.
/// </summary>
internal sealed class ParentCycleCheck(int nodes)
{
    // The walk that last visited each node; walks of earlier checks count as unvisited.
    private readonly int[] visitedBy = new int[nodes];
    private int walks;

    public bool HasCycle(int[] parent)
    {
        var firstOfThisCheck = walks + 1;
        for (var start = 0; start < parent.Length; start++)
        {
            if (visitedBy[start] >= firstOfThisCheck)
                continue;
            var walk = ++walks;
            var node = start;
            while (node >= 0)
            {
                var seen = visitedBy[node];
                if (seen == walk)
                    return true;
                if (seen >= firstOfThisCheck)
                    break;
                visitedBy[node] = walk;
                node = parent[node];
            }
        }
        return false;
    }
}
