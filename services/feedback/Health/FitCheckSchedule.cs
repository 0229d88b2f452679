namespace Mentoring.Feedback.Health;

/// <summary>
/// When fit checks fall due ("is this working for you?"): the first a number of days after the
/// relationship became active (30 by default), then every interval (60 by default, or what the
/// agreement's fit part says). Pure; the due checks are computed, not stored.
/// </summary>
public static class FitCheckSchedule
{
    public const int FirstAfterDays = 30;
    public const int DefaultIntervalDays = 60;

    /// <summary>Due times up to <paramref name="now"/>, oldest first, numbered from 1.</summary>
    public static IReadOnlyList<(int Number, DateTime DueAt)> DueUntil(DateTime activeSince, DateTime now, int intervalDays = 0)
    {
        var interval = TimeSpan.FromDays(intervalDays > 0 ? intervalDays : DefaultIntervalDays);
        var due = new List<(int, DateTime)>();
        var at = activeSince.AddDays(FirstAfterDays);
        for (var n = 1; at <= now && n <= 1000; n++, at += interval) due.Add((n, at));
        return due;
    }

    /// <summary>The due time of check <paramref name="number"/> (1-based).</summary>
    public static DateTime DueAt(DateTime activeSince, int number, int intervalDays = 0) =>
        activeSince.AddDays(FirstAfterDays) + TimeSpan.FromDays((intervalDays > 0 ? intervalDays : DefaultIntervalDays) * (number - 1));
}
