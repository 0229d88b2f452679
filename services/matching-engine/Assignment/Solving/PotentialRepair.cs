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
    /// <summary>Work allowed to the pass from the auction's final prices (ε = 1): far more than it
    /// needs, a guard against a bug.</summary>
    public static long GuardBudget(MatchingState state) => 64L * Size(state) + 1_000_000;

    /// <summary>Nodes and arcs of the batch's flow network.</summary>
    public static long Size(MatchingState state) => state.PersonCount + state.MentorCount + 1L + state.ArcCount;

    /// <summary>Exact potentials for the assignment in <paramref name="state"/>, or null when the pass
    /// does not converge within <paramref name="budget"/> node and arc scans (the assignment may not
    /// be optimal: a negative cycle never converges).</summary>
    public static FlowPotentials? TryFromPrices(MatchingState state, long[] prices, long poolPrice, long budget) =>
        TryFromPrices(state, prices, poolPrice, budget, out _);

    /// <summary>As <see cref="TryFromPrices(MatchingState, long[], long, long)"/>, and gives the
    /// node and arc scans the pass used (a deterministic work count).</summary>
    public static FlowPotentials? TryFromPrices(MatchingState state, long[] prices, long poolPrice, long budget, out long scans)
    {
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

        void Relax(int node, long candidate)
        {
            if (candidate >= distance[node])
                return;
            distance[node] = candidate;
            heap.Upsert(node, candidate);
        }

        while (heap.TryPop(out var d, out var node))
        {
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
        }

        scans = allowed - budget;
        for (var i = 0; i < persons; i++)
            person[i] += distance[i];
        for (var j = 0; j < mentors; j++)
            mentor[j] += distance[persons + j];
        return FlowPotentials.Of(person, mentor, distance[sinkNode]);
    }
}
