namespace Mentoring.Matching.Engine.Assignment.Solving;

/// <summary>
/// The augmenting path of a join (<see cref="ShortestAugmentingPath"/>): the new person, then
/// mentor, holder, mentor, holder, ..., ending with a person who leaves or a mentor with room,
/// each mentor with the arc by which the person before it enters. Built from the forward half
/// (pushed from the meeting node back to the new person) and the backward half (appended toward
/// the sink). Where the halves cross, the loop between the two visits has reduced cost 0 (both
/// halves are shortest), so it is cut out: the path stays simple and as short
/// (docs/adr/0007, "Bidirectional joins").
/// </summary>
internal sealed class AugmentingWalk(int mentors)
{
    private readonly List<int> codes = [];
    private readonly List<int> arcs = [];
    private readonly int[] mentorIndex = new int[mentors];
    private int[] personIndex = new int[64];

    /// <summary>Node codes of the path: a person <c>i</c> is <c>i</c>, a mentor <c>j</c> is <c>~j</c>.</summary>
    public List<int> Codes => codes;

    public void Clear()
    {
        codes.Clear();
        arcs.Clear();
    }

    /// <summary>Starts the forward half, given from its end back to the new person.</summary>
    public void StartBackward() => Clear();

    public void PushBackward(int code, int arc)
    {
        codes.Add(code);
        arcs.Add(arc);
    }

    /// <summary>Ends the forward half: puts it in path order.</summary>
    public void EndBackward()
    {
        codes.Reverse();
        arcs.Reverse();
        for (var k = 0; k < codes.Count; k++)
            SetIndex(codes[k], k);
    }

    /// <summary>Appends the next node toward the sink (a mentor with its entering arc, a person
    /// with −1), cutting the loop if the node is already on the path.</summary>
    public void Append(int code, int arc)
    {
        var at = IndexOf(code);
        if (at >= 0)
        {
            codes.RemoveRange(at + 1, codes.Count - at - 1);
            arcs.RemoveRange(at + 1, arcs.Count - at - 1);
            return;
        }
        SetIndex(code, codes.Count);
        codes.Add(code);
        arcs.Add(arc);
    }

    /// <summary>Moves the persons along the path and returns (person, previous arc, new arc) for
    /// each, the new person first.</summary>
    public List<(int Person, int FromArc, int ToArc)> Apply(MatchingState s)
    {
        // Remove the bumped holders first, then add the newcomers, so that no mentor ever holds
        // more than its capacity.
        var count = codes.Count;
        for (var k = 1; k + 1 < count; k += 2)
            s.RemoveHolder(~codes[k], codes[k + 1]);
        var moves = new List<(int Person, int FromArc, int ToArc)>((count + 1) / 2);
        for (var k = 0; k < count; k += 2)
        {
            var person = codes[k];
            var fromArc = s.AssignedArc[person];
            var toArc = MatchingState.Unmatched;
            if (k + 1 < count)
            {
                toArc = arcs[k + 1];
                s.AddHolder(~codes[k + 1], person);
            }
            s.AssignedArc[person] = toArc;
            moves.Add((person, fromArc, toArc));
        }
        return moves;
    }

    private int IndexOf(int code)
    {
        int at;
        if (code >= 0)
            at = code < personIndex.Length ? personIndex[code] : -1;
        else
            at = mentorIndex[~code];
        return at >= 0 && at < codes.Count && codes[at] == code ? at : -1;
    }

    private void SetIndex(int code, int at)
    {
        if (code < 0)
        {
            mentorIndex[~code] = at;
            return;
        }
        if (code >= personIndex.Length)
            Array.Resize(ref personIndex, Math.Max(code + 1, personIndex.Length * 2));
        personIndex[code] = at;
    }
}
