namespace Mentoring.Matching.Engine.Assignment.Solving;

/// <summary>
/// Adds one person to an optimally matched batch by one shortest augmenting path (successive
/// shortest paths, e.g. Ahuja, Magnanti and Orlin, "Network Flows", ch. 9): Dijkstra on reduced
/// costs from the new person to the sink, through mentors (arc person→mentor) and their holders
/// (arc mentor→holder: the holder leaves), ending at a mentor with room or at a person who leaves
/// unmatched (possibly the new person itself). Augmenting along the path keeps the batch exactly
/// optimal, and the potentials are updated so that the next join can do the same.
/// </summary>
/// <remarks>Node codes in the heap and the parent links: a person <c>i</c> is <c>i</c>, a mentor
/// <c>j</c> is <c>~j</c>, the sink is <c>~MentorCount</c> (the mentor-indexed arrays have one more
/// slot, for it).</remarks>
internal sealed class ShortestAugmentingPath(MatchingState state, FlowPotentials potentials)
{
    private const int NoNode = int.MaxValue;

    private readonly DistanceHeap heap = new();
    private readonly List<int> settled = [];
    private readonly List<int> path = [];
    private long[] personDistance = [];
    private int[] personSeen = [];
    private int[] personParent = [];
    private readonly long[] mentorDistance = new long[state.MentorCount + 1];
    private readonly int[] mentorSeen = new int[state.MentorCount + 1];
    private readonly int[] mentorParentArc = new int[state.MentorCount + 1];
    private readonly int[] mentorParentPerson = new int[state.MentorCount + 1];
    private int round;

    private int SinkCode => ~state.MentorCount;

    /// <summary>Deterministic work of the last join: nodes settled plus arcs scanned (for the
    /// benchmarks, which compare it alongside wall times on a shared machine).</summary>
    public long LastWork { get; private set; }

    /// <summary>Matches the newest person (just added, unmatched, with no flow yet) and returns
    /// every person whose arc changed, the new one first: (person, previous arc, new arc), an arc
    /// being <see cref="MatchingState.Unmatched"/> for none.</summary>
    public List<(int Person, int FromArc, int ToArc)> Augment(int newPerson)
    {
        var s = state;
        EnsurePersonCapacity(s.PersonCount);
        if (++round == int.MaxValue)
        {
            Array.Clear(personSeen);
            Array.Clear(mentorSeen);
            round = 1;
        }
        var pot = potentials.Person;
        var mentorPot = potentials.Mentor;

        // A potential for the new person that makes all its arcs' reduced costs non-negative.
        var start = potentials.Sink;
        for (var a = s.ArcStart[newPerson]; a < s.ArcStart[newPerson + 1]; a++)
            start = Math.Max(start, s.ArcBenefit[a] + mentorPot[s.ArcMentor[a]]);
        pot[newPerson] = start;

        heap.Clear();
        settled.Clear();
        SetPerson(newPerson, 0, NoNode);
        heap.Push(0, newPerson);
        var arcStart = s.ArcStart;
        var arcMentor = s.ArcMentor;
        var arcBenefit = s.ArcBenefit;
        var assigned = s.AssignedArc;
        var holderStart = s.HolderStart;
        var holders = s.Holder;
        var load = s.Load;
        var capacity = s.Capacity;
        var sink = s.MentorCount;
        var sinkPot = potentials.Sink;
        long sinkDistance = 0;
        long work = 0;
        while (heap.TryPop(out var d, out var code))
        {
            if (code >= 0)
            {
                var i = code;
                if (personDistance[i] != d || personSeen[i] == -round)
                    continue;
                personSeen[i] = -round;
                settled.Add(code);
                var held = assigned[i];
                var potI = pot[i];
                work += arcStart[i + 1] - arcStart[i] + 1;
                for (int a = arcStart[i], end = arcStart[i + 1]; a < end; a++)
                {
                    if (a == held)
                        continue;
                    var j = arcMentor[a];
                    RelaxMentor(j, d - arcBenefit[a] + potI - mentorPot[j], a, i);
                }
                if (held >= 0 || i == newPerson)
                    RelaxMentor(sink, d + potI - sinkPot, -1, i);
                if (SinkReachedAt(d))
                {
                    sinkDistance = d;
                    break;
                }
            }
            else if (code == SinkCode)
            {
                sinkDistance = d;
                break;
            }
            else
            {
                var j = ~code;
                if (mentorDistance[j] != d || mentorSeen[j] == -round)
                    continue;
                mentorSeen[j] = -round;
                settled.Add(code);
                var potJ = mentorPot[j];
                work += load[j] + 1;
                for (int k = holderStart[j], end = holderStart[j] + load[j]; k < end; k++)
                {
                    var h = holders[k];
                    RelaxPerson(h, d + arcBenefit[assigned[h]] + potJ - pot[h], j);
                }
                if (load[j] < capacity[j])
                    RelaxMentor(sink, d + potJ - sinkPot, -1, ~j);
                if (SinkReachedAt(d))
                {
                    sinkDistance = d;
                    break;
                }
            }
        }

        LastWork = work;
        foreach (var code in settled)
        {
            if (code >= 0)
                pot[code] += personDistance[code] - sinkDistance;
            else
                mentorPot[~code] += mentorDistance[~code] - sinkDistance;
        }
        return ApplyPath(newPerson);
    }

