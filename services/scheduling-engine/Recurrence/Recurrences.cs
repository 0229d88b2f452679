using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Evaluation;
using Mentoring.Scheduling.Engine.Availability;
using NodaTime;
using Duration = NodaTime.Duration;

namespace Mentoring.Scheduling.Engine.Recurrence;

/// <summary>
/// A recurring series: the first start as local wall time in <see cref="Zone"/>, an RFC 5545 RRULE value (with or
/// without the "RRULE:" prefix) and local dates on which no occurrence takes place.
/// </summary>
public sealed record SeriesRule(LocalDateTime FirstStart, DateTimeZone Zone, string RRule, IReadOnlyList<LocalDate> ExceptionDates);

/// <summary>
/// One occurrence: <see cref="LocalStart"/> is the recurrence's local wall time (the identity used by
/// <see cref="Recurrences.SplitAt"/>), <see cref="Start"/> its instant (a time in a spring-forward gap moves to the end
/// of the gap, an ambiguous one takes the earlier offset), <see cref="End"/> = Start + length.
/// </summary>
public readonly record struct Occurrence(LocalDateTime LocalStart, Instant Start, Instant End);

/// <summary>A series that cannot be used; the message is safe to show to an API user.</summary>
public sealed class RecurrenceException(string message) : Exception(message);

/// <summary>
/// Recurring series (pure; no I/O). Expansion is Ical.Net's, done in floating local time, so every occurrence keeps
/// the local wall time of the first start across daylight-saving changes; the local times are then mapped to instants
/// with NodaTime (<see cref="FreeIntervals.StartResolver"/>).
/// <para>
/// UNTIL is applied here, per RFC 5545: a UTC date-time (…Z) bounds the occurrences' instants (inclusive); a date bounds
/// their local dates (inclusive: an occurrence on that date is the last); a local date-time without Z bounds their local
/// wall times. COUNT counts the rule's instances before exception dates are removed, as in RFC 5545.
/// The first start is an occurrence only if it matches the rule (Ical.Net's behaviour; RFC 5545 asks that DTSTART be
/// synchronised with the rule).
/// </para>
/// </summary>
public static class Recurrences
{
    public const int MaxOccurrences = 500;

    /// <summary>How far Ical.Net may step without finding an instance before a rule counts as producing none.</summary>
    private const int MaxUnmatchedIncrements = 5000;

    /// <summary>Null when the rule is acceptable, else a reason for the API user.</summary>
    public static string? Validate(string rrule) => Parse(rrule, out _);

