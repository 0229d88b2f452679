using NodaTime;
using NodaTime.TimeZones;

namespace Mentoring.Scheduling.Engine.Availability;

/// <summary>
/// A weekly recurring window of local time on one day of the week, [<see cref="Start"/>, <see cref="End"/>).
/// Windows do not cross midnight: <see cref="End"/> is later than <see cref="Start"/> on the same day, except
/// that an <see cref="End"/> of 00:00 means midnight at the end of the day (24:00).
/// </summary>
public sealed record WeeklyWindow(IsoDayOfWeek Day, LocalTime Start, LocalTime End);

/// <summary>
/// A dated exception: on the local <see cref="Date"/>, the whole day is blocked (<see cref="Start"/> and
/// <see cref="End"/> null) or the local range [Start, End) is (End 00:00 meaning 24:00, as for windows).
/// </summary>
public sealed record BlockedTime(LocalDate Date, LocalTime? Start = null, LocalTime? End = null)
{
    public bool WholeDay => Start is null || End is null;
}

/// <summary>A free interval in UTC, [<see cref="Start"/>, <see cref="End"/>).</summary>
public readonly record struct FreeInterval(Instant Start, Instant End)
{
    public Duration Length => End - Start;
}

/// <summary>
/// Free intervals of a person (pure; no I/O): the weekly windows, in the person's time zone, minus the
/// dated exceptions, mapped to UTC, merged, sorted and clipped to [from, to).
/// <para>
/// Local times map to instants with the zone's rules on each date. Daylight-saving transitions:
/// a local time that does not exist (inside a spring-forward gap) maps to the first valid instant after
/// the gap, for starts and ends alike, so a window lying wholly inside the gap is empty that day and one
/// starting inside it starts when the gap ends; a local time that occurs twice (inside a fall-back
/// overlap) maps to its earlier occurrence when it starts a window and to its later occurrence when it
/// ends one, so a window touching the repeated hour is never shortened.
/// </para>
/// </summary>
public static class FreeIntervals
{
    /// <summary>Ambiguous starts take the earlier offset; skipped ones the start of the interval after the gap.</summary>
    public static readonly ZoneLocalMappingResolver StartResolver =
        Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnStartOfIntervalAfter);

    /// <summary>Ambiguous ends take the later offset; skipped ones the start of the interval after the gap.</summary>
    public static readonly ZoneLocalMappingResolver EndResolver =
        Resolvers.CreateMappingResolver(Resolvers.ReturnLater, Resolvers.ReturnStartOfIntervalAfter);

    public static IReadOnlyList<FreeInterval> Compute(
        DateTimeZone zone, IEnumerable<WeeklyWindow> windows, IEnumerable<BlockedTime> exceptions, Instant from, Instant to)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (to <= from) return [];
        var byDay = windows.ToLookup(w => w.Day);
        var blockedByDate = exceptions.ToLookup(e => e.Date);

        var pieces = new List<FreeInterval>();
        // One local day either side covers every offset (at most ±18 hours).
        var first = from.InZone(zone).Date.PlusDays(-1);
        var last = to.InZone(zone).Date.PlusDays(1);
        for (var date = first; date <= last; date = date.PlusDays(1))
        {
            var blocked = blockedByDate[date].ToList();
            if (blocked.Any(b => b.WholeDay)) continue;
            foreach (var window in byDay[date.DayOfWeek])
            {
                var local = new List<(LocalDateTime Start, LocalDateTime End)> { (date + window.Start, EndOn(date, window.End)) };
                foreach (var b in blocked) local = Subtract(local, date + b.Start!.Value, EndOn(date, b.End!.Value));
                foreach (var (start, end) in local)
                {
                    var s = zone.ResolveLocal(start, StartResolver).ToInstant();
                    var e = zone.ResolveLocal(end, EndResolver).ToInstant();
                    if (s < from) s = from;
                    if (e > to) e = to;
                    if (e > s) pieces.Add(new FreeInterval(s, e));
                }
            }
        }
        return Merge(pieces);
    }

    /// <summary>The local end of a range on the date: an end of 00:00 is the midnight that ends the day (24:00).</summary>
    private static LocalDateTime EndOn(LocalDate date, LocalTime end) =>
        end == LocalTime.Midnight ? date.PlusDays(1).AtMidnight() : date + end;

    private static List<(LocalDateTime Start, LocalDateTime End)> Subtract(
        List<(LocalDateTime Start, LocalDateTime End)> ranges, LocalDateTime blockStart, LocalDateTime blockEnd)
    {
        var result = new List<(LocalDateTime, LocalDateTime)>();
        foreach (var (start, end) in ranges)
        {
            if (blockEnd <= start || blockStart >= end) { result.Add((start, end)); continue; }
            if (blockStart > start) result.Add((start, blockStart));
            if (blockEnd < end) result.Add((blockEnd, end));
        }
        return result;
    }

    private static List<FreeInterval> Merge(List<FreeInterval> pieces)
    {
        pieces.Sort((a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<FreeInterval>();
        foreach (var piece in pieces)
        {
            if (merged.Count > 0 && piece.Start <= merged[^1].End)
            {
                if (piece.End > merged[^1].End) merged[^1] = merged[^1] with { End = piece.End };
            }
            else merged.Add(piece);
        }
        return merged;
    }
}
