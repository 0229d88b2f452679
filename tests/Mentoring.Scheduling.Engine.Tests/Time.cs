using Mentoring.Scheduling.Engine.Availability;
using NodaTime;
using NodaTime.Text;

namespace Mentoring.Scheduling.Engine.Tests;

/// <summary>Short ways to write times in tests.</summary>
internal static class Time
{
    public static DateTimeZone Zone(string id) => DateTimeZoneProviders.Tzdb[id];

    public static Instant I(string iso) => InstantPattern.ExtendedIso.Parse(iso).GetValueOrThrow();

    public static LocalDateTime L(string iso) => LocalDateTimePattern.ExtendedIso.Parse(iso).GetValueOrThrow();

    public static LocalDate D(string iso) => LocalDatePattern.Iso.Parse(iso).GetValueOrThrow();

    public static FreeInterval Span(string start, string end) => new(I(start), I(end));

    /// <summary>[local start, local end) in the zone (earlier offset when ambiguous).</summary>
    public static FreeInterval LocalSpan(DateTimeZone zone, string start, string end) =>
        new(zone.AtLeniently(L(start)).ToInstant(), zone.AtLeniently(L(end)).ToInstant());

    public static string Utc(Instant instant) => InstantPattern.General.Format(instant);

    public static Duration Minutes(int m) => Duration.FromMinutes(m);
}