    /// <summary>The occurrences, in order. Throws <see cref="RecurrenceException"/> for an invalid rule or more than
    /// <see cref="MaxOccurrences"/> instances.</summary>
    public static IReadOnlyList<Occurrence> Expand(SeriesRule rule, Duration length)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (length < Duration.Zero) throw new RecurrenceException("The length of an occurrence must not be negative.");
        var excluded = rule.ExceptionDates?.ToHashSet() ?? [];
        var result = new List<Occurrence>();
        foreach (var (local, start) in Instances(rule))
            if (!excluded.Contains(local.Date)) result.Add(new Occurrence(local, start, start + length));
        return result;
    }

    /// <summary>
    /// "This and following": <c>Before</c> has the occurrences before <paramref name="occurrence"/> (the rule without
    /// COUNT and with UNTIL, in UTC, at the last instance before it, or one second before it when there is none), <c>From</c> those at or after it, starting at the first instance at or
    /// after it, with the remaining COUNT (or the same UNTIL); null when no occurrence remains. The union of their
    /// occurrences is the series'. Exception dates go to each side that can have occurrences on them.
    /// <paramref name="occurrence"/> is normally an occurrence's <see cref="Occurrence.LocalStart"/>; any local time
    /// splits the series there. Splitting at or before the first occurrence gives a <c>Before</c> without occurrences.
    /// </summary>
    public static (SeriesRule Before, SeriesRule? From) SplitAt(SeriesRule rule, LocalDateTime occurrence)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var pattern = ParseOrThrow(rule.RRule);
        var instances = Instances(rule);
        var before = instances.Count(i => i.Local < occurrence);
        var splitInstant = rule.Zone.ResolveLocal(occurrence, FreeIntervals.StartResolver).ToInstant();
        var exceptions = rule.ExceptionDates ?? [];

        var beforePattern = ParseOrThrow(rule.RRule);
        beforePattern.Count = null;
        // Inclusive: the last instance before the split (exact even when the series ended earlier), else a second before it.
        beforePattern.Until = Utc(before > 0 ? instances[before - 1].Start : splitInstant - Duration.FromSeconds(1));
        var beforeRule = rule with
        {
            RRule = beforePattern.ToString() ?? "",
            ExceptionDates = exceptions.Where(d => d <= occurrence.Date).ToList(),
        };

        var excluded = exceptions.ToHashSet();
        var rest = instances.Skip(before).ToList();
        if (rest.All(i => excluded.Contains(i.Local.Date))) return (beforeRule, null);
        var fromPattern = ParseOrThrow(rule.RRule);
        if (pattern.Count is { } count) fromPattern.Count = count - before;
        var fromRule = rule with
        {
            FirstStart = rest[0].Local,
            RRule = fromPattern.ToString() ?? "",
            ExceptionDates = exceptions.Where(d => d >= rest[0].Local.Date).ToList(),
        };
        return (beforeRule, fromRule);
    }

    /// <summary>All instances of the rule (before exception dates), at most <see cref="MaxOccurrences"/>.</summary>
    private static List<(LocalDateTime Local, Instant Start)> Instances(SeriesRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule.Zone);
        var pattern = ParseOrThrow(rule.RRule);
        Func<LocalDateTime, Instant, bool> within = (_, _) => true;
        if (pattern.Until is { } until)
        {
            if (until.IsUtc)
            {
                var limit = Instant.FromDateTimeUtc(DateTime.SpecifyKind(until.Value, DateTimeKind.Utc));
                within = (_, start) => start <= limit;
            }
            else if (!until.HasTime)
            {
                var lastDate = LocalDate.FromDateOnly(until.Date);
                within = (local, _) => local.Date <= lastDate;
            }
            else
            {
                var lastLocal = LocalDateTime.FromDateTime(until.Value);
                within = (local, _) => local <= lastLocal;
            }
            pattern.Until = null; // applied here; Ical.Net enumerates lazily
        }

        var first = rule.FirstStart;
        var series = new CalendarEvent
        {
            DtStart = new CalDateTime(
                new DateTime(first.Year, first.Month, first.Day, first.Hour, first.Minute, first.Second, DateTimeKind.Unspecified), true),
            RecurrenceRule = pattern,
        };
        var options = new EvaluationOptions { MaxUnmatchedIncrementsLimit = MaxUnmatchedIncrements };
        var result = new List<(LocalDateTime, Instant)>();
        try
        {
            foreach (var o in series.GetOccurrences(null, options))
            {
                var local = LocalDateTime.FromDateTime(o.Period.StartTime.Value);
                var start = rule.Zone.ResolveLocal(local, FreeIntervals.StartResolver).ToInstant();
                if (!within(local, start)) break;
                if (result.Count == MaxOccurrences)
                    throw new RecurrenceException($"The series has more than {MaxOccurrences} occurrences; end it earlier.");
                result.Add((local, start));
            }
        }
        catch (EvaluationLimitExceededException)
        {
            if (result.Count == 0) throw new RecurrenceException("The recurrence rule produces no occurrences.");
            // A rule whose further instances lie too far apart ends with the ones found (at most 500 anyway).
        }
        return result;
    }

    private static RecurrencePattern ParseOrThrow(string rrule) =>
        Parse(rrule, out var pattern) is { } reason ? throw new RecurrenceException(reason) : pattern!;

    private static string? Parse(string? rrule, out RecurrencePattern? pattern)
    {
        pattern = null;
        if (string.IsNullOrWhiteSpace(rrule)) return "The recurrence rule is empty.";
        var text = rrule.Trim();
        if (text.StartsWith("RRULE:", StringComparison.OrdinalIgnoreCase)) text = text["RRULE:".Length..];
        if (text.Contains('\n') || text.Contains('\r')) return "The recurrence rule must be one line.";
        if (!text.Contains("FREQ=", StringComparison.OrdinalIgnoreCase)) return "The recurrence rule has no FREQ.";
        RecurrencePattern parsed;
        try
        {
            parsed = new RecurrencePattern(text);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or OverflowException
                                      or System.Runtime.Serialization.SerializationException)
        {
            return "The recurrence rule could not be read (RFC 5545 RRULE, e.g. FREQ=WEEKLY;COUNT=10).";
        }
        if (parsed.Frequency is not (FrequencyType.Daily or FrequencyType.Weekly or FrequencyType.Monthly or FrequencyType.Yearly))
            return "The recurrence rule must repeat DAILY, WEEKLY, MONTHLY or YEARLY.";
        if (parsed.Count is null && parsed.Until is null) return "The recurrence rule never ends: give COUNT or UNTIL.";
        if (parsed.Count > MaxOccurrences) return $"The recurrence rule has more than {MaxOccurrences} occurrences (COUNT).";
        pattern = parsed;
        return null;
    }

    private static CalDateTime Utc(Instant instant)
    {
        var t = instant.InUtc();
        return new CalDateTime(new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second, DateTimeKind.Utc), CalDateTime.UtcTzId, true);
    }
}
