namespace Mentoring.Matching.Engine.Assignment.Solving;

/// <summary>
/// Exact maximum-benefit assignment of persons to mentors with capacities, a person may stay
/// unmatched: the primal–dual (Hungarian) method for weighted b-matching, with a greedy start,
/// multi-source Dijkstra for the dual adjustments and many augmentations per adjustment.
/// <para>
/// <b>Duals.</b> A value <c>v(i) ≥ 0</c> per person and a price <c>p(j) ≥ 0</c> per mentor with
/// <c>v(i) + p(j) ≥ b(a)</c> on every arc. The assignment is optimal when matched arcs are tight
/// (equality), a mentor with room has price 0 and an unmatched person has value 0 (complementary
/// slackness). Benefits are <c>b = score · MatchUnit + 1</c> (<see cref="BenefitScale"/>): the
/// total score first, then the number of matches, exactly, in 64-bit integers.
/// </para>
/// <para>
/// <b>Method.</b> Start with <c>p = 0</c>, <c>v(i)</c> = the person's best benefit, and give each
/// person, in index order, its first best mentor that has room. Then repeat: (1) augment along
/// tight arcs from every unmatched person of positive value, by depth-first search with visit
/// marks (vertex-disjoint paths, many per round), to a mentor with room or to a holder of value 0
/// who leaves; (2) when no such path is left, one Dijkstra from all those persons at once on the
/// reduced costs <c>v(i) + p(j) − b(a)</c> finds the smallest dual change <c>D</c> that creates a
/// new tight path (to a mentor with room, or to a person whose value reaches 0), and every node
/// settled at distance <c>d &lt; D</c> moves by <c>D − d</c> (values down, prices up), which keeps
/// the duals feasible and every matched arc tight.
/// </para>
/// <para>
/// <b>Why not the auction.</b> The number of dual adjustments grows with the number of distinct
/// shortest-path lengths, which is small when scores are few distinct small integers; ties then
/// make the tight graph large and one adjustment feeds hundreds of augmentations. An auction does
/// the opposite: ties make bidders raise prices by ε at a time (price wars), and ε must shrink
/// below one unit over the number of persons. See docs/adr/0007.
/// </para>
/// <para>Deterministic: persons, arcs and holders are always visited in index order, and the dual
/// changes depend only on shortest distances.</para>
/// </summary>
internal sealed class PrimalDualAssignment
{
    private readonly MatchingState state;
    private readonly int persons;
    private readonly int[] arcScore;
    private readonly long matchUnit;
    private readonly long[] value;
    private readonly long[] price;
    private readonly int[] personStamp;
    private readonly int[] mentorStamp;
    private readonly long[] personDistance;
    private readonly long[] mentorDistance;
    private readonly DistanceHeap heap = new();
    private readonly List<int> settled = [];
    private readonly List<int> free = [];
    private int stamp;

    // Depth-first search stack: persons and mentors alternate; cursors into arcs and holders.
    private readonly List<int> stackNode = [];
    private readonly List<int> stackCursor = [];
    private readonly List<int> stackArc = [];

    private PrimalDualAssignment(MatchingState state)
    {
        this.state = state;
        persons = state.PersonCount;
        var mentors = state.MentorCount;
        // Benefits are computed from the scores where they are read (a multiply-add), not kept
        // in an array of 8 bytes per arc: one allocation and one pass less per solve.
        arcScore = state.ArcScore;
        matchUnit = state.Scale.MatchUnit;
        value = new long[persons];
        price = new long[mentors];
        personStamp = new int[persons];
        mentorStamp = new int[mentors];
        personDistance = new long[persons];
        mentorDistance = new long[mentors];
    }

    /// <summary>At most this many distinct scores: the dual adjustments are few whatever the start.</summary>
    public const int FewDistinctScores = 8;

    /// <summary>At most this fraction of the persons left unmatched by the greedy start: the
    /// remaining augmenting paths are short and few. Was 15 % before the auction's early stop
    /// (docs/adr/0007); with it the auction is as fast at 10k × 2k and 1.6× faster at 50k × 10k on
    /// "plenty of places" (13 % unmatched after the greedy start), while "demand 1/2 capacity"
    /// (2.5 %) stays 3× faster with this method.</summary>
    public const double FewUnmatchedAfterGreedy = 0.05;

