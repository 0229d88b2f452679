using System.Globalization;
using System.Text;
using Mentoring.Scheduling.Engine.Availability;
using Mentoring.Scheduling.Engine.Calendars;
using Mentoring.Scheduling.Engine.Slots;
using NodaTime;

namespace Mentoring.Scheduling.Bench;

/// <summary>One slot search to time: its query and participants, and how the inputs were built.</summary>
internal sealed record Case(string Name, SlotQuery Query, List<SlotParticipant> People, Func<List<SlotParticipant>> BuildInputs, int BusyPerPerson);

/// <summary>
/// Group slot searches from fixed seeds. Each person: weekday windows in their own zone (London, New York or Kolkata)
/// through <see cref="FreeIntervals.Compute"/>, platform meetings on random weekdays, and an external calendar (.ics
/// text with weekly recurring events and single ones) read by <see cref="BusyTimes.Parse"/>.
/// </summary>
internal static class Workload
{
    private static readonly string[] Zones = ["Europe/London", "America/New_York", "Asia/Kolkata"];
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 0, 0); // a Monday; London and New York change clocks within 8 weeks

    public static Case Pair() => Build("best: pair, 2 weeks, 15 min", seed: 1, people: 2, days: 14, granularity: 15,
        meetings: 10, recurring: 2, singles: 8, windowStart: 8, windowEnd: 18);

    public static Case Group() => Build("target: group of 7, 8 weeks, 15 min", seed: 7, people: 7, days: 56, granularity: 15,
        meetings: 20, recurring: 3, singles: 16, windowStart: 8, windowEnd: 20);

    /// <summary>Office hours 09:00–17:00 in each zone: New York and Kolkata never overlap, so only partial slots exist.</summary>
    public static Case GroupPartial() => Build("group of 7, 8 weeks, 15 min, no full slot", seed: 8, people: 7, days: 56, granularity: 15,
        meetings: 20, recurring: 3, singles: 16, windowStart: 9, windowEnd: 17);

    public static Case Worst() => Build("worst: 12 people, 92 days, 5 min, dense", seed: 12, people: 12, days: 92, granularity: 5,
        meetings: 150, recurring: 10, singles: 100, windowStart: 0, windowEnd: 0);

    private static Case Build(string name, int seed, int people, int days, int granularity, int meetings, int recurring, int singles,
        int windowStart, int windowEnd)
    {
        var random = new Random(seed);
        var from = Start;
        var to = Start + Duration.FromDays(days);
        var specs = Enumerable.Range(0, people).Select(p =>
        {
            var zone = DateTimeZoneProviders.Tzdb[Zones[p % Zones.Length]];
            var ownMeetings = Enumerable.Range(0, meetings).Select(_ => RandomMeeting(random, zone, from, days)).ToList();
            var ics = ExternalCalendar(random, zone, from, days, recurring, singles);
            return (Id: $"person-{p}", Required: p == 0, Zone: zone, Meetings: ownMeetings, Ics: ics);
        }).ToList();

        // Windows 00:00–00:00 mean the whole day (the dense case relies on busy time alone).
        var windows = new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday }
            .Select(d => new WeeklyWindow(d, new LocalTime(windowStart, 0), windowEnd == 0 ? LocalTime.Midnight : new LocalTime(windowEnd, 0)))
            .ToList();
        List<SlotParticipant> Inputs() => specs.Select(s => new SlotParticipant(
            s.Id, s.Required, s.Zone,
            FreeIntervals.Compute(s.Zone, windows, [], from, to),
            [.. s.Meetings, .. BusyTimes.Parse(s.Ics, from, to)])).ToList();

        var query = new SlotQuery(from, to, Duration.FromMinutes(60), Duration.FromMinutes(granularity), from + Duration.FromHours(20),
            Duration.FromMinutes(10), PartOfDay.Morning, MaxResults: 20, AlignmentZone: specs[0].Zone);
        var inputs = Inputs();
        return new Case(name, query, inputs, Inputs, (int)inputs.Average(p => p.Busy.Count));
    }

    private static FreeInterval RandomMeeting(Random random, DateTimeZone zone, Instant from, int days)
    {
        var date = from.InUtc().Date.PlusDays(random.Next(days));
        var local = date.At(new LocalTime(random.Next(8, 19), random.Next(4) * 15));
        var start = zone.AtLeniently(local).ToInstant();
        return new FreeInterval(start, start + Duration.FromMinutes(random.Next(1, 5) * 15));
    }

    private static string ExternalCalendar(Random random, DateTimeZone zone, Instant from, int days, int recurring, int singles)
    {
        var lines = new List<string> { "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//EN", $"X-WR-TIMEZONE:{zone.Id}" };
        var weeks = Math.Max(1, days / 7);
        for (var i = 0; i < recurring; i++)
        {
            var first = from.InUtc().Date.PlusDays(random.Next(7)).At(new LocalTime(random.Next(8, 18), random.Next(2) * 30));
            lines.AddRange([
                "BEGIN:VEVENT", $"UID:r{i}@bench", "DTSTAMP:20260101T000000Z", "SUMMARY:Recurring",
                $"DTSTART;TZID={zone.Id}:{first.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture)}",
                $"DTEND;TZID={zone.Id}:{first.PlusMinutes(30).ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture)}",
                $"RRULE:FREQ=WEEKLY;COUNT={weeks}", "END:VEVENT"]);
        }
        for (var i = 0; i < singles; i++)
        {
            var start = from.InUtc().Date.PlusDays(random.Next(days)).At(new LocalTime(random.Next(7, 20), random.Next(4) * 15));
            lines.AddRange([
                "BEGIN:VEVENT", $"UID:s{i}@bench", "DTSTAMP:20260101T000000Z", "SUMMARY:Single",
                $"DTSTART;TZID={zone.Id}:{start.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture)}",
                $"DURATION:PT{random.Next(1, 7) * 15}M", "END:VEVENT"]);
        }
        lines.Add("END:VCALENDAR");
        var text = new StringBuilder();
        foreach (var line in lines) text.Append(line).Append("\r\n");
        return text.ToString();
    }
}
