namespace Mentoring.Matching.Engine.Assignment.Solving;

/// <summary>
/// Adds one person to an optimally matched batch by one shortest augmenting path (successive
/// shortest paths, e.g. Ahuja, Magnanti and Orlin, "Network Flows", ch. 9), found by a
/// <i>bidirectional</i> Dijkstra on reduced costs (docs/adr/0007, "Bidirectional joins"): forward
/// from the new person through mentors (arc person→mentor) and their holders (arc mentor→holder:
/// the holder leaves), backward from the sink (a person who leaves unmatched, a mentor with room:
/// <see cref="SinkExits"/>, walked lazily) over the arcs into each mentor
/// (<see cref="MentorInArcs"/>). The side that has done less work so far takes the next step; the
/// search stops when the smallest labels left on both sides add up to at least the best path
/// found. Augmenting along that path keeps the batch exactly optimal, and the potentials are
/// updated (<see cref="UpdatePotentials"/>) so that every reduced cost stays non-negative and the
/// path's arcs are tight, so that the next join can do the same.
/// </summary>
/// <remarks>Node codes in the heaps and the links: a person <c>i</c> is <c>i</c>, a mentor
/// <c>j</c> is <c>~j</c>, the sink is <c>~MentorCount</c> (the forward mentor-indexed arrays have
/// one more slot, for it).</remarks>
internal sealed class ShortestAugmentingPath
{
    private const int NoNode = int.MaxValue;
    private const long Infinite = long.MaxValue / 4;

    private readonly MatchingState state;
    private readonly FlowPotentials potentials;
    private readonly MentorInArcs inArcs;
    private readonly SinkExits exits;
    private readonly TieBreakingDistanceHeap forwardHeap = new();
    private readonly TieBreakingDistanceHeap backwardHeap = new();
    private readonly List<int> forwardSettled = [];
    private readonly List<int> backwardSettled = [];
    private readonly AugmentingWalk walk;

    // Forward labels (distance from the new person) and parent links; a person's labels of both
    // searches in one struct each, so that a scan touches one cache line per person and side.
    private PersonLabel[] forward = [];
    private readonly long[] mentorDistance;
    private readonly int[] mentorSeen;
    private readonly int[] mentorParentArc;
    private readonly int[] mentorParentPerson;

    // Backward labels (distance to the sink) and links toward the sink (−1: the sink itself).
    private PersonLabel[] backward = [];
    private readonly long[] mentorToSink;
    private readonly int[] mentorBackSeen;
    private readonly int[] mentorNextHolder;

    private int round;
    private int newPerson;
    private long best;
    private int meet;

    /// <param name="forwardHead">Work of the forward search alone before the backward search
    /// takes turns (tests pass 0 or less to exercise the backward search on small instances: a
    /// negative head lets the backward search go first).</param>
    public ShortestAugmentingPath(MatchingState state, FlowPotentials potentials, MentorInArcs? inArcs = null, long forwardHead = DefaultForwardHead)
    {
        this.forwardHead = forwardHead;
        this.state = state;
        this.potentials = potentials;
        this.inArcs = inArcs ?? MentorInArcs.Build(state);
        var mentors = state.MentorCount;
        mentorDistance = new long[mentors + 1];
        mentorSeen = new int[mentors + 1];
        mentorParentArc = new int[mentors + 1];
        mentorParentPerson = new int[mentors + 1];
        mentorToSink = new long[mentors];
        mentorBackSeen = new int[mentors];
        mentorNextHolder = new int[mentors];
        walk = new AugmentingWalk(mentors);
        exits = new SinkExits(mentors);
        EnsurePersonCapacity(state.PersonCount);
        for (var i = 0; i < state.PersonCount; i++)
            Sync(i);
        for (var j = 0; j < mentors; j++)
            Sync(~j);
    }

    private int SinkCode => ~state.MentorCount;

    /// <summary>Deterministic work of the last join: nodes settled plus arcs scanned, both ways
    /// (for the benchmarks, which compare it alongside wall times on a shared machine).</summary>
    public long LastWork { get; private set; }

