using Dapper;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Scheduling.Calendars.External;
using Mentoring.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Scheduling;

/// <summary>
/// Published calendars: linked by their person only, fetched from a real HTTP server (in process),
/// kept as busy intervals only, counted by FindMutualSlots; failures are short errors that keep the
/// last good intervals; the sweeper syncs due calendars once across replicas.
/// </summary>
public sealed class ExternalCalendarTests() : ServicesUnderTest("scheduling")
{
    private const string Secret = "Dentist appointment";

    private static readonly Dictionary<string, string?> Settings = new()
    {
        // Only the explicit sweeps below run while a test looks.
        ["Scheduling:SweepInterval"] = "01:00:00",
        // The test server is http on loopback; short limits to see them hit.
        ["Scheduling:ExternalCalendarAllowInsecureUrls"] = "true",
        ["Scheduling:ExternalCalendarTimeout"] = "00:00:02",
        ["Scheduling:ExternalCalendarMaxBytes"] = "65536",
    };

    /// <summary>A Monday at least a week ahead (well inside the 92 days synced), at midnight UTC.</summary>
    private static readonly DateTime Monday = NextMonday();

    private static DateTime NextMonday()
    {
        var day = DateTime.SpecifyKind(DateTime.UtcNow.Date.AddDays(7), DateTimeKind.Utc);
        while (day.DayOfWeek != System.DayOfWeek.Monday) day = day.AddDays(1);
        return day;
    }

    private SchedulingWorld world = null!;
    private IcsServer ics = null!;
    private SchedulingService.SchedulingServiceClient partner = null!, mentee = null!, mentor = null!, admin = null!;
    private string menteePerson = null!, mentorPerson = null!, relationship = null!, name = null!;

