using System.Globalization;
using System.Text.RegularExpressions;

namespace Mentoring.Reporting.Periods;

/// <summary>
/// The period a report covers, [Start, End) in UTC, and its stable key (e.g. <c>2026-11</c>,
/// <c>2026-Q3</c>, <c>2026-01-01..2026-03-31</c>), which makes a re-run the same report.
/// </summary>
public sealed partial record ReportPeriod(DateTime Start, DateTime End, string Key)
{
    /// <summary>
    /// <c>month:YYYY-MM</c>, <c>quarter:YYYY-Qn</c>, or <c>YYYY-MM-DD..YYYY-MM-DD</c> (both days included);
    /// null with the reason when it does not parse.
    /// </summary>
    public static ReportPeriod? Parse(string text, out string error)
    {
        error = "";
        text = text.Trim();
        if (Month().Match(text) is { Success: true } m)
        {
            var (y, mo) = (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
            if (mo is >= 1 and <= 12 && y is >= 2000 and <= 2999)
            {
                var start = new DateTime(y, mo, 1, 0, 0, 0, DateTimeKind.Utc);
                return new ReportPeriod(start, start.AddMonths(1), $"{y:D4}-{mo:D2}");
            }
        }
        else if (Quarter().Match(text) is { Success: true } q)
        {
            var (y, n) = (int.Parse(q.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(q.Groups[2].Value, CultureInfo.InvariantCulture));
            if (y is >= 2000 and <= 2999)
            {
                var start = new DateTime(y, 3 * (n - 1) + 1, 1, 0, 0, 0, DateTimeKind.Utc);
                return new ReportPeriod(start, start.AddMonths(3), $"{y:D4}-Q{n}");
            }
        }
        else if (Range().Match(text) is { Success: true } r
                 && DateTime.TryParseExact(r.Groups[1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var from)
                 && DateTime.TryParseExact(r.Groups[2].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var to))
        {
            if (to < from) { error = "the range ends before it starts"; return null; }
            if ((to - from).TotalDays > 3 * 366) { error = "a range spans at most 3 years"; return null; }
            return new ReportPeriod(from, to.AddDays(1), $"{from:yyyy-MM-dd}..{to:yyyy-MM-dd}");
        }
        error = "must be month:YYYY-MM, quarter:YYYY-Qn or YYYY-MM-DD..YYYY-MM-DD";
        return null;
    }

    /// <summary>The calendar month before the one <paramref name="now"/> falls in: what a monthly schedule reports on.</summary>
    public static ReportPeriod PreviousMonth(DateTime now)
    {
        var start = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-1);
        return new ReportPeriod(start, start.AddMonths(1), $"{start:yyyy-MM}");
    }

    [GeneratedRegex(@"^month:(\d{4})-(\d{2})$")]
    private static partial Regex Month();

    [GeneratedRegex(@"^quarter:(\d{4})-Q([1-4])$")]
    private static partial Regex Quarter();

    [GeneratedRegex(@"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")]
    private static partial Regex Range();
}