    /// <summary>Matches the newest person (just added, unmatched, with no flow yet) and returns
    /// every person whose arc changed, the new one first: (person, previous arc, new arc), an arc
    /// being <see cref="MatchingState.Unmatched"/> for none.</summary>
    public List<(int Person, int FromArc, int ToArc)> Augment(int person)
    {
        var s = state;
        newPerson = person;
        inArcs.Register(s);
        EnsurePersonCapacity(s.PersonCount);
        if (++round == int.MaxValue)
        {
            Array.Clear(forward);
            Array.Clear(mentorSeen);
            Array.Clear(backward);
            Array.Clear(mentorBackSeen);
            round = 1;
        }

        // A potential for the new person that makes all its arcs' reduced costs non-negative.
        var mentorPot = potentials.Mentor;
        var start = potentials.Sink;
        for (var a = s.ArcStart[person]; a < s.ArcStart[person + 1]; a++)
            start = Math.Max(start, s.ArcBenefit[a] + mentorPot[s.ArcMentor[a]]);
        potentials.Person[person] = start;

        forwardHeap.Clear();
        backwardHeap.Clear();
        forwardSettled.Clear();
        backwardSettled.Clear();
        best = Infinite;
        meet = NoNode;
        exits.StartWalk();
        SetPerson(person, 0, NoNode);
        forwardHeap.Push(0, ForwardPersonTie(person), person);
        long forwardWork = ForwardStep(), backwardWork = 0;
        long forwardTop;
        while (true)
        {
            forwardTop = forwardHeap.TryPeek(out var f) ? f : Infinite;
            var backwardTop = BackwardTop();
            if (forwardTop + backwardTop >= best)
                break;
            if (forwardTop < Infinite && (forwardWork <= backwardWork + forwardHead || backwardTop >= Infinite))
                forwardWork += ForwardStep();
            else
                backwardWork += BackwardStep();
        }
        LastWork = forwardWork + backwardWork;

        UpdatePotentials(Math.Min(forwardTop, best), best);
        var path = BuildPath();
        var moves = path.Apply(s);
        foreach (var code in forwardSettled)
            Sync(code);
        foreach (var code in backwardSettled)
            Sync(code);
        foreach (var code in path.Codes)
            Sync(code);
        return moves;
    }

    /// <summary>A mentor's capacity changed outside the joins (a spare-capacity join took a
    /// place): keeps its exit to the sink in step.</summary>
    public void CapacityChanged(int mentor) => Sync(~mentor);

    /// <summary>The key under which a node is kept as an exit to the sink, or null (for tests).</summary>
    internal long? ExitKey(int code) => exits.KeyOf(code);

    /// <summary>
    /// New potentials after a search that found the shortest path, of length <paramref name="length"/>
    /// (D), with every node of forward distance below <paramref name="forwardBound"/> (F ≤ D)
    /// settled forward and every node of distance to the sink below D − F settled backward (the
    /// stopping rule). Every potential moves by <c>φ(v) − F</c> and the sink's by <c>D − F</c>, where
    /// <c>φ(v) = max(min(d(v), F), D − dt(v))</c>, the second term only for nodes settled backward
    /// (exact <c>dt</c>) and <c>min(d(v), F) = F</c> for nodes not settled forward; nodes settled
    /// neither way do not move. For a node settled both ways the first term wins
    /// (<c>d(v) + dt(v) ≥ D</c>). φ is the forward shift by the truncated distances followed by the
    /// backward shift by the truncated distances to the sink (each keeps every reduced cost
    /// non-negative), and φ(sink) − φ(new person) = D, so the path's arcs become tight.
    /// docs/adr/0007, "Bidirectional joins", has the argument.
    /// </summary>
    private void UpdatePotentials(long forwardBound, long length)
    {
        var pot = potentials.Person;
        var mentorPot = potentials.Mentor;
        foreach (var code in forwardSettled)
        {
            if (code >= 0)
                pot[code] += Math.Min(forward[code].Distance, forwardBound) - forwardBound;
            else
                mentorPot[~code] += Math.Min(mentorDistance[~code], forwardBound) - forwardBound;
        }
        foreach (var code in backwardSettled)
        {
            if (code >= 0)
            {
                if (forward[code].Seen != -round)
                    pot[code] += Math.Max(forwardBound, length - backward[code].Distance) - forwardBound;
            }
            else if (mentorSeen[~code] != -round)
            {
                mentorPot[~code] += Math.Max(forwardBound, length - mentorToSink[~code]) - forwardBound;
            }
        }
        potentials.Sink += length - forwardBound;
    }

