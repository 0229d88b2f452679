namespace Mentoring.Matching.Engine.Assignment;

/// <summary>Why a mentee stayed unmatched. The reasons are exhaustive: in an optimal solution an
/// unmatched mentee with a usable candidate whose mentor still had room would have been matched.</summary>
public enum UnmatchedReason
{
    /// <summary>The mentee has no candidate mentor at all.</summary>
    NoCandidates,

    /// <summary>Every candidate is excluded by a must-not-match pin.</summary>
    AllCandidatesExcluded,

    /// <summary>Every candidate mentor has no capacity (zero, or all of it taken by must-match pins
    /// or spare-capacity joins).</summary>
    CandidatesWithoutCapacity,

    /// <summary>Every candidate mentor is full: their places went to assignments with a higher
    /// total score.</summary>
    CandidatesFull,
}

/// <summary>A mentee left unmatched.</summary>
/// <param name="Mentee">The mentee's index.</param>
/// <param name="Reason">Why it is unmatched.</param>
/// <param name="CandidateMentors">Its candidate mentors not excluded by a must-not-match pin, in
/// mentor order.</param>
public sealed record UnmatchedMentee(int Mentee, UnmatchedReason Reason, IReadOnlyList<int> CandidateMentors);
