namespace Mentoring.Matching.Engine.Assignment.Solving;

/// <summary>The candidate arcs into each mentor (arc, person and score), for searches that walk the
/// residual network backward from the sink (<see cref="SinkTightPotentials"/>, the joins'
/// backward search in <see cref="ShortestAugmentingPath"/>; docs/adr/0007, "Bidirectional
/// joins"). The batch's arcs are in CSR form; the arcs of persons appended by joins go to a
/// linked list per mentor. Every arc is listed, held or not: a search skips the arc a person
/// holds (its residual arc runs the other way, mentor → holder).</summary>
internal sealed class MentorInArcs
{
    private readonly int[] start;
    private readonly int[] arc;
    private readonly int[] person;
    private readonly int[] score;
    private readonly int[] extraHead;
    private int[] extraNext = new int[64];
    private int[] extraArc = new int[64];
    private int[] extraPerson = new int[64];
    private int[] extraScore = new int[64];
    private int extraCount;

    private MentorInArcs(int[] start, int[] arc, int[] person, int[] score, int mentors, int registered)
    {
        this.score = score;
        this.start = start;
        this.arc = arc;
        this.person = person;
        extraHead = new int[mentors];
        Array.Fill(extraHead, -1);
        Registered = registered;
    }

    /// <summary>Persons whose arcs are listed (0..Registered-1).</summary>
    public int Registered { get; private set; }

    /// <summary>Lists the arcs of every person of the state (two counting passes).</summary>
    public static MentorInArcs Build(MatchingState state)
    {
        var persons = state.PersonCount;
        var mentors = state.MentorCount;
        var arcStart = state.ArcStart;
        var arcMentor = state.ArcMentor;
        var start = new int[mentors + 1];
        var arcs = arcStart[persons];
        for (var a = 0; a < arcs; a++)
            start[arcMentor[a] + 1]++;
        for (var j = 0; j < mentors; j++)
            start[j + 1] += start[j];
        var arc = new int[arcs];
        var person = new int[arcs];
        var score = new int[arcs];
        var fill = new int[mentors];
        Array.Copy(start, fill, mentors);
        for (var i = 0; i < persons; i++)
        {
            for (var a = arcStart[i]; a < arcStart[i + 1]; a++)
            {
                var at = fill[arcMentor[a]]++;
                arc[at] = a;
                person[at] = i;
                score[at] = state.ArcScore[a];
            }
        }
        return new MentorInArcs(start, arc, person, score, mentors, persons);
    }

    /// <summary>Lists the arcs of the persons appended to the state since the last call.</summary>
    public void Register(MatchingState state)
    {
        for (var i = Registered; i < state.PersonCount; i++)
        {
            for (var a = state.ArcStart[i]; a < state.ArcStart[i + 1]; a++)
            {
                if (extraCount == extraNext.Length)
                {
                    Array.Resize(ref extraNext, extraCount * 2);
                    Array.Resize(ref extraArc, extraCount * 2);
                    Array.Resize(ref extraPerson, extraCount * 2);
                    Array.Resize(ref extraScore, extraCount * 2);
                }
                var j = state.ArcMentor[a];
                extraArc[extraCount] = a;
                extraPerson[extraCount] = i;
                extraScore[extraCount] = state.ArcScore[a];
                extraNext[extraCount] = extraHead[j];
                extraHead[j] = extraCount++;
            }
        }
        Registered = state.PersonCount;
    }

    /// <summary>The batch's arcs into mentor <paramref name="j"/>: indices
    /// <c>Start(j)..Start(j + 1) − 1</c> of <see cref="Arc"/> and <see cref="Person"/>.</summary>
    public int Start(int j) => start[j];

    public int[] Arc => arc;

    public int[] Person => person;

    /// <summary>The arc's score, beside it so that a scan of a mentor's in-arcs reads no other
    /// arc array.</summary>
    public int[] Score => score;

    /// <summary>First appended arc into mentor <paramref name="j"/> (−1 for none); then
    /// <see cref="ExtraNext"/>.</summary>
    public int ExtraHead(int j) => extraHead[j];

    public int ExtraNext(int k) => extraNext[k];

    public int ExtraArc(int k) => extraArc[k];

    public int ExtraPerson(int k) => extraPerson[k];

    public int ExtraScore(int k) => extraScore[k];
}
