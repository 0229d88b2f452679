namespace Mentoring.Matching.Engine.Assignment;

/// <summary>Demand and supply of one group (a caller-supplied label such as the area of work).
/// Mentees count in their own group, mentor capacity in the mentor's group; a match across groups
/// uses capacity of the mentor's group.</summary>
/// <param name="Group">The label; null for mentees and mentors without one.</param>
/// <param name="Mentees">Mentees in the group (the demand).</param>
/// <param name="MatchedMentees">Of which matched.</param>
/// <param name="UnmatchedForLackOfCandidates">Unmatched mentees without a usable candidate (every
/// reason but <see cref="UnmatchedReason.CandidatesFull"/>).</param>
/// <param name="MentorCapacity">Total capacity of the group's mentors (the supply).</param>
/// <param name="UsedCapacity">Places of the group's mentors taken by matches.</param>
public sealed record GroupShortage(
    string? Group,
    int Mentees,
    int MatchedMentees,
    int UnmatchedForLackOfCandidates,
    long MentorCapacity,
    long UsedCapacity)
{
    /// <summary>Mentees of the group left unmatched.</summary>
    public int UnmatchedMentees => Mentees - MatchedMentees;

    /// <summary>Unused places of the group's mentors.</summary>
    public long SpareCapacity => MentorCapacity - UsedCapacity;

    /// <summary>How many more places the group would need to host all its mentees in-group
    /// (demand minus supply, at least 0).</summary>
    public long CapacityShortfall => Math.Max(0, Mentees - MentorCapacity);
}

/// <summary>The administrator's view of what is short: one line per group, ordered by label
/// (ordinal, unlabelled last), and the total.</summary>
public sealed record ShortageReport(IReadOnlyList<GroupShortage> Groups, GroupShortage Total);
