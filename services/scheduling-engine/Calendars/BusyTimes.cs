using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Evaluation;
using Mentoring.Scheduling.Engine.Availability;
using NodaTime;
using NodaTime.TimeZones;
using Duration = NodaTime.Duration;
using Period = Ical.Net.DataTypes.Period;
using IcalEvent = Ical.Net.CalendarComponents.CalendarEvent;

namespace Mentoring.Scheduling.Engine.Calendars;

/// <summary>
/// Busy time from a published external calendar (an Outlook or Google .ics feed); pure. Only intervals come out, never
/// titles or other details.
/// <para>
/// Every VEVENT occurrence overlapping [from, to) counts, clipped to it: recurrence (RRULE, RDATE, EXDATE) and
/// RECURRENCE-ID overrides are Ical.Net's; occurrences that are TRANSP:TRANSPARENT or STATUS:CANCELLED (the event's or
/// the override's) are skipped. Times with TZID use that zone (tzdb or Windows ids); a TZID that neither knows, such
/// as Outlook's "Customized Time Zone", is replaced by a tzdb zone with the same offsets as the file's VTIMEZONE of that
/// name over the range (or by the calendar's zone when there is none). Floating times and all-day events are in the
/// calendar's zone: X-WR-TIMEZONE, else UTC (an all-day event whose DTSTART carries a TZID uses that zone).
/// </para>
/// </summary>
public static class BusyTimes
{
    /// <summary>Occurrences read at most per call (a guard against feeds that expand without bound).</summary>
    public const int MaxOccurrences = 100_000;

    private const int MaxUnmatchedIncrements = 100_000;

