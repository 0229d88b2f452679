namespace Mentoring.Feedback.Surveys.ClosingEvaluations;

/// <summary>
/// The double-blind rule of closing evaluations (pure): nobody sees another's answer until every
/// participant has answered or the window after closing began has passed; one's own answer is
/// always visible to oneself.
/// </summary>
public static class DoubleBlind
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(14);

    public static DateTime RevealAt(DateTime closingSince) => closingSince + Window;

    public static bool Revealed(DateTime now, DateTime closingSince, IReadOnlyCollection<Guid> participants, IReadOnlyCollection<Guid> answered) =>
        now >= RevealAt(closingSince) || participants.All(answered.Contains);

    /// <summary>Whose answers <paramref name="reader"/> may see.</summary>
    public static IEnumerable<Guid> Visible(Guid reader, DateTime now, DateTime closingSince, IReadOnlyCollection<Guid> participants, IReadOnlyCollection<Guid> answered) =>
        Revealed(now, closingSince, participants, answered) ? answered : answered.Where(a => a == reader);

    /// <summary>Answers are taken from closing until the window ends.</summary>
    public static bool Open(DateTime now, DateTime closingSince) => now < RevealAt(closingSince);
}
