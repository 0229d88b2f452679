using System.Text;
using CsCheck;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Mentoring.Scheduling.Engine.Calendars;
using NodaTime;
using static Mentoring.Scheduling.Engine.Tests.Time;
using CalendarEvent = Mentoring.Scheduling.Engine.Calendars.CalendarEvent;
using Duration = NodaTime.Duration;
using IcalCalendar = Ical.Net.Calendar;

namespace Mentoring.Scheduling.Engine.Tests.Calendars;

public sealed class IcsWriterTests
{
    private static readonly Instant Stamp = I("2026-01-02T03:04:05Z");

    private static CalendarEvent Event(string uid, string start, string end, string zone, bool cancelled = false, int sequence = 0,
        string summary = "Mentoring session", string? description = null, string? location = null, string? url = null) =>
        new(uid, sequence, I(start), I(end), Zone(zone), summary, location, url, description, cancelled, Stamp);

    private static readonly CalendarEvent[] Events =
    [
        Event("a@mentoring", "2026-03-27T09:00:00Z", "2026-03-27T10:00:00Z", "Europe/London", sequence: 2),
        Event("b@mentoring", "2026-03-30T08:00:00Z", "2026-03-30T09:00:00Z", "Europe/London", cancelled: true, sequence: 5),
        Event("c@mentoring", "2026-11-01T06:30:00Z", "2026-11-01T07:00:00Z", "America/New_York"), // 01:30 EST, the second 01:30
        Event("d@mentoring", "2026-11-01T05:30:00Z", "2026-11-01T06:00:00Z", "America/New_York"), // 01:30 EDT, the first
        Event("e@mentoring", "2027-01-15T04:30:00Z", "2027-01-15T05:30:00Z", "Asia/Kolkata"),
        Event("f@mentoring", "2026-10-03T16:00:00Z", "2026-10-03T17:00:00Z", "Australia/Lord_Howe"),
        Event("g@mentoring", "2026-06-01T12:00:00Z", "2026-06-01T13:00:00Z", "Etc/UTC"),
        Event("h@mentoring", "2026-06-01T12:00:00Z", "2026-06-01T13:00:00Z", "UTC"),
    ];

    [Fact]
    public void The_feed_parses_back_with_the_same_uids_instants_sequences_and_statuses()
    {
        var ics = IcsWriter.Write(Events, "Ada's mentoring");
        var calendar = IcalCalendar.Load(ics)!;

        Assert.Equal("PUBLISH", calendar.Method);
        Assert.Equal(IcsWriter.ProductId, calendar.ProductId);
        Assert.Equal("2.0", calendar.Version);
        var parsed = calendar.Events.ToDictionary(e => e.Uid!);
        Assert.Equal(Events.Select(e => e.Uid).Order(), parsed.Keys.Order());
        foreach (var e in Events)
        {
            var p = parsed[e.Uid];
            Assert.Equal(e.Start, Instant.FromDateTimeUtc(p.DtStart!.AsUtc));
            Assert.Equal(e.End, Instant.FromDateTimeUtc(p.DtEnd!.AsUtc));
            Assert.Equal(e.Sequence, p.Sequence);
            Assert.Equal(e.Cancelled ? "CANCELLED" : "CONFIRMED", p.Status);
            Assert.Equal(Stamp, Instant.FromDateTimeUtc(p.DtStamp!.AsUtc));
        }
        Assert.Contains("X-WR-CALNAME:Ada's mentoring", ics);
    }

    [Fact]
    public void Local_times_carry_their_TZID_and_each_zone_has_one_VTIMEZONE()
    {
        var ics = IcsWriter.Write(Events, "x");
        var calendar = IcalCalendar.Load(ics)!;

        Assert.Equal(["America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Europe/London"],
            calendar.TimeZones.Select(z => z.TzId).Order(StringComparer.Ordinal).ToList());
        Assert.Contains("DTSTART;TZID=Europe/London:20260327T090000", ics);
        Assert.Contains("DTSTART;TZID=Europe/London:20260330T090000", ics);
        Assert.Contains("DTSTART;TZID=Asia/Kolkata:20270115T100000", ics);
        Assert.Contains("DTSTART;TZID=America/New_York:20261101T013000", ics); // the first 01:30
        // The second 01:30 cannot be written with TZID (it would mean the first): it is written in UTC.
        Assert.Contains("DTSTART:20261101T063000Z", ics);
        Assert.Contains("DTSTART:20260601T120000Z", ics); // UTC and Etc/UTC
        Assert.DoesNotContain("TZID=Etc/UTC", ics);
        Assert.DoesNotContain("TZID=UTC", ics);
    }

    [Fact]
    public void Each_VTIMEZONE_gives_the_tzdb_offset_at_every_event_time()
    {
        var ics = IcsWriter.Write(Events, "x");
        var calendar = IcalCalendar.Load(ics)!;
        foreach (var e in Events.Where(e => !e.Zone.Id.EndsWith("UTC")))
        {
            var definition = calendar.TimeZones.Single(z => z.TzId == e.Zone.Id);
            foreach (var t in new[] { e.Start, e.End, e.Start - Duration.FromDays(200), e.Start + Duration.FromDays(100) })
            {
                if (t.InUtc().Year < e.Start.InUtc().Year || t.InUtc().Year > e.Start.InUtc().Year) continue; // covered years only
                Assert.Equal(e.Zone.GetUtcOffset(t), OffsetAt(definition, t));
            }
        }
    }