    /// <summary>The path through the meeting node: forward links back to the new person, then
    /// links toward the sink; a zero-cost loop where the two halves cross is cut out.</summary>
    private AugmentingWalk BuildPath()
    {
        walk.Clear();
        var s = state;
        var last = meet == SinkCode ? mentorParentPerson[s.MentorCount] : meet;
        walk.StartBackward();
        for (var code = last; ; )
        {
            if (code == newPerson)
            {
                walk.PushBackward(code, -1);
                break;
            }
            if (code >= 0)
            {
                walk.PushBackward(code, -1);
                code = ~forward[code].Link;
            }
            else
            {
                walk.PushBackward(code, mentorParentArc[~code]);
                code = mentorParentPerson[~code];
            }
        }
        walk.EndBackward();
        if (meet == SinkCode)
            return walk;
        for (var code = last; ; )
        {
            int next, arc;
            if (code >= 0)
            {
                arc = backward[code].Link;
                if (arc < 0)
                    break;
                next = ~s.ArcMentor[arc];
            }
            else
            {
                next = mentorNextHolder[~code];
                if (next < 0)
                    break;
                arc = -1;
            }
            walk.Append(next, arc);
            code = next;
        }
        return walk;
    }

    private long ForwardStep()
    {
        if (!forwardHeap.TryPop(out var d, out var code))
            return 1;
        var s = state;
        var pot = potentials.Person;
        var mentorPot = potentials.Mentor;
        var sinkPot = potentials.Sink;
        var arcBenefit = s.ArcBenefit;
        var assigned = s.AssignedArc;
        if (code >= 0)
        {
            var i = code;
            if (forward[i].Distance != d || forward[i].Seen == -round)
                return 1;
            forward[i].Seen = -round;
            forwardSettled.Add(code);
            var held = assigned[i];
            var potI = pot[i];
            var arcMentor = s.ArcMentor;
            int a = s.ArcStart[i], end = s.ArcStart[i + 1];
            var work = end - a + 1;
            for (; a < end; a++)
            {
                if (a == held)
                    continue;
                var j = arcMentor[a];
                RelaxForwardMentor(j, d - arcBenefit[a] + potI - mentorPot[j], a, i);
            }
            if (held >= 0 || i == newPerson)
                RelaxForwardSink(d + potI - sinkPot, i);
            return work;
        }
        else
        {
            var j = ~code;
            if (mentorDistance[j] != d || mentorSeen[j] == -round)
                return 1;
            mentorSeen[j] = -round;
            forwardSettled.Add(code);
            var potJ = mentorPot[j];
            var holders = s.Holder;
            var load = s.Load[j];
            for (int k = s.HolderStart[j], end = s.HolderStart[j] + load; k < end; k++)
            {
                var h = holders[k];
                RelaxForwardPerson(h, d + arcBenefit[assigned[h]] + potJ - pot[h], j);
            }
            if (load < s.Capacity[j])
                RelaxForwardSink(d + potJ - sinkPot, ~j);
            return load + 1;
        }
    }

    private long BackwardTop()
    {
        var top = backwardHeap.TryPeek(out var b) ? b : Infinite;
        if (exits.TryPeekWalk(out var key, out _))
            top = Math.Min(top, key - potentials.Sink);
        return top;
    }

