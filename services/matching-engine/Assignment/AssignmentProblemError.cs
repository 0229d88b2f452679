namespace Mentoring.Matching.Engine.Assignment;

/// <summary>What is wrong with an assignment problem, as found by
/// <see cref="AssignmentProblemBuilder.Build"/>.</summary>
public enum AssignmentProblemErrorCode
{
    /// <summary>The same (mentee, mentor) candidate was added twice (duplicates are rejected, not merged).</summary>
    DuplicateCandidate,

    /// <summary>A mentee has more than one must-match pin.</summary>
    MenteePinnedTwice,

    /// <summary>A mentor has more must-match pins than its capacity.</summary>
    PinnedMentorOverCapacity,

    /// <summary>The same pair is both must-match and must-not-match.</summary>
    PinnedPairExcluded,

    /// <summary>Scores are so large, for this many mentees, that the exact integer arithmetic of
    /// the solver could overflow.</summary>
    ScoresTooLarge,
}

/// <summary>One error in an assignment problem.</summary>
/// <param name="Code">What kind of error.</param>
/// <param name="Mentee">The mentee concerned, if any.</param>
/// <param name="Mentor">The mentor concerned, if any.</param>
/// <param name="Message">A sentence for an administrator.</param>
public sealed record AssignmentProblemError(AssignmentProblemErrorCode Code, int? Mentee, int? Mentor, string Message);