    protected override IReadOnlyDictionary<string, string?>? SettingsOf(string service) => Settings;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        ics = await IcsServer.StartAsync();
        ics.Ics = Calendar();
        partner = Client<SchedulingService.SchedulingServiceClient>("scheduling", await TestIdentity.PartnerAsync());
        admin = Client<SchedulingService.SchedulingServiceClient>("scheduling", await TestIdentity.AdministratorAsync());
        string token;
        (token, menteePerson) = await TestIdentity.CastAsync("mentee");
        mentee = Client<SchedulingService.SchedulingServiceClient>("scheduling", token);
        (token, mentorPerson) = await TestIdentity.CastAsync("mentor");
        mentor = Client<SchedulingService.SchedulingServiceClient>("scheduling", token);
        name = menteePerson + "/externalCalendar";
        world = new SchedulingWorld(Db, partner);
        // As in MutualSlotsTests, both free 14:00-17:00 UTC, in zones without daylight saving:
        // Reykjavik 13:00-17:00 (UTC), Bogotá 09:00-12:00 (UTC-5).
        await world.PersonAsync(mentorPerson, "Atlantic/Reykjavik", SchedulingWorld.Weekdays("13:00", "17:00"));
        await world.PersonAsync(menteePerson, "America/Bogota", SchedulingWorld.Weekdays("09:00", "12:00"));
        await world.KnownAsync(mentorPerson, withAvailability: true);
        await world.KnownAsync(menteePerson, withAvailability: true);
        relationship = await world.RelationshipAsync([mentorPerson], [menteePerson]);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await ics.DisposeAsync();
    }

    private static string Utc(DateTime at) => at.ToString("yyyyMMdd'T'HHmmss'Z'");

    /// <summary>
    /// The mentee's published calendar: Monday 14:00-15:00 UTC; a weekly Wednesday 14:00-15:00 UTC,
    /// three times, whose second occurrence moved to 16:00-17:00 and whose third is cancelled (EXDATE).
    /// </summary>
    private static string Calendar()
    {
        var wednesday = Monday.AddDays(2);
        return string.Join("\r\n",
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Tests//Published calendar//EN",
            "BEGIN:VEVENT", "UID:dentist@tests", $"DTSTAMP:{Utc(DateTime.UtcNow)}",
            $"DTSTART:{Utc(Monday.AddHours(14))}", $"DTEND:{Utc(Monday.AddHours(15))}",
            $"SUMMARY:{Secret}", "DESCRIPTION:Root canal\\, bring the X-rays", "LOCATION:Clinic on Main Street", "END:VEVENT",
            "BEGIN:VEVENT", "UID:weekly@tests", $"DTSTAMP:{Utc(DateTime.UtcNow)}",
            $"DTSTART:{Utc(wednesday.AddHours(14))}", $"DTEND:{Utc(wednesday.AddHours(15))}",
            "RRULE:FREQ=WEEKLY;COUNT=3", $"EXDATE:{Utc(wednesday.AddDays(14).AddHours(14))}",
            $"SUMMARY:{Secret} (weekly)", "END:VEVENT",
            "BEGIN:VEVENT", "UID:weekly@tests", $"DTSTAMP:{Utc(DateTime.UtcNow)}",
            $"RECURRENCE-ID:{Utc(wednesday.AddDays(7).AddHours(14))}",
            $"DTSTART:{Utc(wednesday.AddDays(7).AddHours(16))}", $"DTEND:{Utc(wednesday.AddDays(7).AddHours(17))}",
            $"SUMMARY:{Secret} (moved)", "END:VEVENT",
            "END:VCALENDAR", "");
    }

    private async Task<string[]> SlotsAsync(DateTime day)
    {
        var slots = await partner.FindMutualSlotsAsync(new FindMutualSlotsRequest
        {
            Relationship = relationship,
            StartTime = Timestamp.FromDateTime(day),
            EndTime = Timestamp.FromDateTime(day.AddDays(1)),
            DurationMinutes = 60,
            GranularityMinutes = 30,
            MaxResults = 50,
        });
        return slots.Slots.Select(s => s.StartTime.ToDateTime().ToString("HH:mm")).ToArray();
    }

    private Task<ExternalCalendar> LinkAsync(string url) =>
        mentee.LinkExternalCalendarAsync(new LinkExternalCalendarRequest { Name = name, Url = url }).ResponseAsync;

    private Task<ExternalCalendar> SyncAsync() => mentee.SyncExternalCalendarAsync(new SyncExternalCalendarRequest { Name = name }).ResponseAsync;

    private Task<ExternalCalendar> GetAsync() => mentee.GetExternalCalendarAsync(new GetExternalCalendarRequest { Name = name }).ResponseAsync;

    private async Task<T> AdminScalarAsync<T>(string sql, object? args = null)
    {
        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        return (await c.ExecuteScalarAsync<T>(sql, args))!;
    }

    private Task<long> StoredIntervalsAsync() =>
        AdminScalarAsync<long>("SELECT count(*) FROM scheduling.external_busy WHERE person_id = @id", new { id = Guid.Parse(menteePerson["people/".Length..]) });

    private static readonly string[] AllAfternoon = ["14:00", "14:30", "15:00", "15:30", "16:00"];

    [Fact]
    public async Task A_synced_calendar_shows_its_status_and_its_busy_times_keep_mutual_slots_away()
    {
        Assert.Equal(AllAfternoon, await SlotsAsync(Monday));
        Assert.False((await GetAsync()).Linked);

        // Reached through two redirects (at most three are followed).
        var url = ics.Url("/redirect/1");
        var linked = await LinkAsync(url);
        Assert.Equal((name, true, url, 0, ""), (linked.Name, linked.Linked, linked.Url, linked.BusyIntervalCount, linked.LastError));
        Assert.Null(linked.LastSyncTime);
        Assert.NotNull(linked.LinkTime);

        var before = DateTime.UtcNow.AddSeconds(-1);
        var synced = await SyncAsync();
        Assert.Equal((3, ""), (synced.BusyIntervalCount, synced.LastError));
        Assert.InRange(synced.LastSyncTime.ToDateTime(), before, DateTime.UtcNow.AddSeconds(1));
        Assert.Equal(synced.LastSyncTime, synced.LastSuccessTime);
        Assert.Equal(synced, await GetAsync());

        // Monday 14:00-15:00 is busy: slots start from 15:00.
        Assert.Equal(["15:00", "15:30", "16:00"], await SlotsAsync(Monday));
        // The weekly event: busy 14:00-15:00, then moved to 16:00-17:00 (RECURRENCE-ID), then cancelled (EXDATE).
        Assert.Equal(["15:00", "15:30", "16:00"], await SlotsAsync(Monday.AddDays(2)));
        Assert.Equal(["14:00", "14:30", "15:00"], await SlotsAsync(Monday.AddDays(9)));
        Assert.Equal(AllAfternoon, await SlotsAsync(Monday.AddDays(16)));
    }

    [Fact]
    public async Task Only_busy_intervals_are_stored_never_titles_or_other_content()
    {
        await LinkAsync(ics.Url("/calendar.ics"));
        Assert.Equal(3, (await SyncAsync()).BusyIntervalCount);
        Assert.Equal(3, await StoredIntervalsAsync());

        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        var columns = (await c.QueryAsync<(string Table, string Column)>(
            """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = 'scheduling' AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea')
            """)).ToList();
        Assert.Contains(columns, x => x.Table == "external_calendar");
        foreach (var (table, column) in columns)
            foreach (var text in new[] { "Dentist", "Root canal", "Clinic on Main", "dentist@tests" })
                Assert.False(await c.ExecuteScalarAsync<bool>(
                    $"SELECT EXISTS (SELECT 1 FROM scheduling.\"{table}\" WHERE \"{column}\"::text ILIKE '%' || @text || '%')", new { text }),
                    $"scheduling.{table}.{column} holds '{text}'");
        var busyColumns = await c.QueryAsync<string>(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'scheduling' AND table_name = 'external_busy' ORDER BY ordinal_position");
        Assert.Equal(["tenant_id", "person_id", "start_at", "end_at"], busyColumns);
    }

    [Fact]
    public async Task A_failed_sync_says_why_in_a_short_text_and_keeps_the_last_good_busy_times()
    {
        await LinkAsync(ics.Url("/calendar.ics"));
        var good = await SyncAsync();
        Assert.Equal(3, good.BusyIntervalCount);

        foreach (var (behaviour, expected) in new[]
        {
            (IcsServer.Behaviour.ServerError, "answered HTTP 500"),
            (IcsServer.Behaviour.Garbage, "iCalendar"),
            (IcsServer.Behaviour.Endless, "Calendar larger than 64 KB."),
            (IcsServer.Behaviour.Hang, "did not answer within 2 seconds"),
        })
        {
            ics.Answer = behaviour;
            var started = DateTime.UtcNow;
            var failed = await SyncAsync();
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), $"{behaviour}: took {DateTime.UtcNow - started}");
            Assert.Contains(expected, failed.LastError);
            Assert.True(failed.LastError.Length <= 200, failed.LastError);
            Assert.DoesNotContain("Exception", failed.LastError);
            Assert.DoesNotContain("Dentist", failed.LastError);
            Assert.DoesNotContain("html", failed.LastError);
            Assert.Equal((3, good.LastSuccessTime), (failed.BusyIntervalCount, failed.LastSuccessTime));
            Assert.True(failed.LastSyncTime.ToDateTime() > good.LastSyncTime.ToDateTime(), behaviour.ToString());
            Assert.Equal(failed, await GetAsync());
            Assert.Equal(3, await StoredIntervalsAsync());
            Assert.Equal(["15:00", "15:30", "16:00"], await SlotsAsync(Monday));
        }

        // Working again: the error clears.
        ics.Answer = IcsServer.Behaviour.Calendar;
        Assert.Equal((3, ""), ((await SyncAsync()).BusyIntervalCount, (await GetAsync()).LastError));

        // Four redirects are one too many.
        await LinkAsync(ics.Url("/redirect/3"));
        Assert.Equal("The calendar server redirected more than 3 times.", (await SyncAsync()).LastError);
    }

    [Fact]
    public async Task Bad_urls_are_field_violations_that_store_nothing_and_the_calendar_is_its_persons_alone()
    {
        // Without the development setting: https only, and no loopback or private hosts.
        await using var strict = await Apps.StartAsync("scheduling", Db, new Dictionary<string, string?> { ["Scheduling:SweepInterval"] = "01:00:00" });
        var strictMentee = (SchedulingService.SchedulingServiceClient)Activator.CreateInstance(
            typeof(SchedulingService.SchedulingServiceClient), strict.CreateChannel((await TestIdentity.CastAsync("mentee")).Token))!;
        string[] refusedEverywhere =
        [
            "", "   ", "/calendars/me.ics", "calendar.example/me.ics", "ftp://calendar.example/me.ics", "file:///etc/passwd",
            "https://user:secret@calendar.example/me.ics", "https://calendar.example/" + new string('a', 2000),
            "webcal://calendar.example/me.ics", "not a url at all",
        ];
        string[] refusedWhenStrict =
        [
            "http://calendar.example/me.ics", "https://127.0.0.1/me.ics", "https://localhost:8443/me.ics", "https://10.1.2.3/me.ics",
            "https://192.168.0.10/me.ics", "https://172.20.0.1/me.ics", "https://169.254.169.254/latest/meta-data", "https://[::1]/me.ics",
            "https://[fd00::1]/me.ics", "https://[::ffff:127.0.0.1]/me.ics", "https://0.0.0.0/me.ics", "https://intranet/me.ics",
            "https://calendar.internal/me.ics",
        ];
        foreach (var (client, url) in refusedEverywhere.Select(u => (strictMentee, u)).Concat(refusedEverywhere.Select(u => (mentee, u)))
                     .Concat(refusedWhenStrict.Select(u => (strictMentee, u))))
        {
            var e = await Assert.ThrowsAsync<RpcException>(() =>
                client.LinkExternalCalendarAsync(new LinkExternalCalendarRequest { Name = name, Url = url }).ResponseAsync);
            Assert.True(ViolatedFields(e).SequenceEqual(["url"]), $"{url}: {e.Status.Detail}");
        }
        var badName = await Assert.ThrowsAsync<RpcException>(() =>
            mentee.GetExternalCalendarAsync(new GetExternalCalendarRequest { Name = menteePerson + "/calendarFeed" }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, badName.StatusCode); // not the person's external calendar by its name
        Assert.Equal(0, await AdminScalarAsync<long>("SELECT count(*) FROM scheduling.external_calendar"));
        Assert.Equal(0, await AdminScalarAsync<long>("SELECT count(*) FROM scheduling.external_calendar_due"));

        // A public https address is fine (it is not fetched here); unlinking forgets it.
        var linked = await strictMentee.LinkExternalCalendarAsync(new LinkExternalCalendarRequest { Name = name, Url = "https://calendar.example/me.ics?key=s3cret" });
        Assert.True(linked.Linked);
        var notLinkedSync = await mentee.UnlinkExternalCalendarAsync(new UnlinkExternalCalendarRequest { Name = name });
        Assert.False(notLinkedSync.Linked);
        Assert.Equal(0, await AdminScalarAsync<long>("SELECT count(*) FROM scheduling.external_calendar"));
        var nothing = await Assert.ThrowsAsync<RpcException>(SyncAsync);
        Assert.Equal(StatusCode.FailedPrecondition, nothing.StatusCode);

        // Another person (the relationship's mentor, even) and an administrator get nothing.
        await LinkAsync(ics.Url("/calendar.ics"));
        foreach (var other in new[] { mentor, admin })
        {
            Task<ExternalCalendar>[] calls =
            [
                other.GetExternalCalendarAsync(new GetExternalCalendarRequest { Name = name }).ResponseAsync,
                other.LinkExternalCalendarAsync(new LinkExternalCalendarRequest { Name = name, Url = ics.Url("/redirect/0") }).ResponseAsync,
                other.SyncExternalCalendarAsync(new SyncExternalCalendarRequest { Name = name }).ResponseAsync,
                other.UnlinkExternalCalendarAsync(new UnlinkExternalCalendarRequest { Name = name }).ResponseAsync,
            ];
            foreach (var call in calls)
                Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => call)).StatusCode);
        }
        Assert.Equal(ics.Url("/calendar.ics"), (await GetAsync()).Url);
        Assert.Equal(0, ics.CalendarHits);
    }

    [Fact]
    public async Task The_sweeper_syncs_a_due_calendar_once_across_replicas_and_again_after_the_interval()
    {
        await using var replica = await Apps.StartAsync("scheduling", Db, Settings);
        Task<int> Sweep(Mentoring.Testing.RunningService service) =>
            service.Services.GetRequiredService<ExternalCalendarSweeper>().SweepAsync(CancellationToken.None);

        await LinkAsync(ics.Url("/calendar.ics"));
        var claimed = await Task.WhenAll(Sweep(Service("scheduling")), Sweep(replica), Sweep(Service("scheduling")), Sweep(replica));
        Assert.True(claimed.Sum() <= 1, string.Join(", ", claimed));
        Assert.Equal(1, ics.CalendarHits);
        var synced = await GetAsync();
        Assert.Equal((3, ""), (synced.BusyIntervalCount, synced.LastError));
        Assert.Equal(["15:00", "15:30", "16:00"], await SlotsAsync(Monday));

        // Not due again until the interval (15 minutes) has passed …
        Assert.Equal(0, await Sweep(replica));
        Assert.Equal(1, ics.CalendarHits);
        // … as it has once its due time is behind.
        await using (var data = Db.AdminDataSource())
        await using (var c = await data.OpenConnectionAsync())
            await c.ExecuteAsync("UPDATE scheduling.external_calendar_due SET due_at = now() - interval '1 minute'");
        ics.Answer = IcsServer.Behaviour.ServerError;
        Assert.Equal(1, await Sweep(Service("scheduling")));
        Assert.Equal(2, ics.CalendarHits);
        Assert.Equal((3, "The calendar server answered HTTP 500."), ((await GetAsync()).BusyIntervalCount, (await GetAsync()).LastError));
        var due = await AdminScalarAsync<DateTime>("SELECT due_at FROM scheduling.external_calendar_due");
        Assert.InRange(due, DateTime.UtcNow.AddMinutes(14), DateTime.UtcNow.AddMinutes(16));
    }

    [Fact]
    public async Task Erasing_the_person_removes_the_linked_calendar_and_its_busy_times()
    {
        await LinkAsync(ics.Url("/calendar.ics"));
        Assert.Equal(3, (await SyncAsync()).BusyIntervalCount);

        await EventBus.PublishAsync(Db, new PersonErased { Person = menteePerson }, "profile");

        await Eventually.True("the calendar is gone", async () => await AdminScalarAsync<long>(
            """
            SELECT (SELECT count(*) FROM scheduling.external_calendar) + (SELECT count(*) FROM scheduling.external_busy)
                 + (SELECT count(*) FROM scheduling.external_calendar_due)
            """) == 0);
    }
}