    /// <summary>Matches the persons of <paramref name="state"/> optimally (its assignment and
    /// holders, which must be empty) and returns the optimal duals, in units of
    /// <c>score · MatchUnit + 1</c>; or, unless <paramref name="always"/>, returns null and leaves
    /// the state empty when the instance does not suit the method: more than
    /// <see cref="FewDistinctScores"/> distinct scores and more than
    /// <see cref="FewUnmatchedAfterGreedy"/> of the persons unmatched by the greedy start.</summary>
    public static (long[] PersonValues, long[] MentorPrices)? TrySolve(MatchingState state, bool always = false)
    {
        var solver = new PrimalDualAssignment(state);
        solver.Greedy();
        solver.CollectFree();
        if (!always && solver.free.Count > FewUnmatchedAfterGreedy * solver.persons && !HasFewDistinctScores(state))
        {
            solver.Clear();
            return null;
        }
        while (solver.free.Count > 0)
        {
            while (solver.AugmentRound())
            {
            }
            solver.CollectFree();
            if (solver.free.Count == 0)
                break;
            solver.AdjustDuals();
            solver.CollectFree();
        }
        return (solver.value, solver.price);
    }

    private static bool HasFewDistinctScores(MatchingState state)
    {
        var scores = new HashSet<int>();
        for (var a = 0; a < state.ArcCount; a++)
        {
            if (scores.Add(state.ArcScore[a]) && scores.Count > FewDistinctScores)
                return false;
        }
        return true;
    }

    /// <summary>Undoes the greedy start.</summary>
    private void Clear()
    {
        Array.Fill(state.AssignedArc, MatchingState.Unmatched, 0, persons);
        Array.Clear(state.Load);
    }

    /// <summary>The benefit of an arc, <c>score · MatchUnit + 1</c> (<see cref="BenefitScale"/>
    /// without its precision factor, which only the auction needs).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private long Benefit(int arc) => arcScore[arc] * matchUnit + 1;

    /// <summary>Best benefit as value, and the first best mentor with room, person by person.</summary>
    private void Greedy()
    {
        var s = state;
        for (var i = 0; i < persons; i++)
        {
            long best = 0;
            for (int a = s.ArcStart[i], end = s.ArcStart[i + 1]; a < end; a++)
                best = Math.Max(best, Benefit(a));
            value[i] = best;
            for (int a = s.ArcStart[i], end = s.ArcStart[i + 1]; a < end; a++)
            {
                var j = s.ArcMentor[a];
                if (Benefit(a) == best && s.Load[j] < s.Capacity[j])
                {
                    s.AddHolder(j, i);
                    s.AssignedArc[i] = a;
                    break;
                }
            }
        }
    }

    private void CollectFree()
    {
        free.Clear();
        var assigned = state.AssignedArc;
        for (var i = 0; i < persons; i++)
        {
            if (assigned[i] == MatchingState.Unmatched && value[i] > 0)
                free.Add(i);
        }
    }

    private int NextStamp()
    {
        if (++stamp == int.MaxValue)
        {
            Array.Clear(personStamp);
            Array.Clear(mentorStamp);
            stamp = 1;
        }
        return stamp;
    }

    /// <summary>One round of vertex-disjoint augmenting paths on tight arcs from every free person;
    /// true if any was found.</summary>
    private bool AugmentRound()
    {
        var round = NextStamp();
        var found = false;
        foreach (var root in free)
        {
            if (state.AssignedArc[root] == MatchingState.Unmatched && personStamp[root] != round && Augment(root, round))
                found = true;
        }
        return found;
    }

    /// <summary>Depth-first search for one augmenting path of tight arcs from a free person.</summary>
    private bool Augment(int root, int round)
    {
        var s = state;
        var arcStart = s.ArcStart;
        var arcMentor = s.ArcMentor;
        var assigned = s.AssignedArc;
        var load = s.Load;
        var capacity = s.Capacity;
        var holderStart = s.HolderStart;
        var holders = s.Holder;
        stackNode.Clear();
        stackCursor.Clear();
        stackArc.Clear();
        personStamp[root] = round;
        Push(root, arcStart[root]);
        while (stackNode.Count > 0)
        {
            var top = stackNode.Count - 1;
            var node = stackNode[top];
            if (node >= 0)
            {
                // A person: its next tight arc to a mentor not visited in this round.
                var i = node;
                var end = arcStart[i + 1];
                var a = stackCursor[top];
                var vi = value[i];
                var held = assigned[i];
                while (a < end && (a == held || vi + price[arcMentor[a]] != Benefit(a) || mentorStamp[arcMentor[a]] == round))
                    a++;
                if (a == end)
                {
                    Pop();
                    continue;
                }
                stackCursor[top] = a + 1;
                stackArc[top] = a;
                var j = arcMentor[a];
                if (load[j] < capacity[j])
                {
                    Apply(-1);
                    return true;
                }
                mentorStamp[j] = round;
                Push(~j, holderStart[j]);
            }
            else
            {
                // A full mentor: its next holder not visited; a holder of value 0 can leave.
                var j = ~node;
                var k = stackCursor[top];
                var end = holderStart[j] + load[j];
                while (k < end && personStamp[holders[k]] == round)
                    k++;
                if (k == end)
                {
                    Pop();
                    continue;
                }
                stackCursor[top] = k + 1;
                var h = holders[k];
                personStamp[h] = round;
                if (value[h] == 0)
                {
                    Apply(h);
                    return true;
                }
                Push(h, arcStart[h]);
            }
        }
        return false;
    }