    /// <summary>Merged, sorted busy intervals in [from, to). Throws <see cref="FormatException"/> (with a short message
    /// safe to show, no calendar content) when the text is not a usable iCalendar.</summary>
    public static IReadOnlyList<FreeInterval> Parse(string ics, Instant from, Instant to)
    {
        if (string.IsNullOrWhiteSpace(ics)) throw new FormatException("The calendar is empty.");
        if (to <= from) return [];
        Calendar? calendar;
        try
        {
            calendar = Calendar.Load(ics);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new FormatException("The calendar is not valid iCalendar (RFC 5545).", e);
        }
        if (calendar is null) throw new FormatException("The text holds no calendar (BEGIN:VCALENDAR).");

        try
        {
            return Busy(calendar, from, to);
        }
        catch (FormatException) { throw; }
        catch (EvaluationLimitExceededException e)
        {
            throw new FormatException("A recurrence rule in the calendar never produces an occurrence.", e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new FormatException("The calendar's events could not be read.", e);
        }
    }

    private static List<FreeInterval> Busy(Calendar calendar, Instant from, Instant to)
    {
        var calendarZone = CalendarZone(calendar);
        var events = calendar.Events.ToList();
        foreach (var e in events)
            if (e.DtStart is null) throw new FormatException("An event of the calendar has no start (DTSTART).");
        ReplaceUnknownZones(calendar, events, calendarZone, from, to);

        var margin = Duration.FromDays(1); // floating and all-day times are sorted by Ical.Net as if in UTC
        var queryStart = UtcTime(from - margin);
        var stopAfter = (to + margin).ToDateTimeUtc();
        var options = new EvaluationOptions { MaxUnmatchedIncrementsLimit = MaxUnmatchedIncrements };

        var pieces = new List<FreeInterval>();
        var seen = 0;
        foreach (var occurrence in calendar.GetOccurrences<IcalEvent>(queryStart, options))
        {
            var startTime = occurrence.Period.StartTime;
            if (Sortable(startTime) > stopAfter) break;
            if (++seen > MaxOccurrences) throw new FormatException("The calendar has too many events in the range.");
            if (occurrence.Source is not IcalEvent e) continue;
            if (string.Equals(e.Status, "CANCELLED", StringComparison.OrdinalIgnoreCase)) continue;
            if (string.Equals(e.Transparency, "TRANSPARENT", StringComparison.OrdinalIgnoreCase)) continue;

            Instant start, end;
            var endTime = occurrence.Period.EffectiveEndTime;
            if (!startTime.HasTime)
            {
                var zone = ZoneOrNull(startTime.TzId) ?? ZoneOrNull(e.DtStart?.TzId) ?? calendarZone;
                var startDate = LocalDate.FromDateOnly(startTime.Date);
                var endDate = endTime is null ? startDate.PlusDays(1) : LocalDate.FromDateOnly(endTime.Date);
                start = zone.AtStartOfDay(startDate).ToInstant();
                end = zone.AtStartOfDay(endDate).ToInstant();
            }
            else
            {
                start = ToInstant(startTime, calendarZone, FreeIntervals.StartResolver);
                end = endTime is null ? start : ToInstant(endTime, calendarZone, FreeIntervals.EndResolver);
            }
            if (start < from) start = from;
            if (end > to) end = to;
            if (end > start) pieces.Add(new FreeInterval(start, end));
        }
        return Merge(pieces);
    }

    private static DateTime Sortable(CalDateTime time) =>
        time.HasTime && !time.IsFloating ? time.AsUtc : DateTime.SpecifyKind(time.Value, DateTimeKind.Utc);

    private static Instant ToInstant(CalDateTime time, DateTimeZone calendarZone, ZoneLocalMappingResolver resolver)
    {
        if (time.IsFloating) return calendarZone.ResolveLocal(LocalDateTime.FromDateTime(time.Value), resolver).ToInstant();
        return Instant.FromDateTimeUtc(DateTime.SpecifyKind(time.AsUtc, DateTimeKind.Utc));
    }

    private static CalDateTime UtcTime(Instant instant) =>
        new(DateTime.SpecifyKind(instant.ToDateTimeUtc(), DateTimeKind.Utc), CalDateTime.UtcTzId, true);

    /// <summary>X-WR-TIMEZONE (tzdb or Windows id) when known, else UTC.</summary>
    private static DateTimeZone CalendarZone(Calendar calendar)
    {
        var id = calendar.Properties.FirstOrDefault(p => string.Equals(p.Name, "X-WR-TIMEZONE", StringComparison.OrdinalIgnoreCase))?.Value?.ToString();
        return ZoneOrNull(id?.Trim()) ?? DateTimeZone.Utc;
    }

    /// <summary>The zone Ical.Net resolves the id to, or null when it knows none.</summary>
    private static DateTimeZone? ZoneOrNull(string? id)
    {
        if (string.IsNullOrEmpty(id)) return null;
        try
        {
            return TimeZoneResolvers.TimeZoneResolver(id);
        }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException or DateTimeZoneNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Rewrites TZIDs that neither tzdb nor the Windows mapping knows (Ical.Net would throw on them) to a tzdb zone
    /// equivalent over the range to the file's VTIMEZONE of that id, else to the calendar's zone.
    /// </summary>
    private static void ReplaceUnknownZones(Calendar calendar, List<IcalEvent> events, DateTimeZone calendarZone, Instant from, Instant to)
    {
        var replacements = new Dictionary<string, string>(StringComparer.Ordinal);
        string? Replacement(string? tzId)
        {
            if (tzId is null || tzId == CalDateTime.UtcTzId) return null;
            if (replacements.TryGetValue(tzId, out var known)) return known;
            string? replacement = null;
            if (ZoneOrNull(tzId) is null)
            {
                var definition = calendar.TimeZones.FirstOrDefault(z => string.Equals(z.TzId, tzId, StringComparison.OrdinalIgnoreCase));
                replacement = (definition is null ? null : TimeZoneMatching.EquivalentTzdbZone(definition, from, to)) ?? calendarZone.Id;
            }
            replacements[tzId] = replacement!;
            return replacement;
        }
        CalDateTime? Fix(CalDateTime? time) =>
            time is not null && Replacement(time.TzId) is { } id ? new CalDateTime(time.Value, id, time.HasTime) : time;

        foreach (var e in events)
        {
            e.DtStart = Fix(e.DtStart);
            if (e.DtEnd is not null) e.DtEnd = Fix(e.DtEnd);
#pragma warning disable CS0618 // RecurrenceId: the RANGE of RecurrenceIdentifier is not needed to rewrite the zone
            if (e.RecurrenceId is not null) e.RecurrenceId = Fix(e.RecurrenceId);
#pragma warning restore CS0618
            var exceptions = e.ExceptionDates.GetAllDates().ToList();
            if (exceptions.Any(d => Replacement(d.TzId) is not null))
            {
                e.ExceptionDates.Clear();
                e.ExceptionDates.AddRange(exceptions.Select(d => Fix(d)!));
            }
            // RDATE holds dates and periods apart.
            var extraDates = e.RecurrenceDates.GetAllDates().ToList();
            var periods = e.RecurrenceDates.GetAllPeriods().ToList();
            if (extraDates.Any(d => Replacement(d.TzId) is not null) || periods.Any(p => Replacement(p.StartTime.TzId) is not null))
            {
                e.RecurrenceDates.Clear();
                e.RecurrenceDates.AddRange(extraDates.Select(d => Fix(d)!));
                foreach (var p in periods)
                {
                    var start = Fix(p.StartTime)!;
                    if (p.EndTime is not null) e.RecurrenceDates.Add(new Period(start, Fix(p.EndTime)!));
                    else if (p.Duration is { } duration) e.RecurrenceDates.Add(new Period(start, duration));
                    else e.RecurrenceDates.Add(start);
                }
            }
        }
    }

    private static List<FreeInterval> Merge(List<FreeInterval> pieces)
    {
        pieces.Sort((a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<FreeInterval>(pieces.Count);
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
