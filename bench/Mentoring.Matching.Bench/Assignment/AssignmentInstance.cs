using Mentoring.Matching.Engine.Assignment;

namespace Mentoring.Matching.Bench.Assignment;

/// <summary>A generated batch-assignment instance as plain arrays, so that the engine and OR-Tools
/// are fed the very same integers. Arc <c>a</c> is (<see cref="ArcMentee"/>[a],
/// <see cref="ArcMentor"/>[a], <see cref="ArcScore"/>[a]).</summary>
internal sealed record AssignmentInstance(
    string Name,
    int MenteeCount,
    int[] MentorCapacity,
    int[] ArcMentee,
    int[] ArcMentor,
    int[] ArcScore)
{
    public int MentorCount => MentorCapacity.Length;
    public int ArcCount => ArcMentee.Length;

    /// <summary>The first <paramref name="mentees"/> mentees as a batch, the others (renumbered
    /// from 0) as newcomers; arcs must be in mentee order.</summary>
    public (AssignmentInstance Batch, AssignmentInstance Newcomers) Split(int mentees)
    {
        var cut = 0;
        while (cut < ArcCount && ArcMentee[cut] < mentees)
            cut++;
        var batch = new AssignmentInstance(Name, mentees, MentorCapacity, ArcMentee[..cut], ArcMentor[..cut], ArcScore[..cut]);
        var newcomers = new AssignmentInstance(Name + " (newcomers)", MenteeCount - mentees, MentorCapacity,
            ArcMentee[cut..].Select(i => i - mentees).ToArray(), ArcMentor[cut..], ArcScore[cut..]);
        return (batch, newcomers);
    }

    /// <summary>This batch followed by <paramref name="newcomers"/> (numbered after its mentees).</summary>
    public AssignmentInstance Append(AssignmentInstance newcomers) =>
        new(Name, MenteeCount + newcomers.MenteeCount, MentorCapacity,
            [.. ArcMentee, .. newcomers.ArcMentee.Select(i => i + MenteeCount)], [.. ArcMentor, .. newcomers.ArcMentor], [.. ArcScore, .. newcomers.ArcScore]);

    /// <summary>The candidates of one mentee, for a join.</summary>
    public List<MentorCandidate> CandidatesOf(int mentee)
    {
        var candidates = new List<MentorCandidate>();
        for (var a = 0; a < ArcCount; a++)
        {
            if (ArcMentee[a] == mentee)
                candidates.Add(new MentorCandidate(ArcMentor[a], ArcScore[a]));
        }
        return candidates;
    }
}
