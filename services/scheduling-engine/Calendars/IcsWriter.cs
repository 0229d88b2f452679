using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using NodaTime;
using NodaTime.TimeZones;
using Duration = NodaTime.Duration;
using IcalEvent = Ical.Net.CalendarComponents.CalendarEvent;

namespace Mentoring.Scheduling.Engine.Calendars;

/// <summary>
/// A meeting to publish. <see cref="Zone"/> is the zone its local times are written in (DTSTART/DTEND with TZID);
/// <see cref="Stamp"/> is DTSTAMP. Times are written to the second.
/// </summary>
public sealed record CalendarEvent(
    string Uid,
    int Sequence,
    Instant Start,
    Instant End,
    DateTimeZone Zone,
    string Summary,
    string? Location,
    string? Url,
    string? Description,
    bool Cancelled,
    Instant Stamp);

/// <summary>
/// An iCalendar feed (RFC 5545, METHOD:PUBLISH) of meetings (pure). The object model and serialisation (CRLF, folding
/// at 75 octets, text escaping) are Ical.Net's. Each zone used gets one VTIMEZONE built from the tzdb rules of
/// NodaTime: its transitions from 1 January of the earliest event year to 1 January after the latest, one STANDARD or
/// DAYLIGHT observance per transition (plus the one in force at the start), so the definition is exact for those
/// years. A local time that occurs twice in a zone can only denote its earlier instant with a TZID (RFC 5545 §3.3.5),
/// so a start or end at the later one is written in UTC instead; UTC itself is written as UTC (…Z), without VTIMEZONE.
/// </summary>
public static class IcsWriter
{
    public const string ProductId = "-//Mentoring Platform//Scheduling Engine//EN";

    public static string Write(IReadOnlyList<CalendarEvent> events, string calendarName)
    {
        ArgumentNullException.ThrowIfNull(events);
        var calendar = new Calendar { ProductId = ProductId, Method = "PUBLISH" };
        if (!string.IsNullOrEmpty(calendarName))
        {
            calendar.AddProperty("X-WR-CALNAME", calendarName);
            calendar.AddProperty("NAME", calendarName); // RFC 7986
        }

        foreach (var group in events.Where(e => WithTzid(e.Zone)).GroupBy(e => e.Zone.Id, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var zone = group.First().Zone;
            var firstYear = group.Min(e => Math.Min(e.Start.InZone(zone).Year, e.End.InZone(zone).Year));
            var lastYear = group.Max(e => Math.Max(e.Start.InZone(zone).Year, e.End.InZone(zone).Year));
            calendar.TimeZones.Add(TimeZoneDefinition(zone, firstYear, lastYear));
        }

        foreach (var e in events)
        {
            ArgumentNullException.ThrowIfNull(e);
            if (string.IsNullOrWhiteSpace(e.Uid)) throw new ArgumentException("An event has no UID.", nameof(events));
            if (e.End < e.Start) throw new ArgumentException($"Event {e.Uid} ends before it starts.", nameof(events));
            var item = new IcalEvent
            {
                Uid = e.Uid,
                Sequence = e.Sequence,
                DtStart = Time(e.Start, e.Zone),
                DtEnd = Time(e.End, e.Zone),
                DtStamp = Utc(e.Stamp),
                Summary = Text(e.Summary),
                Status = e.Cancelled ? "CANCELLED" : "CONFIRMED",
            };
            if (e.Location is not null) item.Location = Text(e.Location);
            if (e.Description is not null) item.Description = Text(e.Description);
            if (e.Url is not null)
            {
                if (!Uri.TryCreate(e.Url, UriKind.Absolute, out var url))
                    throw new ArgumentException($"Event {e.Uid} has a URL that is not absolute.", nameof(events));
                item.Url = url;
            }
            calendar.Events.Add(item);
        }
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    /// <summary>Local times with TZID for tzdb zones other than UTC (UTC, Etc/UTC and their aliases); UTC and zones unknown to tzdb are written in UTC.</summary>
    private static bool WithTzid(DateTimeZone zone) =>
        zone is not null && DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone.Id) is not null
        && !(TzdbDateTimeZoneSource.Default.CanonicalIdMap.TryGetValue(zone.Id, out var canonical) && canonical == "Etc/UTC");

    private static CalDateTime Time(Instant instant, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (!WithTzid(zone)) return Utc(instant);
        var local = instant.InZone(zone).LocalDateTime;
        var mapping = zone.MapLocal(local);
        if (mapping.Count == 2 && mapping.First().ToInstant() != instant) return Utc(instant);
        return new CalDateTime(Clock(local), zone.Id, true);
    }

    private static CalDateTime Utc(Instant instant)
    {
        var local = instant.InUtc().LocalDateTime;
        return new CalDateTime(DateTime.SpecifyKind(Clock(local), DateTimeKind.Utc), CalDateTime.UtcTzId, true);
    }

    private static DateTime Clock(LocalDateTime t) =>
        new(t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second, DateTimeKind.Unspecified);

    /// <summary>Line breaks as one LF (Ical.Net writes it as \n); other text escaping is Ical.Net's.</summary>
    private static string Text(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');

    /// <summary>
    /// VTIMEZONE for [1 January firstYear, 1 January lastYear + 1): the observance in force at the start, then one per
    /// transition, each with DTSTART in the local time before it (TZOFFSETFROM) as RFC 5545 requires.
    /// </summary>
    internal static VTimeZone TimeZoneDefinition(DateTimeZone zone, int firstYear, int lastYear)
    {
        var tz = new VTimeZone(zone.Id);
        var start = new LocalDate(firstYear, 1, 1).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant() - Duration.FromDays(1);
        var end = new LocalDate(lastYear + 1, 1, 1).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant() + Duration.FromDays(1);
        ZoneInterval? previous = null;
        foreach (var interval in zone.GetZoneIntervals(start, end))
        {
            if (previous is null)
            {
                // The observance in force at the start of the range, from its onset (or the range start if it has none).
                var onset = interval.HasStart ? interval.Start : start;
                var before = interval.HasStart ? zone.GetZoneInterval(interval.Start - Duration.Epsilon).WallOffset : interval.WallOffset;
                tz.TimeZoneInfos.Add(Observance(interval, onset, before));
            }
            else tz.TimeZoneInfos.Add(Observance(interval, interval.Start, previous.WallOffset));
            previous = interval;
        }
        return tz;
    }

    private static VTimeZoneInfo Observance(ZoneInterval interval, Instant onset, Offset offsetFrom) =>
        new(interval.Savings != Offset.Zero ? "DAYLIGHT" : "STANDARD")
        {
            TimeZoneName = interval.Name,
            OffsetFrom = new UtcOffset(offsetFrom.ToTimeSpan()),
            OffsetTo = new UtcOffset(interval.WallOffset.ToTimeSpan()),
            DtStart = new CalDateTime(Clock(onset.WithOffset(offsetFrom).LocalDateTime), true),
        };
}