    private long BackwardStep()
    {
        var hasHeap = backwardHeap.TryPeek(out var top);
        if (exits.TryPeekWalk(out var key, out var exit) && (!hasHeap || key - potentials.Sink <= top))
        {
            exits.Advance();
            if (exit >= 0)
                RelaxBackwardPerson(exit, key - potentials.Sink, -1);
            else
                RelaxBackwardMentor(~exit, key - potentials.Sink, -1);
            return 1;
        }
        backwardHeap.TryPop(out var d, out var code);
        var s = state;
        var pot = potentials.Person;
        var mentorPot = potentials.Mentor;
        var arcBenefit = s.ArcBenefit;
        var assigned = s.AssignedArc;
        if (code >= 0)
        {
            var h = code;
            if (backward[h].Distance != d || backward[h].Seen == -round)
                return 1;
            backward[h].Seen = -round;
            backwardSettled.Add(code);
            var held = assigned[h];
            if (held >= 0)
            {
                var j = s.ArcMentor[held];
                RelaxBackwardMentor(j, d + arcBenefit[held] + mentorPot[j] - pot[h], h);
            }
            return 2;
        }
        else
        {
            var j = ~code;
            if (mentorToSink[j] != d || mentorBackSeen[j] == -round)
                return 1;
            mentorBackSeen[j] = -round;
            backwardSettled.Add(code);
            var potJ = mentorPot[j];
            var inArc = inArcs.Arc;
            var inPerson = inArcs.Person;
            var inScore = inArcs.Score;
            int k = inArcs.Start(j), end = inArcs.Start(j + 1);
            long work = end - k + 1;
            for (; k < end; k++)
                RelaxBackwardArc(inPerson[k], inArc[k], inScore[k], d, potJ);
            for (var x = inArcs.ExtraHead(j); x >= 0; x = inArcs.ExtraNext(x))
            {
                RelaxBackwardArc(inArcs.ExtraPerson(x), inArcs.ExtraArc(x), inArcs.ExtraScore(x), d, potJ);
                work++;
            }
            return work;
        }
    }

    /// <summary>Arc person→mentor seen backward from a mentor settled at distance
    /// <paramref name="d"/>. Unmatched persons are never on a path from the new person, but they
    /// are labelled all the same: their distances to the sink bound the potential update.</summary>
    private void RelaxBackwardArc(int i, int arc, int score, long d, long potJ)
    {
        if (state.AssignedArc[i] == arc)
            return;
        RelaxBackwardPerson(i, d - state.Scale.Benefit(score) + potentials.Person[i] - potJ, arc);
    }

    private void RelaxForwardSink(long candidate, int from)
    {
        var sink = state.MentorCount;
        if (mentorSeen[sink] == round && candidate >= mentorDistance[sink])
            return;
        mentorSeen[sink] = round;
        mentorDistance[sink] = candidate;
        mentorParentPerson[sink] = from;
        if (candidate < best)
        {
            best = candidate;
            meet = SinkCode;
        }
    }

    private void RelaxForwardMentor(int j, long candidate, int arc, int parent)
    {
        if (mentorSeen[j] == -round || mentorSeen[j] == round && candidate >= mentorDistance[j])
            return;
        mentorSeen[j] = round;
        mentorDistance[j] = candidate;
        mentorParentArc[j] = arc;
        mentorParentPerson[j] = parent;
        if (candidate < best)
            forwardHeap.Push(candidate, MentorTie, ~j);
        if ((mentorBackSeen[j] == round || mentorBackSeen[j] == -round) && candidate + mentorToSink[j] < best)
        {
            best = candidate + mentorToSink[j];
            meet = ~j;
        }
    }

    private void RelaxForwardPerson(int person, long candidate, int parentMentor)
    {
        if (forward[person].Seen == -round || forward[person].Seen == round && candidate >= forward[person].Distance)
            return;
        SetPerson(person, candidate, parentMentor);
        if (candidate < best)
            forwardHeap.Push(candidate, ForwardPersonTie(person), person);
        if ((backward[person].Seen == round || backward[person].Seen == -round) && candidate + backward[person].Distance < best)
        {
            best = candidate + backward[person].Distance;
            meet = person;
        }
    }