    private void Push(int node, int cursor)
    {
        stackNode.Add(node);
        stackCursor.Add(cursor);
        stackArc.Add(-1);
    }

    private void Pop()
    {
        var last = stackNode.Count - 1;
        stackNode.RemoveAt(last);
        stackCursor.RemoveAt(last);
        stackArc.RemoveAt(last);
    }

    /// <summary>Moves every person of the stack along its chosen arc; <paramref name="leaver"/>, if
    /// any, is a holder of the last mentor who leaves unmatched.</summary>
    private void Apply(int leaver)
    {
        var s = state;
        // Persons sit at even positions; each (but the root) is a holder of the mentor before it.
        for (var k = 2; k < stackNode.Count; k += 2)
            s.RemoveHolder(~stackNode[k - 1], stackNode[k]);
        if (leaver >= 0)
        {
            s.RemoveHolder(~stackNode[^1], leaver);
            s.AssignedArc[leaver] = MatchingState.Unmatched;
        }
        for (var k = 0; k < stackNode.Count; k += 2)
        {
            var person = stackNode[k];
            var arc = stackArc[k];
            s.AddHolder(s.ArcMentor[arc], person);
            s.AssignedArc[person] = arc;
        }
    }

    /// <summary>Dijkstra from every free person on reduced costs, then the dual change that makes a
    /// new augmenting path tight.</summary>
    private void AdjustDuals()
    {
        var s = state;
        var arcStart = s.ArcStart;
        var arcMentor = s.ArcMentor;
        var assigned = s.AssignedArc;
        var load = s.Load;
        var capacity = s.Capacity;
        var holderStart = s.HolderStart;
        var holders = s.Holder;
        var seen = NextStamp();
        var done = NextStamp();
        heap.Clear();
        settled.Clear();
        foreach (var i in free)
        {
            personStamp[i] = seen;
            personDistance[i] = 0;
            heap.Push(0, i);
        }
        var limit = long.MaxValue;
        while (heap.TryPop(out var d, out var code))
        {
            if (d >= limit)
                break;
            if (code >= 0)
            {
                var i = code;
                if (personStamp[i] == done || personDistance[i] != d)
                    continue;
                personStamp[i] = done;
                settled.Add(i);
                var vi = value[i];
                limit = Math.Min(limit, d + vi);
                var held = assigned[i];
                for (int a = arcStart[i], end = arcStart[i + 1]; a < end; a++)
                {
                    if (a == held)
                        continue;
                    var j = arcMentor[a];
                    if (mentorStamp[j] == done)
                        continue;
                    var candidate = d + vi + price[j] - Benefit(a);
                    if (candidate >= limit || mentorStamp[j] == seen && candidate >= mentorDistance[j])
                        continue;
                    mentorStamp[j] = seen;
                    mentorDistance[j] = candidate;
                    if (load[j] < capacity[j])
                        limit = candidate;
                    else
                        heap.Push(candidate, ~j);
                }
            }
            else
            {
                var j = ~code;
                if (mentorStamp[j] == done || mentorDistance[j] != d)
                    continue;
                mentorStamp[j] = done;
                settled.Add(code);
                for (int k = holderStart[j], end = holderStart[j] + load[j]; k < end; k++)
                {
                    var h = holders[k];
                    if (personStamp[h] == done || personStamp[h] == seen && d >= personDistance[h])
                        continue;
                    personStamp[h] = seen;
                    personDistance[h] = d;
                    heap.Push(d, h);
                }
            }
        }
        foreach (var code in settled)
        {
            if (code >= 0)
            {
                if (personDistance[code] < limit)
                    value[code] -= limit - personDistance[code];
            }
            else if (mentorDistance[~code] < limit)
            {
                price[~code] += limit - mentorDistance[~code];
            }
        }
    }
}