    /// <summary>The offset of the observance with the latest onset at or before t (onset = DTSTART in TZOFFSETFROM).</summary>
    private static Offset OffsetAt(VTimeZone definition, Instant t)
    {
        Offset? result = null;
        var latest = Instant.MinValue;
        foreach (var info in definition.TimeZoneInfos)
        {
            Assert.Null(info.RecurrenceRule); // explicit transitions, no rules to interpret
            var from = Offset.FromTimeSpan(info.OffsetFrom!.Offset);
            var onset = LocalDateTime.FromDateTime(info.DtStart!.Value).InZoneStrictly(DateTimeZone.ForOffset(from)).ToInstant();
            if (onset <= t && onset >= latest) { latest = onset; result = Offset.FromTimeSpan(info.OffsetTo!.Offset); }
        }
        Assert.NotNull(result);
        return result.Value;
    }

    [Fact]
    public void Lines_are_CRLF_terminated_and_folded_at_75_octets_even_in_multibyte_text()
    {
        var long_ = string.Concat(Enumerable.Repeat("Réunion de mentorat — 日本語のテキスト, ", 12));
        var ics = IcsWriter.Write([Event("long@mentoring", "2026-03-27T09:00:00Z", "2026-03-27T10:00:00Z", "Europe/London",
            summary: long_, description: long_, location: long_)], "x");

        Assert.EndsWith("\r\n", ics);
        var lines = ics[..^2].Split("\r\n");
        Assert.All(lines, l => Assert.DoesNotContain('\n', l));
        Assert.All(lines, l => Assert.DoesNotContain('\r', l));
        Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, $"{Encoding.UTF8.GetByteCount(l)} octets: {l}"));
        Assert.Contains(lines, l => l.StartsWith(' ')); // something was folded
        Assert.Equal(long_, IcalCalendar.Load(ics)!.Events.Single().Summary);
    }

    [Fact]
    public void Text_with_commas_semicolons_backslashes_and_newlines_round_trips()
    {
        const string summary = "Mentoring; goals, plans\\next steps";
        const string description = "Agenda:\n1. goals, risks; next\n2. C:\\path\\file\r\nend";
        const string location = "Room 4, Floor 2; Building \"A\"";
        var ics = IcsWriter.Write([Event("t@mentoring", "2026-03-27T09:00:00Z", "2026-03-27T10:00:00Z", "Europe/London",
            summary: summary, description: description, location: location, url: "https://meet.example.org/r/abc?x=1,2;y")], "x");
        var parsed = IcalCalendar.Load(ics)!.Events.Single();

        Assert.Equal(summary, parsed.Summary);
        Assert.Equal(description.Replace("\r\n", "\n"), parsed.Description);
        Assert.Equal(location, parsed.Location);
        Assert.Equal("https://meet.example.org/r/abc?x=1,2;y", parsed.Url!.OriginalString);
        Assert.Contains(@"SUMMARY:Mentoring\; goals\, plans\\next steps", ics);
    }

    private static readonly string[] RandomZones =
        ["Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "America/Sao_Paulo", "Europe/Paris", "UTC"];

    [Fact]
    public void Random_events_round_trip_to_the_same_instants_and_each_VTIMEZONE_agrees_with_tzdb()
    {
        // Instants in whole minutes around 2020–2030, many near daylight-saving changes (when the hour is 0–3 local).
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var events = Enumerable.Range(0, random.Next(1, 8)).Select(i =>
            {
                var zone = Zone(RandomZones[random.Next(RandomZones.Length)]);
                var start = I("2020-01-01T00:00:00Z") + Duration.FromMinutes(random.Next(0, 10 * 365 * 24 * 60));
                if (random.Next(2) == 0)
                {
                    // Move to 00:00–03:59 local on a transition day of the zone, if it has one that year.
                    var transition = zone.GetZoneIntervals(start, start + Duration.FromDays(366)).Skip(1).FirstOrDefault();
                    if (transition is not null) start = transition.Start + Duration.FromMinutes(random.Next(-120, 120));
                }
                return new CalendarEvent($"r{i}", random.Next(5), start, start + Duration.FromMinutes(random.Next(0, 240)), zone,
                    "x", null, null, null, random.Next(2) == 0, Stamp);
            }).ToList();

            var calendar = IcalCalendar.Load(IcsWriter.Write(events, "r"))!;
            foreach (var e in events)
            {
                var p = calendar.Events.Single(x => x.Uid == e.Uid);
                Assert.Equal(e.Start, Instant.FromDateTimeUtc(p.DtStart!.AsUtc));
                Assert.Equal(e.End, Instant.FromDateTimeUtc(p.DtEnd!.AsUtc));
                if (p.DtStart.TzId is { } tzId && tzId != "UTC")
                {
                    var definition = calendar.TimeZones.Single(z => z.TzId == tzId);
                    Assert.Equal(e.Zone.GetUtcOffset(e.Start), OffsetAt(definition, e.Start));
                    Assert.Equal(e.Zone.GetUtcOffset(e.End), OffsetAt(definition, e.End));
                }
            }
        }, iter: 200);
    }

    [Fact]
    public void An_empty_feed_is_a_valid_calendar()
    {
        var calendar = IcalCalendar.Load(IcsWriter.Write([], "Empty"))!;
        Assert.Empty(calendar.Events);
        Assert.Empty(calendar.TimeZones);
    }

    [Fact]
    public void Invalid_events_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => IcsWriter.Write([Event("", "2026-03-27T09:00:00Z", "2026-03-27T10:00:00Z", "UTC")], "x"));
        Assert.Throws<ArgumentException>(() => IcsWriter.Write([Event("u", "2026-03-27T09:00:00Z", "2026-03-27T08:00:00Z", "UTC")], "x"));
        Assert.Throws<ArgumentException>(() => IcsWriter.Write([Event("u", "2026-03-27T09:00:00Z", "2026-03-27T10:00:00Z", "UTC", url: "not a url")], "x"));
    }
}