    private void RelaxBackwardMentor(int j, long candidate, int nextHolder)
    {
        if (mentorBackSeen[j] == -round || mentorBackSeen[j] == round && candidate >= mentorToSink[j])
            return;
        mentorBackSeen[j] = round;
        mentorToSink[j] = candidate;
        mentorNextHolder[j] = nextHolder;
        if (candidate < best)
            backwardHeap.Push(candidate, MentorTie, ~j);
        if ((mentorSeen[j] == round || mentorSeen[j] == -round) && mentorDistance[j] + candidate < best)
        {
            best = mentorDistance[j] + candidate;
            meet = ~j;
        }
    }

    private void RelaxBackwardPerson(int person, long candidate, int nextArc)
    {
        if (backward[person].Seen == -round || backward[person].Seen == round && candidate >= backward[person].Distance)
            return;
        backward[person].Seen = round;
        backward[person].Distance = candidate;
        backward[person].Link = nextArc;
        if (candidate < best)
            backwardHeap.Push(candidate, BackwardPersonTie(person), person);
        if ((forward[person].Seen == round || forward[person].Seen == -round) && forward[person].Distance + candidate < best)
        {
            best = forward[person].Distance + candidate;
            meet = person;
        }
    }

    /// <summary>
    /// Order among equal distances (docs/adr/0007, "Bidirectional joins"): on a tie plateau both
    /// searches take mentors first (a forward mentor costs its holders only), then the forward
    /// search the persons of lowest potential (on scores where everyone ranks mentors alike, the
    /// weakest holders, nearest to leaving) and the backward search the persons of highest
    /// potential (nearest to the new person's value). Any order is exact (Dijkstra's correctness
    /// does not depend on it); this one only makes the two searches meet sooner.
    /// </summary>
    private const long MentorTie = long.MinValue;

    /// <summary>Default work the forward search may do alone before the backward search starts to
    /// take turns: most joins end within it (a mentor with room or a cheap way out a few hops
    /// away), and a backward step can cost a whole mentor's in-arcs.</summary>
    public const long DefaultForwardHead = 4096;

    private readonly long forwardHead;

    private long ForwardPersonTie(int person) => potentials.Person[person];

    private long BackwardPersonTie(int person) => -potentials.Person[person];

    private void SetPerson(int person, long distance, int parentMentor)
    {
        forward[person].Seen = round;
        forward[person].Distance = distance;
        forward[person].Link = parentMentor;
    }

    /// <summary>Keeps a node's exit to the sink (<see cref="SinkExits"/>) in step with its
    /// potential and its place in the assignment.</summary>
    private void Sync(int code)
    {
        if (code >= 0)
        {
            if (state.AssignedArc[code] >= 0)
                exits.Set(code, potentials.Person[code]);
            else
                exits.Remove(code);
        }
        else
        {
            var j = ~code;
            if (state.Load[j] < state.Capacity[j])
                exits.Set(code, potentials.Mentor[j]);
            else
                exits.Remove(code);
        }
    }

    private void EnsurePersonCapacity(int persons)
    {
        exits.EnsurePersons(persons);
        if (forward.Length >= persons)
            return;
        var size = Math.Max(persons, forward.Length * 2);
        Array.Resize(ref forward, size);
        Array.Resize(ref backward, size);
        if (potentials.Person.Length < size)
        {
            var grown = potentials.Person;
            Array.Resize(ref grown, size);
            potentials.Person = grown;
        }
    }

    /// <summary>One search's label of a person: distance, round mark (<c>round</c> labelled,
    /// <c>−round</c> settled) and link (forward: the parent mentor; backward: the arc toward the
    /// sink, −1 for the sink itself).</summary>
    private struct PersonLabel
    {
        public long Distance;
        public int Seen;
        public int Link;
    }
}
