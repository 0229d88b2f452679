namespace Mentoring.Matching.Engine.Speed;

/// <summary>A conversation of one round.</summary>
public sealed record SpeedMeeting(Guid Mentee, Guid Mentor);

/// <summary>One round of a speed-mentoring event.</summary>
/// <param name="Number">1 for the first round.</param>
/// <param name="Meetings">The conversations, in mentee order.</param>
/// <param name="MenteesOnBreak">Mentees without a conversation this round, in input order.</param>
/// <param name="MentorsResting">Mentors without a conversation this round, in input order.</param>
public sealed record SpeedRound(int Number, IReadOnlyList<SpeedMeeting> Meetings, IReadOnlyList<Guid> MenteesOnBreak, IReadOnlyList<Guid> MentorsResting);

/// <summary>A rotation plan, or why it could not be made as asked.</summary>
/// <param name="Rounds">The rounds; empty when the number of rounds is impossible.</param>
/// <param name="Problems">Sentences for anything short of the goal: an impossible number of rounds,
/// or (with excluded pairs) breaks or rests that could not be spread evenly. Empty for a plan that
/// meets every goal.</param>
public sealed record SpeedPlan(IReadOnlyList<SpeedRound> Rounds, IReadOnlyList<string> Problems)
{
    /// <summary>Whether the plan meets every goal.</summary>
    public bool IsComplete => Problems.Count == 0;
}
