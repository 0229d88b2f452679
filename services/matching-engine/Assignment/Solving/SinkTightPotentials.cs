namespace Mentoring.Matching.Engine.Assignment.Solving;

/// <summary>
/// Makes exact potentials <i>tight toward the sink</i> for the incremental joins
/// (docs/adr/0007, "Joins on tied regions"): one backward Dijkstra from the sink over the residual
/// network (reduced costs, all non-negative) gives every node its distance <c>dt</c> to the sink,
/// and every potential is lowered by it. Each residual arc u→v then keeps a non-negative reduced
/// cost (<c>c'(u,v) = c(u,v) − dt(u) + dt(v) ≥ 0</c> by the triangle inequality), and every node
/// that can reach the sink does so along arcs of reduced cost 0.
/// <para>
/// Why: a join's Dijkstra settles every node closer to the new person than the sink and stops at
/// the sink (<see cref="ShortestAugmentingPath"/>). With the duals as the solve leaves them, the
/// sink often lies beyond a whole tied region (the cost of displacing its weakest holder), which
/// the join then settles. Tight toward the sink, it is at distance 0 from the new person's best
/// mentor, and the search stops as soon as it reaches it on the plateau of distance 0. On the
/// families of bench/README.md this cut the work of the 99th-percentile join 4–6 times on
/// "programme", "hot mentors" and "plenty of places" (e.g. 14,245 → 2,586 nodes and arcs at
/// 10k × 2k), with paths as short as before. On "product scores" it does not: the joins use up
/// the ways out of its huge plateau one by one, and a join that finds none left (the sink at a
/// positive distance) settles the whole plateau, as before (docs/adr/0007).
/// </para>
/// <para>Nodes that cannot reach the sink (a mentor with no place and no holder, a person whose
/// mentors are all such) are lowered by the largest finite distance: no residual arc leads from
/// them to a node that reaches the sink, so every reduced cost stays non-negative. The pass is
/// deterministic (nodes in order of distance, ties by node number).</para>
/// </summary>
internal static class SinkTightPotentials
{
    /// <summary>Lowers <paramref name="potentials"/> (exact for the assignment in
    /// <paramref name="state"/>) by every node's distance to the sink.</summary>
    public static void Tighten(MatchingState state, FlowPotentials potentials) =>
        Tighten(state, potentials, MentorInArcs.Build(state));

    /// <summary>The same over a prepared list of the arcs into each mentor (kept for the joins).</summary>
    public static void Tighten(MatchingState state, FlowPotentials potentials, MentorInArcs inArcs)
    {
        inArcs.Register(state);
        var inArc = inArcs.Arc;
        var inPerson = inArcs.Person;
        var persons = state.PersonCount;
        var mentors = state.MentorCount;
        var arcStart = state.ArcStart;
        var arcMentor = state.ArcMentor;
        var arcBenefit = state.ArcBenefit;
        var assigned = state.AssignedArc;
        var pot = potentials.Person;
        var mentorPot = potentials.Mentor;
        var sinkPot = potentials.Sink;

        // Nodes: persons 0..persons-1, mentors persons..persons+mentors-1. Distance to the sink.
        const long Unreached = long.MaxValue;
        var distance = new long[persons + mentors];
        Array.Fill(distance, Unreached);
        var heap = new IndexedDistanceHeap(persons + mentors);
        var done = new bool[persons + mentors];

        void Relax(int node, long candidate)
        {
            if (done[node] || candidate >= distance[node])
                return;
            distance[node] = candidate;
            heap.Upsert(node, candidate);
        }

        // Arcs into the sink: a matched person leaves, a mentor with room takes one more.
        for (var i = 0; i < persons; i++)
        {
            if (assigned[i] >= 0)
                Relax(i, pot[i] - sinkPot);
        }
        for (var j = 0; j < mentors; j++)
        {
            if (state.Load[j] < state.Capacity[j])
                Relax(persons + j, mentorPot[j] - sinkPot);
        }

        long farthest = 0;
        while (heap.TryPop(out var d, out var node))
        {
            done[node] = true;
            farthest = d;
            if (node < persons)
            {
                // Into a holder: from its mentor (mentor → holder, the holder leaves it).
                var h = node;
                var held = assigned[h];
                if (held >= 0)
                {
                    var j = arcMentor[held];
                    Relax(persons + j, d + arcBenefit[held] + mentorPot[j] - pot[h]);
                }
            }
            else
            {
                // Into a mentor: from every person with a candidate arc to it that it does not hold.
                var j = node - persons;
                for (int k = inArcs.Start(j), end = inArcs.Start(j + 1); k < end; k++)
                {
                    var i = inPerson[k];
                    if (inArc[k] != assigned[i])
                        Relax(i, d - arcBenefit[inArc[k]] + pot[i] - mentorPot[j]);
                }
                for (var x = inArcs.ExtraHead(j); x >= 0; x = inArcs.ExtraNext(x))
                {
                    var i = inArcs.ExtraPerson(x);
                    if (inArcs.ExtraArc(x) != assigned[i])
                        Relax(i, d - arcBenefit[inArcs.ExtraArc(x)] + pot[i] - mentorPot[j]);
                }
            }
        }

        for (var i = 0; i < persons; i++)
            pot[i] -= distance[i] == Unreached ? farthest : distance[i];
        for (var j = 0; j < mentors; j++)
            mentorPot[j] -= distance[persons + j] == Unreached ? farthest : distance[persons + j];
    }
}
