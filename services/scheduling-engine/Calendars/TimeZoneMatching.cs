using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Evaluation;
using NodaTime;
using NodaTime.TimeZones;
using Duration = NodaTime.Duration;

namespace Mentoring.Scheduling.Engine.Calendars;

/// <summary>
/// Finds a tzdb zone that behaves like a VTIMEZONE of a feed over a range: same offset at the start and offset
/// changes at the same instants. The observances' onsets are expanded by Ical.Net.
/// </summary>
internal static class TimeZoneMatching
{
    private const int MaxOnsetsPerObservance = 2_000;

    public static string? EquivalentTzdbZone(VTimeZone definition, Instant from, Instant to)
    {
        var windowStart = from - Duration.FromDays(2);
        var windowEnd = to + Duration.FromDays(2);
        var transitions = Transitions(definition, windowStart - Duration.FromDays(400), windowEnd);
        if (transitions.Count == 0) return null;

        Offset OffsetAt(Instant t)
        {
            var result = transitions[0].From;
            foreach (var (at, _, offsetTo) in transitions)
            {
                if (at > t) break;
                result = offsetTo;
            }
            return result;
        }
        var initial = OffsetAt(windowStart);
        var changes = new List<Instant>();
        foreach (var (at, _, _) in transitions)
            if (at > windowStart && at < windowEnd && OffsetAt(at - Duration.Epsilon) != OffsetAt(at) && !changes.Contains(at))
                changes.Add(at);

        var provider = DateTimeZoneProviders.Tzdb;
        foreach (var id in provider.Ids.Where(id => TzdbDateTimeZoneSource.Default.CanonicalIdMap.TryGetValue(id, out var canonical) && canonical == id).OrderBy(id => id, StringComparer.Ordinal))
        {
            var zone = provider[id];
            if (zone.GetUtcOffset(windowStart) != initial) continue;
            var zoneChanges = new List<Instant>();
            Offset? previous = null;
            foreach (var interval in zone.GetZoneIntervals(windowStart, windowEnd))
            {
                if (previous is { } p && p != interval.WallOffset) zoneChanges.Add(interval.Start);
                previous = interval.WallOffset;
            }
            if (zoneChanges.SequenceEqual(changes)) return id;
        }
        return null;
    }

    /// <summary>Each observance's onsets up to the end (DTSTART and its RRULE/RDATE), as instants, sorted.</summary>
    private static List<(Instant At, Offset From, Offset To)> Transitions(VTimeZone definition, Instant earliest, Instant end)
    {
        var result = new List<(Instant At, Offset From, Offset To)>();
        var options = new EvaluationOptions { MaxUnmatchedIncrementsLimit = 10_000 };
        var day = earliest.InUtc().Date.PlusDays(-1);
        var startLocal = new CalDateTime(new DateTime(day.Year, day.Month, day.Day, 0, 0, 0, DateTimeKind.Unspecified), true);
        foreach (var info in definition.TimeZoneInfos)
        {
            if (info.OffsetFrom is null || info.OffsetTo is null || info.DtStart is null) continue;
            var offsetFrom = Offset.FromTimeSpan(info.OffsetFrom.Offset);
            var offsetTo = Offset.FromTimeSpan(info.OffsetTo.Offset);
            Instant Onset(CalDateTime local) =>
                LocalDateTime.FromDateTime(local.Value).InZoneStrictly(DateTimeZone.ForOffset(offsetFrom)).ToInstant();

            var first = Onset(info.DtStart);
            if (first <= end) result.Add((first, offsetFrom, offsetTo));
            var count = 0;
            foreach (var occurrence in info.GetOccurrences(startLocal, options))
            {
                var at = Onset(occurrence.Period.StartTime);
                if (at > end || ++count > MaxOnsetsPerObservance) break;
                if (at != first) result.Add((at, offsetFrom, offsetTo));
            }
        }
        result.Sort((a, b) => a.At.CompareTo(b.At));
        return result;
    }
}
