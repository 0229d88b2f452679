namespace Mentoring.Matching.Engine.Assignment.Solving;

/// <summary>
/// Makes exact potentials <i>tight toward the sink</i> for the incremental joins
/// (docs/adr/0007, "Joins on tied regions"): one backward Dijkstra from the sink over the residual
/// network (reduced costs, all non-negative) gives every node its distance <c>dt</c> to the sink,
/// and every potential is lowered by it. Each residual arc u→v then keeps a non-negative reduced
/// cost (<c>c'(u,v) = c(u,v) − dt(u) + dt(v) ≥ 0</c> by the triangle inequality), and every node
/// that can reach the sink does so along arcs of reduced cost 0.
/// <para>
/// Why: a join's Dijkstra settles every node closer to the new person than the sink. With the
/// duals as the solve leaves them, the sink of a tied region lies beyond the whole region (the
/// cost of displacing its weakest holder), so a join explored it all (on "product scores" at
/// 10k × 2k, 0.2–0.4 million nodes and arcs per join, the whole network). Tight toward the sink,
/// the sink is at distance 0 from the new person's best mentor and the join follows arcs of
/// reduced cost 0 (<see cref="ShortestAugmentingPath"/>), nodes with the fewest hops to the sink
/// first (<see cref="FlowPotentials.PersonHops"/>, counted here), until it reaches it. Later joins
/// use up the plateau's ways out and the hint grows stale, so the searches grow again until a
/// join finds the plateau closed (the sink at a positive distance) and lowers it as a whole.
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
    public static void Tighten(MatchingState state, FlowPotentials potentials)
    {
        var persons = state.PersonCount;
        var mentors = state.MentorCount;
        var arcStart = state.ArcStart;
        var arcMentor = state.ArcMentor;
        var arcBenefit = state.ArcBenefit;
        var assigned = state.AssignedArc;
        var pot = potentials.Person;
        var mentorPot = potentials.Mentor;
        var sinkPot = potentials.Sink;

        // Arcs into each mentor (from persons that do not hold it), in CSR form.
        var inStart = new int[mentors + 1];
        for (var i = 0; i < persons; i++)
        {
            for (var a = arcStart[i]; a < arcStart[i + 1]; a++)
            {
                if (a != assigned[i])
                    inStart[arcMentor[a] + 1]++;
            }
        }
        for (var j = 0; j < mentors; j++)
            inStart[j + 1] += inStart[j];
        var inArc = new int[inStart[mentors]];
        var inPerson = new int[inStart[mentors]];
        var fill = new int[mentors];
        Array.Copy(inStart, fill, mentors);
        for (var i = 0; i < persons; i++)
        {
            for (var a = arcStart[i]; a < arcStart[i + 1]; a++)
            {
                if (a == assigned[i])
                    continue;
                var at = fill[arcMentor[a]]++;
                inArc[at] = a;
                inPerson[at] = i;
            }
        }

        // Nodes: persons 0..persons-1, mentors persons..persons+mentors-1. Distance to the sink.
        const long Unreached = long.MaxValue;
        var distance = new long[persons + mentors];
        Array.Fill(distance, Unreached);
        var heap = new IndexedDistanceHeap(persons + mentors);
        var done = new bool[persons + mentors];

        // Arcs on the way to the sink (a hint for the joins' order among nodes at equal distance).
        var hops = new int[persons + mentors];

        void Relax(int node, long candidate, int hopCount)
        {
            if (done[node] || candidate > distance[node])
                return;
            if (candidate == distance[node])
            {
                hops[node] = Math.Min(hops[node], hopCount);
                return;
            }
            distance[node] = candidate;
            hops[node] = hopCount;
            heap.Upsert(node, candidate);
        }

        // Arcs into the sink: a matched person leaves, a mentor with room takes one more.
        for (var i = 0; i < persons; i++)
        {
            if (assigned[i] >= 0)
                Relax(i, pot[i] - sinkPot, 1);
        }
        for (var j = 0; j < mentors; j++)
        {
            if (state.Load[j] < state.Capacity[j])
                Relax(persons + j, mentorPot[j] - sinkPot, 1);
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
                    Relax(persons + j, d + arcBenefit[held] + mentorPot[j] - pot[h], hops[h] + 1);
                }
            }
            else
            {
                // Into a mentor: from every person with a candidate arc to it that it does not hold.
                var j = node - persons;
                for (var k = inStart[j]; k < inStart[j + 1]; k++)
                {
                    var i = inPerson[k];
                    Relax(i, d - arcBenefit[inArc[k]] + pot[i] - mentorPot[j], hops[node] + 1);
                }
            }
        }

        var personHops = new int[pot.Length];
        var mentorHops = new int[mentors];
        for (var i = 0; i < persons; i++)
        {
            pot[i] -= distance[i] == Unreached ? farthest : distance[i];
            personHops[i] = distance[i] == Unreached ? FlowPotentials.FarFromSink : hops[i];
        }
        for (var j = 0; j < mentors; j++)
        {
            mentorPot[j] -= distance[persons + j] == Unreached ? farthest : distance[persons + j];
            mentorHops[j] = distance[persons + j] == Unreached ? FlowPotentials.FarFromSink : hops[persons + j];
        }
        potentials.PersonHops = personHops;
        potentials.MentorHops = mentorHops;
    }
}
