namespace Mentoring.Matching.Engine.Assignment;

/// <summary>A validated batch-assignment problem: mentees (indices <c>0..MenteeCount-1</c>), each
/// needing at most one mentor; mentors (indices <c>0..MentorCount-1</c>) with a capacity; candidate
/// (mentee, mentor, score &gt; 0) arcs; administrator pins; optional group labels. Immutable; build
/// it with <see cref="AssignmentProblemBuilder"/>.</summary>
/// <remarks>Candidates are stored per mentee in mentor order whatever order they were added in,
/// which is what makes the solution independent of the input order.</remarks>
public sealed class AssignmentProblem
{
    internal AssignmentProblem(
        int menteeCount,
        int[] capacity,
        int[] arcStart,
        int[] arcMentor,
        int[] arcScore,
        bool[] arcExcluded,
        int[] pinnedMentor,
        IReadOnlyList<MenteeMentorPair> mustMatch,
        IReadOnlyList<MenteeMentorPair> mustNotMatch,
        string?[] menteeGroups,
        string?[] mentorGroups)
    {
        MenteeCount = menteeCount;
        Capacity = capacity;
        ArcStart = arcStart;
        ArcMentor = arcMentor;
        ArcScore = arcScore;
        ArcExcluded = arcExcluded;
        PinnedMentor = pinnedMentor;
        MustMatch = mustMatch;
        MustNotMatch = mustNotMatch;
        MenteeGroups = menteeGroups;
        MentorGroups = mentorGroups;
    }

    /// <summary>Number of mentees.</summary>
    public int MenteeCount { get; }

    /// <summary>Number of mentors.</summary>
    public int MentorCount => Capacity.Length;

    /// <summary>Number of candidate arcs, must-not-matched ones included.</summary>
    public int CandidateCount => ArcMentor.Length;

    /// <summary>The must-match pins, as given.</summary>
    public IReadOnlyList<MenteeMentorPair> MustMatch { get; }

    /// <summary>The must-not-match pins, as given.</summary>
    public IReadOnlyList<MenteeMentorPair> MustNotMatch { get; }

    /// <summary>The maximum number of concurrent mentees of a mentor.</summary>
    public int MentorCapacity(int mentor) => Capacity[mentor];

    /// <summary>The group label of a mentee (e.g. its area of work), or null.</summary>
    public string? MenteeGroup(int mentee) => MenteeGroups[mentee];

    /// <summary>The group label of a mentor, or null.</summary>
    public string? MentorGroup(int mentor) => MentorGroups[mentor];

    internal int[] Capacity { get; }

    /// <summary>Candidates of mentee <c>i</c> are arcs <c>ArcStart[i]..ArcStart[i+1]-1</c>, in
    /// increasing mentor order.</summary>
    internal int[] ArcStart { get; }

    internal int[] ArcMentor { get; }

    internal int[] ArcScore { get; }

    /// <summary>True for arcs removed by a must-not-match pin.</summary>
    internal bool[] ArcExcluded { get; }

    /// <summary>The must-match mentor of each mentee, or -1.</summary>
    internal int[] PinnedMentor { get; }

    internal string?[] MenteeGroups { get; }

    internal string?[] MentorGroups { get; }

    /// <summary>The arc index of (mentee, mentor), or -1.</summary>
    internal int FindArc(int mentee, int mentor)
    {
        var index = Array.BinarySearch(ArcMentor, ArcStart[mentee], ArcStart[mentee + 1] - ArcStart[mentee], mentor);
        return index >= 0 ? index : -1;
    }
}