    /// <summary>Walks the path back from the sink and moves the persons along it.</summary>
    private List<(int Person, int FromArc, int ToArc)> ApplyPath(int newPerson)
    {
        var s = state;
        path.Clear();
        var sink = s.MentorCount;
        var code = mentorParentPerson[sink];
        path.Add(code);
        while (code != newPerson)
        {
            if (code >= 0)
                code = ~personParent[code];
            else
                code = mentorParentPerson[~code];
            path.Add(code);
        }
        path.Reverse();

        // path = newPerson, mentor, person, mentor, person, ... ending with a person or a mentor
        // (the node before the sink). Remove the bumped holders first, then add the newcomers,
        // so that no mentor ever holds more than its capacity.
        for (var k = 1; k + 1 < path.Count; k += 2)
            s.RemoveHolder(~path[k], path[k + 1]);
        var moves = new List<(int Person, int FromArc, int ToArc)>();
        for (var k = 0; k < path.Count; k += 2)
        {
            var person = path[k];
            var fromArc = s.AssignedArc[person];
            var toArc = MatchingState.Unmatched;
            if (k + 1 < path.Count)
            {
                var mentor = ~path[k + 1];
                toArc = mentorParentArc[mentor];
                s.AddHolder(mentor, person);
            }
            s.AssignedArc[person] = toArc;
            moves.Add((person, fromArc, toArc));
        }
        return moves;
    }

    /// <summary>The sink is reached at the smallest distance left in the heap: no shorter path
    /// exists, so the search can stop (with many ties this skips a whole plateau of nodes at the
    /// same distance).</summary>
    private bool SinkReachedAt(long distance) => mentorSeen[state.MentorCount] == round && mentorDistance[state.MentorCount] == distance;

    private void RelaxMentor(int j, long candidate, int arc, int parent)
    {
        if (mentorSeen[j] == -round || mentorSeen[j] == round && candidate >= mentorDistance[j])
            return;
        mentorSeen[j] = round;
        mentorDistance[j] = candidate;
        mentorParentArc[j] = arc;
        mentorParentPerson[j] = parent;
        heap.Push(candidate, ~j);
    }

    private void RelaxPerson(int person, long candidate, int parentMentor)
    {
        if (personSeen[person] == -round || personSeen[person] == round && candidate >= personDistance[person])
            return;
        SetPerson(person, candidate, parentMentor);
        heap.Push(candidate, person);
    }

    private void SetPerson(int person, long distance, int parentMentor)
    {
        personSeen[person] = round;
        personDistance[person] = distance;
        personParent[person] = parentMentor;
    }

    private void EnsurePersonCapacity(int persons)
    {
        if (personDistance.Length >= persons)
            return;
        var size = Math.Max(persons, personDistance.Length * 2);
        Array.Resize(ref personDistance, size);
        Array.Resize(ref personSeen, size);
        Array.Resize(ref personParent, size);
        if (potentials.Person.Length < size)
        {
            var grown = potentials.Person;
            Array.Resize(ref grown, size);
            potentials.Person = grown;
        }
    }
}
