namespace Mentoring.Matching.Engine.Assignment;

/// <summary>Another mentee moved by a re-optimising join: from one mentor to another, or from a
/// mentor to unmatched (<see cref="ToMentor"/> null).</summary>
/// <param name="Mentee">The mentee that moved.</param>
/// <param name="FromMentor">Its mentor before the join.</param>
/// <param name="ToMentor">Its mentor after the join, or null if it became unmatched.</param>
public readonly record struct MenteeMove(int Mentee, int FromMentor, int? ToMentor);

/// <summary>The proposal for a mentee that joined a solved batch.</summary>
/// <param name="Mentee">The index given to the new mentee (after the problem's mentees and the
/// earlier joins).</param>
/// <param name="Mentor">Its mentor, or null if it stays unmatched.</param>
/// <param name="Score">The score of its match (0 if unmatched).</param>
/// <param name="Reason">Why it stays unmatched, or null if matched.</param>
/// <param name="Moves">Other mentees moved to make room (always empty for
/// <see cref="JoinMode.SpareCapacityOnly"/>).</param>
/// <param name="TotalScore">The batch's total score after the join.</param>
public sealed record JoinOutcome(
    int Mentee, int? Mentor, int Score, UnmatchedReason? Reason, IReadOnlyList<MenteeMove> Moves, long TotalScore)
{
    /// <summary>Whether the join moved other mentees.</summary>
    public bool OthersMoved => Moves.Count > 0;
}
