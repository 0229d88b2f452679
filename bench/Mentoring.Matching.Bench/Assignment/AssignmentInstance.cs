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
}
