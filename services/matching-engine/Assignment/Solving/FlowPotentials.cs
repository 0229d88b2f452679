namespace Mentoring.Matching.Engine.Assignment.Solving;

/// <summary>
/// Node potentials of the batch seen as a min-cost flow: every person sends one unit to a sink,
/// either through a mentor (arc cost −benefit, mentor→sink capacity = the mentor's capacity) or
/// directly (cost 0: unmatched). Reduced cost of a residual arc u→v:
/// <c>cost(u,v) + potential(u) − potential(v)</c>. The potentials are exact when every residual
/// arc has a non-negative reduced cost, which is what Dijkstra needs.
/// </summary>
internal sealed class FlowPotentials
{
    private FlowPotentials(long[] person, long[] mentor, long sink)
    {
        Person = person;
        Mentor = mentor;
        Sink = sink;
    }

    public long[] Person { get; set; }

    public long[] Mentor { get; }

    public long Sink { get; }

    /// <summary>Exact potentials from optimal duals (person values and mentor prices, in units of
    /// benefit / <see cref="BenefitScale.Precision"/>): a person at <c>value</c>, a mentor at
    /// <c>−price</c>, the sink at 0, all scaled by the precision. Every residual arc then has a
    /// non-negative reduced cost because the duals are feasible and complementary.</summary>
    public static FlowPotentials FromDuals(MatchingState state, long[] values, long[] prices)
    {
        var precision = state.Scale.Precision;
        var person = new long[Math.Max(values.Length, 16)];
        for (var i = 0; i < values.Length; i++)
            person[i] = values[i] * precision;
        var mentor = new long[prices.Length];
        for (var j = 0; j < prices.Length; j++)
            mentor[j] = -prices[j] * precision;
        return new FlowPotentials(person, mentor, 0);
    }

    /// <summary>
    /// Exact potentials from the auction's prices. Taking the sink at 0, a mentor at
    /// <c>−(price − pool price)</c> (at most 0 above the pool for a mentor with room) and a person
    /// at <c>max(0, best benefit − mentor price)</c> leaves only residual arcs with reduced costs
    /// ≥ −ε = −1 (ε-complementary slackness of the auction). The assignment is optimal, so the
    /// residual graph has no negative cycle, and a label-correcting shortest-path pass
    /// (Bellman–Ford with a FIFO queue, from a virtual root at distance 0 to every node) shifts the
    /// potentials by a few units each to make every reduced cost non-negative.
    /// </summary>
    /// <exception cref="InvalidOperationException">The assignment was not optimal (a bug).</exception>
    public static FlowPotentials FromAuctionPrices(MatchingState state, long[] prices, long poolPrice)
    {
        var persons = state.PersonCount;
        var mentors = state.MentorCount;
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
            for (var a = state.ArcStart[i]; a < state.ArcStart[i + 1]; a++)
                best = Math.Max(best, state.ArcBenefit[a] + mentor[state.ArcMentor[a]]);
            person[i] = best;
        }

        // Node numbering for the pass: persons, then mentors, then the sink.
        var sinkNode = persons + mentors;
        var distance = new long[sinkNode + 1];
        var queued = new bool[sinkNode + 1];
        var queue = new Queue<int>();
        for (var node = persons; node <= sinkNode; node++)
        {
            queue.Enqueue(node);
            queued[node] = true;
        }
        long budget = 64L * (sinkNode + 1 + state.ArcCount) + 1_000_000;

        void Relax(int node, long candidate)
        {
            if (candidate >= distance[node])
                return;
            distance[node] = candidate;
            if (!queued[node])
            {
                queued[node] = true;
                queue.Enqueue(node);
            }
        }

        while (queue.TryDequeue(out var node))
        {
            queued[node] = false;
            var d = distance[node];
            if (node < persons)
            {
                var i = node;
                var held = state.AssignedArc[i];
                budget -= state.ArcStart[i + 1] - state.ArcStart[i] + 1;
                for (var a = state.ArcStart[i]; a < state.ArcStart[i + 1]; a++)
                {
                    if (a == held)
                        continue;
                    var j = state.ArcMentor[a];
                    Relax(persons + j, d - state.ArcBenefit[a] + person[i] - mentor[j]);
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
                    Relax(h, d + state.ArcBenefit[state.AssignedArc[h]] + mentor[j] - person[h]);
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
                    if (state.AssignedArc[i] == MatchingState.Unmatched)
                        Relax(i, d + sinkPotential - person[i]);
                }
            }
            if (budget < 0)
                throw new InvalidOperationException("The assignment is not optimal: its residual graph has a negative cycle.");
        }

        for (var i = 0; i < persons; i++)
            person[i] += distance[i];
        for (var j = 0; j < mentors; j++)
            mentor[j] += distance[persons + j];
        return new FlowPotentials(person, mentor, distance[sinkNode]);
    }
}
