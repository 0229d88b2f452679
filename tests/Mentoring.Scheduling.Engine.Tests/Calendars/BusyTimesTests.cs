using Mentoring.Scheduling.Engine.Calendars;
using static Mentoring.Scheduling.Engine.Tests.Time;

namespace Mentoring.Scheduling.Engine.Tests.Calendars;

public sealed class BusyTimesTests
{
    private static string Ics(params string[] lines) => string.Join("\r\n", lines) + "\r\n";

    private static readonly string[] CustomZone =
    [
        // Outlook's shape for a zone it has no name for: the EU rules at +01:00/+02:00.
        "BEGIN:VTIMEZONE", "TZID:Customized Time Zone",
        "BEGIN:STANDARD", "DTSTART:16010101T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10", "END:STANDARD",
        "BEGIN:DAYLIGHT", "DTSTART:16010101T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3", "END:DAYLIGHT",
        "END:VTIMEZONE",
    ];

    private static string Feed() => Ics(
    [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "X-WR-CALNAME:Work", "X-WR-TIMEZONE:Europe/London",
        .. CustomZone,
        // Weekly in London: 16 March (GMT), 23 March excluded, 30 March moved to 14:00 (BST), 6 April cancelled, 13 April, 20 April.
        "BEGIN:VEVENT", "UID:weekly", "DTSTAMP:20260101T000000Z", "SUMMARY:1:1 with Bob",
        "DTSTART;TZID=Europe/London:20260316T090000", "DTEND;TZID=Europe/London:20260316T100000",
        "RRULE:FREQ=WEEKLY;COUNT=6", "EXDATE;TZID=Europe/London:20260323T090000", "END:VEVENT",
        "BEGIN:VEVENT", "UID:weekly", "DTSTAMP:20260101T000000Z", "RECURRENCE-ID;TZID=Europe/London:20260330T090000",
        "DTSTART;TZID=Europe/London:20260330T140000", "DTEND;TZID=Europe/London:20260330T150000", "SUMMARY:1:1 (moved)", "END:VEVENT",
        "BEGIN:VEVENT", "UID:weekly", "DTSTAMP:20260101T000000Z", "RECURRENCE-ID;TZID=Europe/London:20260406T090000",
        "DTSTART;TZID=Europe/London:20260406T090000", "DTEND;TZID=Europe/London:20260406T100000", "STATUS:CANCELLED", "END:VEVENT",
        // All-day in the calendar's zone: 18 March (GMT) and 1 April (BST).
        "BEGIN:VEVENT", "UID:allday1", "DTSTAMP:20260101T000000Z", "DTSTART;VALUE=DATE:20260318", "DTEND;VALUE=DATE:20260319", "SUMMARY:Offsite", "END:VEVENT",
        "BEGIN:VEVENT", "UID:allday2", "DTSTAMP:20260101T000000Z", "DTSTART;VALUE=DATE:20260401", "SUMMARY:Holiday", "END:VEVENT",
        // Skipped: transparent and cancelled.
        "BEGIN:VEVENT", "UID:free", "DTSTAMP:20260101T000000Z", "DTSTART:20260317T120000Z", "DTEND:20260317T130000Z", "TRANSP:TRANSPARENT", "END:VEVENT",
        "BEGIN:VEVENT", "UID:gone", "DTSTAMP:20260101T000000Z", "DTSTART:20260317T140000Z", "DTEND:20260317T150000Z", "STATUS:CANCELLED", "END:VEVENT",
        // Floating: in the calendar's zone (BST on 2 April).
        "BEGIN:VEVENT", "UID:floating", "DTSTAMP:20260101T000000Z", "DTSTART:20260402T120000", "DTEND:20260402T130000", "END:VEVENT",
        // UTC, starting before the range, with an extra RDATE; and one overlapping the first weekly occurrence.
        "BEGIN:VEVENT", "UID:utc", "DTSTAMP:20260101T000000Z", "DTSTART:20260315T230000Z", "DTEND:20260316T010000Z", "RDATE:20260320T080000Z", "END:VEVENT",
        "BEGIN:VEVENT", "UID:overlap", "DTSTAMP:20260101T000000Z", "DTSTART:20260316T093000Z", "DURATION:PT1H", "END:VEVENT",
        // Outlook: a customised zone (CET then CEST from 29 March) and a Windows zone id.
        "BEGIN:VEVENT", "UID:outlook1", "DTSTAMP:20260101T000000Z", "DTSTART;TZID=Customized Time Zone:20260324T100000",
        "DTEND;TZID=Customized Time Zone:20260324T110000", "RRULE:FREQ=WEEKLY;COUNT=2", "END:VEVENT",
        "BEGIN:VEVENT", "UID:outlook2", "DTSTAMP:20260101T000000Z", "DTSTART;TZID=W. Europe Standard Time:20260325T100000",
        "DTEND;TZID=W. Europe Standard Time:20260325T110000", "END:VEVENT",
        "END:VCALENDAR",
    ]);

