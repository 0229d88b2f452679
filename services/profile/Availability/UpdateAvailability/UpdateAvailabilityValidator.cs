using Mentoring.BuildingBlocks.Validation;
using Proto = Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.Availability.UpdateAvailability;

/// <summary>The rules of an availability update, field by field (pure; no I/O), and the parsed result.</summary>
public static class UpdateAvailabilityValidator
{
    public const int MaxWindows = 50;
    public const int MaxExceptions = 200;

    public sealed record Parsed(Guid PersonId, IReadOnlyList<StoredWindow> Windows, IReadOnlyList<StoredException> Exceptions);

    public static (Violations Violations, Parsed? Parsed) Validate(Proto.UpdateAvailabilityRequest request)
    {
        var v = new Violations();
        var a = request.Availability;
        if (a is null) return (v.Add("availability", "is required"), null);
        if (!AvailabilityRecord.TryParseName(a.Name, out var personId))
            v.Add("availability.name", "must be people/{person_id}/availability");
        v.MaxLength("availability.etag", a.Etag, 20);

        var windows = new List<(int Index, StoredWindow Window)>();
        if (a.WeeklyWindows.Count > MaxWindows) v.Add("availability.weekly_windows", $"must hold at most {MaxWindows} windows");
        else
        {
            for (var i = 0; i < a.WeeklyWindows.Count; i++)
            {
                var w = a.WeeklyWindows[i];
                var field = $"availability.weekly_windows[{i}]";
                var ok = true;
                if (w.DayOfWeek == Proto.DayOfWeek.Unspecified || !Enum.IsDefined(w.DayOfWeek))
                {
                    v.Add($"{field}.day_of_week", "must be a day from MONDAY to SUNDAY");
                    ok = false;
                }
                var (start, end) = Times(v, field, w.StartTime, w.EndTime);
                if (ok && start is { } s && end is { } e) windows.Add((i, new StoredWindow((short)w.DayOfWeek, s, e)));
            }
            foreach (var day in windows.GroupBy(w => w.Window.DayOfWeek))
            {
                var sorted = day.OrderBy(w => w.Window.StartMinute).ThenBy(w => w.Index).ToList();
                for (var k = 1; k < sorted.Count; k++)
                {
                    var earlier = sorted.Take(k).MaxBy(w => w.Window.EndMinute);
                    if (sorted[k].Window.StartMinute < earlier.Window.EndMinute)
                        v.Add($"availability.weekly_windows[{sorted[k].Index}]",
                            $"overlaps weekly_windows[{earlier.Index}] on the same day");
                }
            }
        }

        var exceptions = new List<StoredException>();
        if (a.Exceptions.Count > MaxExceptions) v.Add("availability.exceptions", $"must hold at most {MaxExceptions} exceptions");
        else
        {
            for (var i = 0; i < a.Exceptions.Count; i++)
            {
                var x = a.Exceptions[i];
                var field = $"availability.exceptions[{i}]";
                var date = AvailabilityText.ParseDate(x.Date);
                if (date is null) v.Add($"{field}.date", "must be a date YYYY-MM-DD (years 1900 to 9999)");
                if (x.StartTime.Length == 0 && x.EndTime.Length == 0)
                {
                    if (date is not null) exceptions.Add(new StoredException(x.Date, null, null));
                    continue;
                }
                var (start, end) = Times(v, field, x.StartTime, x.EndTime);
                if (date is not null && start is { } s && end is { } e) exceptions.Add(new StoredException(x.Date, s, e));
            }
        }
        return (v, v.Items.Count == 0 ? new Parsed(personId, windows.Select(w => w.Window).ToList(), exceptions) : null);
    }

    private static (short? Start, short? End) Times(Violations v, string field, string startText, string endText)
    {
        var start = AvailabilityText.ParseTime(startText, isEnd: false);
        var end = AvailabilityText.ParseTime(endText, isEnd: true);
        if (start is null) v.Add($"{field}.start_time", "must be a local time HH:MM from 00:00 to 23:59");
        if (end is null) v.Add($"{field}.end_time", "must be a local time HH:MM from 00:01 to 24:00");
        if (start is { } s && end is { } e && e <= s)
        {
            v.Add($"{field}.end_time", "must be after start_time (windows do not cross midnight; 24:00 ends the day)");
            return (null, null);
        }
        return (start, end);
    }
}
