namespace Mentoring.Matching.Engine.Assignment;

/// <summary>How a match came about.</summary>
public enum MatchKind
{
    /// <summary>Chosen by the optimisation.</summary>
    Optimised,

    /// <summary>A must-match pin on a candidate pair (scored as the candidate).</summary>
    Pinned,

    /// <summary>A must-match pin on a pair that was not a candidate (score 0).</summary>
    PinnedWithoutCandidate,

    /// <summary>A mentee that joined with <see cref="JoinMode.SpareCapacityOnly"/>: fixed, not
    /// re-optimised.</summary>
    JoinedWithSpareCapacity,
}

/// <summary>A mentee matched with a mentor.</summary>
/// <param name="Mentee">The mentee's index.</param>
/// <param name="Mentor">The mentor's index.</param>
/// <param name="Score">The candidate's score (0 for a pin without candidate).</param>
/// <param name="Kind">How the match came about.</param>
public readonly record struct Match(int Mentee, int Mentor, int Score, MatchKind Kind);