    [Fact]
    public void A_published_calendar_gives_its_merged_busy_intervals()
    {
        var busy = BusyTimes.Parse(Feed(), I("2026-03-16T00:00:00Z"), I("2026-04-14T00:00:00Z"));
        Assert.Equal(
            [
                ("2026-03-16T00:00:00Z", "2026-03-16T01:00:00Z"), // clipped to the range
                ("2026-03-16T09:00:00Z", "2026-03-16T10:30:00Z"), // weekly + overlapping event
                ("2026-03-18T00:00:00Z", "2026-03-19T00:00:00Z"), // all day, GMT
                ("2026-03-20T08:00:00Z", "2026-03-20T10:00:00Z"), // RDATE
                ("2026-03-24T09:00:00Z", "2026-03-24T10:00:00Z"), // customised zone, CET
                ("2026-03-25T09:00:00Z", "2026-03-25T10:00:00Z"), // Windows id, CET
                ("2026-03-30T13:00:00Z", "2026-03-30T14:00:00Z"), // override, BST
                ("2026-03-31T08:00:00Z", "2026-03-31T09:00:00Z"), // customised zone, CEST
                ("2026-03-31T23:00:00Z", "2026-04-01T23:00:00Z"), // all day, BST
                ("2026-04-02T11:00:00Z", "2026-04-02T12:00:00Z"), // floating, BST
                ("2026-04-13T08:00:00Z", "2026-04-13T09:00:00Z"), // weekly, BST
            ],
            busy.Select(b => (Utc(b.Start), Utc(b.End))).ToList());
    }

    [Fact]
    public void Exception_and_extra_dates_in_a_customised_zone_follow_it()
    {
        var ics = Ics(
        [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN", .. CustomZone,
            "BEGIN:VEVENT", "UID:o", "DTSTAMP:20260101T000000Z", "DTSTART;TZID=Customized Time Zone:20260324T100000",
            "DTEND;TZID=Customized Time Zone:20260324T110000", "RRULE:FREQ=WEEKLY;COUNT=3",
            "EXDATE;TZID=Customized Time Zone:20260331T100000", "RDATE;TZID=Customized Time Zone:20260401T150000", "END:VEVENT",
            "END:VCALENDAR",
        ]);
        var busy = BusyTimes.Parse(ics, I("2026-03-01T00:00:00Z"), I("2026-05-01T00:00:00Z"));
        Assert.Equal(
            [("2026-03-24T09:00:00Z", "2026-03-24T10:00:00Z"), ("2026-04-01T13:00:00Z", "2026-04-01T14:00:00Z"), ("2026-04-07T08:00:00Z", "2026-04-07T09:00:00Z")],
            busy.Select(b => (Utc(b.Start), Utc(b.End))).ToList());
    }

    [Fact]
    public void A_customised_zone_without_a_definition_falls_back_to_the_calendars_zone()
    {
        var ics = Ics("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:x", "X-WR-TIMEZONE:America/New_York",
            "BEGIN:VEVENT", "UID:o", "DTSTAMP:20260101T000000Z", "DTSTART;TZID=Somewhere:20260310T100000", "DTEND;TZID=Somewhere:20260310T110000", "END:VEVENT",
            "END:VCALENDAR");
        var busy = BusyTimes.Parse(ics, I("2026-03-01T00:00:00Z"), I("2026-05-01T00:00:00Z"));
        Assert.Equal([("2026-03-10T14:00:00Z", "2026-03-10T15:00:00Z")], busy.Select(b => (Utc(b.Start), Utc(b.End))).ToList());
    }

