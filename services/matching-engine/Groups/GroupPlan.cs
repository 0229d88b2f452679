namespace Mentoring.Matching.Engine.Groups;

/// <summary>A mentor's group.</summary>
/// <param name="Mentor">The mentor.</param>
/// <param name="Mentees">The mentees, in input order; between the minimum and the mentor's maximum.</param>
/// <param name="Score">The sum of the mentees' scores with this mentor.</param>
public sealed record MentorGroup(Guid Mentor, IReadOnlyList<Guid> Mentees, long Score);

/// <summary>Why a mentee is in no group.</summary>
public enum UnplacedReason
{
    /// <summary>No mentor is a candidate for the mentee.</summary>
    NoCandidateMentor,
    /// <summary>The mentee's candidate mentors cannot lead a group of the minimum size (capacity, or too few candidate mentees).</summary>
    NoMentorCanLeadGroup,
    /// <summary>Every group the mentee could join is full.</summary>
    CandidateGroupsFull,
    /// <summary>The candidate mentors with room lead no group: no group of the minimum size could be formed around them without lowering the plan's total.</summary>
    NoViableGroup,
}

/// <summary>A mentee left out, and why.</summary>
public sealed record UnplacedMentee(Guid Mentee, UnplacedReason Reason, string Explanation);

/// <summary>The groups formed.</summary>
/// <param name="Groups">The groups, in mentor input order. Mentors without a group are not listed.</param>
/// <param name="Unplaced">Mentees in no group, in input order.</param>
/// <param name="ProvenOptimal">True when the exhaustive search finished, so no better plan exists for the objective.</param>
public sealed record GroupPlan(IReadOnlyList<MentorGroup> Groups, IReadOnlyList<UnplacedMentee> Unplaced, bool ProvenOptimal)
{
    /// <summary>The sum of the groups' scores.</summary>
    public long TotalScore => Groups.Sum(g => g.Score);

    /// <summary>How many mentees are in a group.</summary>
    public int PlacedCount => Groups.Sum(g => g.Mentees.Count);
}
