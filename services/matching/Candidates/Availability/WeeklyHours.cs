namespace Mentoring.Matching.Candidates.Availability;

/// <summary>A weekly window in the person's local time: ISO day (1 = Monday) and minutes from midnight.</summary>
public sealed record LocalWindow(int Day, int StartMinute, int EndMinute);

/// <summary>
/// Weekly windows in local time → the UTC hours of the week (0 = Monday 00:00 UTC) they cover, at a
/// given UTC offset. Pure; the matching engine compares these sets for the shared-hours factor. An
/// hour counts when the window covers all of it; windows crossing the week's edge wrap around.
/// </summary>
public static class WeeklyHours
{
    public const int HoursPerWeek = 168;
    private const int MinutesPerWeek = HoursPerWeek * 60;

    public static IEnumerable<int> ToUtcHours(IEnumerable<LocalWindow> windows, int utcOffsetMinutes)
    {
        var hours = new SortedSet<int>();
        foreach (var w in windows)
        {
            if (w.Day is < 1 or > 7 || w.EndMinute <= w.StartMinute) continue;
            var start = (w.Day - 1) * 1440 + w.StartMinute - utcOffsetMinutes;
            var end = (w.Day - 1) * 1440 + w.EndMinute - utcOffsetMinutes;
            // First whole hour at or after start, up to the last that ends by end.
            for (var h = (int)Math.Ceiling(start / 60.0); (h + 1) * 60 <= end; h++)
                hours.Add(((h % HoursPerWeek) + HoursPerWeek) % HoursPerWeek);
        }
        return hours;
    }

    /// <summary>"HH:MM" → minutes from midnight ("24:00" is 1440); -1 when malformed.</summary>
    public static int Minutes(string hhmm) =>
        hhmm.Length == 5 && hhmm[2] == ':' && int.TryParse(hhmm[..2], out var h) && int.TryParse(hhmm[3..], out var m) && h is >= 0 and <= 24 && m is >= 0 and < 60
            && h * 60 + m <= 1440 ? h * 60 + m : -1;
}