    [Fact]
    public void Events_starting_at_the_same_time_all_count()
    {
        var ics = Ics("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:x",
            "BEGIN:VEVENT", "UID:a", "DTSTAMP:20260101T000000Z", "DTSTART:20260324T100000Z", "DTEND:20260324T110000Z", "END:VEVENT",
            "BEGIN:VEVENT", "UID:b", "DTSTAMP:20260101T000000Z", "DTSTART:20260324T100000Z", "DTEND:20260324T140000Z", "END:VEVENT",
            "END:VCALENDAR");
        var busy = BusyTimes.Parse(ics, I("2026-03-01T00:00:00Z"), I("2026-05-01T00:00:00Z"));
        Assert.Equal([("2026-03-24T10:00:00Z", "2026-03-24T14:00:00Z")], busy.Select(b => (Utc(b.Start), Utc(b.End))).ToList());
    }

    [Fact]
    public void Only_the_range_is_read()
    {
        var busy = BusyTimes.Parse(Feed(), I("2026-03-30T13:30:00Z"), I("2026-03-31T08:30:00Z"));
        Assert.Equal([("2026-03-30T13:30:00Z", "2026-03-30T14:00:00Z"), ("2026-03-31T08:00:00Z", "2026-03-31T08:30:00Z")],
            busy.Select(b => (Utc(b.Start), Utc(b.End))).ToList());
        Assert.Empty(BusyTimes.Parse(Feed(), I("2026-03-31T08:30:00Z"), I("2026-03-31T08:30:00Z")));
    }

    [Fact]
    public void Without_X_WR_TIMEZONE_all_day_and_floating_times_are_utc()
    {
        var ics = Ics("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:x",
            "BEGIN:VEVENT", "UID:a", "DTSTAMP:20260101T000000Z", "DTSTART;VALUE=DATE:20260601", "DTEND;VALUE=DATE:20260603", "END:VEVENT",
            "BEGIN:VEVENT", "UID:b", "DTSTAMP:20260101T000000Z", "DTSTART:20260605T120000", "DTEND:20260605T130000", "END:VEVENT",
            "BEGIN:VEVENT", "UID:c", "DTSTAMP:20260101T000000Z", "DTSTART;VALUE=DATE:20260610", "RRULE:FREQ=DAILY;COUNT=2", "EXDATE;VALUE=DATE:20260611", "END:VEVENT",
            "END:VCALENDAR");
        var busy = BusyTimes.Parse(ics, I("2026-05-01T00:00:00Z"), I("2026-07-01T00:00:00Z"));
        Assert.Equal(
            [("2026-06-01T00:00:00Z", "2026-06-03T00:00:00Z"), ("2026-06-05T12:00:00Z", "2026-06-05T13:00:00Z"), ("2026-06-10T00:00:00Z", "2026-06-11T00:00:00Z")],
            busy.Select(b => (Utc(b.Start), Utc(b.End))).ToList());
    }

    [Fact]
    public void A_daily_rule_without_end_is_read_only_within_the_range()
    {
        var ics = Ics("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:x",
            "BEGIN:VEVENT", "UID:a", "DTSTAMP:20260101T000000Z", "DTSTART;TZID=America/New_York:20200106T090000", "DTEND;TZID=America/New_York:20200106T093000",
            "RRULE:FREQ=DAILY", "END:VEVENT", "END:VCALENDAR");
        var busy = BusyTimes.Parse(ics, I("2026-03-07T00:00:00Z"), I("2026-03-10T00:00:00Z"));
        // 09:00 EST, then EDT from 8 March.
        Assert.Equal(
            [("2026-03-07T14:00:00Z", "2026-03-07T14:30:00Z"), ("2026-03-08T13:00:00Z", "2026-03-08T13:30:00Z"), ("2026-03-09T13:00:00Z", "2026-03-09T13:30:00Z")],
            busy.Select(b => (Utc(b.Start), Utc(b.End))).ToList());
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage here")]
    [InlineData("<html><body>Not found</body></html>")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260101T000000Z\r\n")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260101T000000Z\r\nRRULE:FREQ=NOPE\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:notadate\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260101T000000Z\r\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")]
    public void Unreadable_input_is_a_FormatException_with_a_message_without_the_content(string ics)
    {
        var e = Assert.Throws<FormatException>(() => BusyTimes.Parse(ics, I("2026-01-01T00:00:00Z"), I("2026-12-31T00:00:00Z")));
        Assert.DoesNotContain("garbage", e.Message);
        Assert.DoesNotContain("NOPE", e.Message);
        Assert.DoesNotContain("notadate", e.Message);
        Assert.True(e.Message.Length < 100);
    }
}
