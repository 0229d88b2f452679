namespace Mentoring.Matching.Engine.Assignment;

/// <summary>An optimal assignment: the matches (pins included), the total score, the mentees left
/// unmatched with the reason, and the shortage per group.</summary>
public sealed class AssignmentResult
{
    private readonly int[] mentorOf;

    internal AssignmentResult(
        int[] mentorOf, IReadOnlyList<Match> matches, long totalScore, IReadOnlyList<UnmatchedMentee> unmatched, ShortageReport shortage)
    {
        this.mentorOf = mentorOf;
        Matches = matches;
        TotalScore = totalScore;
        Unmatched = unmatched;
        Shortage = shortage;
    }

    /// <summary>Number of mentees (those of the problem, then those that joined).</summary>
    public int MenteeCount => mentorOf.Length;

    /// <summary>The matches in mentee order.</summary>
    public IReadOnlyList<Match> Matches { get; }

    /// <summary>The sum of the scores of the matches (the maximised objective).</summary>
    public long TotalScore { get; }

    /// <summary>The unmatched mentees in mentee order.</summary>
    public IReadOnlyList<UnmatchedMentee> Unmatched { get; }

    /// <summary>Demand versus capacity per group.</summary>
    public ShortageReport Shortage { get; }

    /// <summary>The mentor of a mentee, or null if unmatched.</summary>
    public int? MentorOf(int mentee) => mentorOf[mentee] >= 0 ? mentorOf[mentee] : null;
}
