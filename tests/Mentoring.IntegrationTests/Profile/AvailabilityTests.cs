using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using static Mentoring.IntegrationTests.Support.Samples;
using DayOfWeek = Mentoring.Contracts.Profile.V1.DayOfWeek;

namespace Mentoring.IntegrationTests.Profile;

/// <summary>Availability: weekly windows and exceptions stored as a whole, and free intervals in UTC across DST changes.</summary>
public sealed class AvailabilityTests() : ServicesUnderTest("profile")
{
    private ProfileService.ProfileServiceClient client = null!;
    private string token = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        token = await TestIdentity.PartnerAsync();
        client = Client<ProfileService.ProfileServiceClient>("profile", token);
    }

    private async Task<Person> NewPersonAsync(string name, string timeZone = "Europe/London")
    {
        var person = Person(name, PersonRole.Mentor, SeniorityLevel.Senior);
        person.TimeZone = timeZone;
        return await client.RegisterPersonAsync(Register(person));
    }

    private static string NameOf(Person person) => $"{person.Name}/availability";

    private static WeeklyWindow Window(DayOfWeek day, string start, string end) => new() { DayOfWeek = day, StartTime = start, EndTime = end };

    private static readonly DayOfWeek[] Weekdays =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    private Task<Availability> UpdateAsync(Person person, IEnumerable<WeeklyWindow> windows, IEnumerable<AvailabilityException>? exceptions = null, string etag = "")
    {
        var availability = new Availability { Name = NameOf(person), Etag = etag };
        availability.WeeklyWindows.AddRange(windows);
        availability.Exceptions.AddRange(exceptions ?? []);
        return client.UpdateAvailabilityAsync(new UpdateAvailabilityRequest { Availability = availability }).ResponseAsync;
    }

    private Task<QueryFreeIntervalsResponse> FreeAsync(Person person, string from, string to) =>
        client.QueryFreeIntervalsAsync(new QueryFreeIntervalsRequest
        {
            Name = NameOf(person),
            StartTime = Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(from)),
            EndTime = Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(to)),
        }).ResponseAsync;

    private static List<(string, string)> Utc(QueryFreeIntervalsResponse response) =>
        response.Intervals.Select(i => (i.StartTime.ToDateTime().ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture), i.EndTime.ToDateTime().ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture))).ToList();

    private async Task<List<AvailabilityChanged>> ChangesAsync()
    {
        await using var admin = Db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        var envelopes = await c.QueryAsync<string>("SELECT envelope::text FROM profile.outbox WHERE topic = 'profile.availability-changed' ORDER BY position");
        return envelopes.Select(e => (AvailabilityChanged)CloudEvent.FromJson(e).ParseData()).ToList();
    }

    [Fact]
    public async Task Update_then_get_round_trips_windows_exceptions_and_time_zone()
    {
        var ada = await NewPersonAsync("Ada", "Asia/Kolkata");
        var before = await client.GetAvailabilityAsync(new GetAvailabilityRequest { Name = NameOf(ada) });
        Assert.Equal((NameOf(ada), "Asia/Kolkata", "\"0\""), (before.Name, before.TimeZone, before.Etag));
        Assert.Empty(before.WeeklyWindows);
        Assert.Null(before.UpdateTime);

        var updated = await UpdateAsync(ada,
            [Window(DayOfWeek.Monday, "09:00", "12:30"), Window(DayOfWeek.Monday, "12:30", "17:00"), Window(DayOfWeek.Friday, "20:00", "24:00")],
            [new AvailabilityException { Date = "2026-12-25" }, new AvailabilityException { Date = "2026-12-24", StartTime = "12:00", EndTime = "24:00" }],
            before.Etag);

        Assert.Equal("\"1\"", updated.Etag);
        Assert.NotNull(updated.UpdateTime);
        Assert.Equal(updated, await client.GetAvailabilityAsync(new GetAvailabilityRequest { Name = NameOf(ada) }));
        Assert.Equal(["Monday 09:00-12:30", "Monday 12:30-17:00", "Friday 20:00-24:00"],
            updated.WeeklyWindows.Select(w => $"{w.DayOfWeek} {w.StartTime}-{w.EndTime}"));
        Assert.Equal(["2026-12-25 -", "2026-12-24 12:00-24:00"], updated.Exceptions.Select(x => $"{x.Date} {x.StartTime}-{x.EndTime}"));

        var cleared = await UpdateAsync(ada, []);
        Assert.Equal("\"2\"", cleared.Etag);
        Assert.Empty((await client.GetAvailabilityAsync(new GetAvailabilityRequest { Name = NameOf(ada) })).WeeklyWindows);
    }

    [Fact]
    public async Task Bad_windows_and_exceptions_are_field_violations_and_nothing_is_stored()
    {
        var ada = await NewPersonAsync("Ada");

        var bad = await Assert.ThrowsAsync<RpcException>(() => UpdateAsync(ada,
            [
                Window(DayOfWeek.Monday, "09:00", "12:00"),
                Window(DayOfWeek.Monday, "11:00", "13:00"), // overlaps [0]
                Window(DayOfWeek.Tuesday, "10:00", "10:00"), // start = end
                Window(DayOfWeek.Tuesday, "18:00", "09:00"), // start after end
                Window(DayOfWeek.Unspecified, "09:00", "10:00"),
                Window(DayOfWeek.Wednesday, "9am", "25:00"),
            ],
            [new AvailabilityException { Date = "2026-02-30" }, new AvailabilityException { Date = "2026-03-01", StartTime = "10:00" }]));
        Assert.Equal(
            [
                "availability.weekly_windows[2].end_time", "availability.weekly_windows[3].end_time",
                "availability.weekly_windows[4].day_of_week", "availability.weekly_windows[5].start_time",
                "availability.weekly_windows[5].end_time", "availability.weekly_windows[1]",
                "availability.exceptions[0].date", "availability.exceptions[1].end_time",
            ],
            ViolatedFields(bad));

        var tooMany = await Assert.ThrowsAsync<RpcException>(() => UpdateAsync(ada,
            Enumerable.Range(0, 51).Select(i => Window(Weekdays[i % 5], $"{i / 5:00}:00", $"{i / 5:00}:30")),
            Enumerable.Range(0, 201).Select(i => new AvailabilityException { Date = new DateOnly(2026, 1, 1).AddDays(i).ToString("yyyy-MM-dd") })));
        Assert.Equal(["availability.weekly_windows", "availability.exceptions"], ViolatedFields(tooMany));

        var badName = await Assert.ThrowsAsync<RpcException>(() =>
            client.UpdateAvailabilityAsync(new UpdateAvailabilityRequest { Availability = new Availability { Name = ada.Name } }).ResponseAsync);
        Assert.Equal(["availability.name"], ViolatedFields(badName));

        var stored = await client.GetAvailabilityAsync(new GetAvailabilityRequest { Name = NameOf(ada) });
        Assert.Equal("\"0\"", stored.Etag);
        Assert.Empty(stored.WeeklyWindows);
        Assert.Empty(await ChangesAsync());
    }

    [Fact]
    public async Task A_stale_etag_is_aborted_and_changes_nothing()
    {
        var ada = await NewPersonAsync("Ada");
        var first = await UpdateAsync(ada, [Window(DayOfWeek.Monday, "09:00", "17:00")], etag: "\"0\"");

        var stale = await Assert.ThrowsAsync<RpcException>(() => UpdateAsync(ada, [Window(DayOfWeek.Tuesday, "09:00", "17:00")], etag: "\"0\""));

        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        Assert.Equal(first, await client.GetAvailabilityAsync(new GetAvailabilityRequest { Name = NameOf(ada) }));
        Assert.Equal("\"2\"", (await UpdateAsync(ada, [Window(DayOfWeek.Tuesday, "09:00", "17:00")], etag: first.Etag)).Etag);
    }

    [Fact]
    public async Task Free_intervals_follow_the_persons_zone_across_a_daylight_saving_change()
    {
        // London moves to BST on Sunday 29 March 2026: 09:00-17:00 local is 09-17Z before, 08-16Z after.
        var ada = await NewPersonAsync("Ada", "Europe/London");
        await UpdateAsync(ada, Weekdays.Select(d => Window(d, "09:00", "17:00")),
            [new AvailabilityException { Date = "2026-03-25" }, new AvailabilityException { Date = "2026-03-31", StartTime = "12:00", EndTime = "13:00" }]);

        var free = await FreeAsync(ada, "2026-03-26T12:00:00Z", "2026-04-01T00:00:00Z");

        Assert.Equal("Europe/London", free.TimeZone);
        Assert.Equal(
            [
                ("2026-03-26T12:00", "2026-03-26T17:00"), ("2026-03-27T09:00", "2026-03-27T17:00"),
                ("2026-03-30T08:00", "2026-03-30T16:00"), ("2026-03-31T08:00", "2026-03-31T11:00"), ("2026-03-31T12:00", "2026-03-31T16:00"),
            ],
            Utc(free));
        Assert.DoesNotContain(Utc(await FreeAsync(ada, "2026-03-23T00:00:00Z", "2026-03-28T00:00:00Z")), i => i.Item1.StartsWith("2026-03-25"));
    }

    [Fact]
    public async Task Free_intervals_are_served_over_rest_and_a_window_in_the_gap_hour_vanishes()
    {
        // New York skips 02:00-03:00 on Sunday 8 March 2026 and repeats 01:00-02:00 on Sunday 1 November.
        var ada = await NewPersonAsync("Ada", "America/New_York");
        using var http = Service("profile").CreateHttpClient(token);
        var patched = await http.PatchAsJsonAsync($"/profile/v1/{NameOf(ada)}", new
        {
            weeklyWindows = new[] { new { dayOfWeek = "DAY_OF_WEEK_SUNDAY", startTime = "01:00", endTime = "03:00" } },
        });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);

        async Task<List<(string, string)>> RestAsync(string from, string to)
        {
            var response = await http.PostAsJsonAsync($"/profile/v1/{NameOf(ada)}:queryFreeIntervals", new { startTime = from, endTime = to });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return body.RootElement.GetProperty("intervals").EnumerateArray()
                .Select(i => (i.GetProperty("startTime").GetString()!, i.GetProperty("endTime").GetString()!)).ToList();
        }

        // Spring forward: 01:00 EST (06:00Z) until 03:00 EDT (07:00Z): one real hour; the week after, two (EDT).
        Assert.Equal([("2026-03-08T06:00:00Z", "2026-03-08T07:00:00Z"), ("2026-03-15T05:00:00Z", "2026-03-15T07:00:00Z")],
            await RestAsync("2026-03-07T00:00:00Z", "2026-03-16T00:00:00Z"));
        // Fall back: 01:00 EDT (05:00Z, the earlier) until 03:00 EST (08:00Z): three real hours.
        Assert.Equal([("2026-11-01T05:00:00Z", "2026-11-01T08:00:00Z")], await RestAsync("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z"));

        var tooLong = await http.PostAsJsonAsync($"/profile/v1/{NameOf(ada)}:queryFreeIntervals",
            new { startTime = "2026-01-01T00:00:00Z", endTime = "2026-04-03T00:00:01Z" });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("end_time", await tooLong.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_range_must_end_after_it_starts_and_span_at_most_92_days()
    {
        var ada = await NewPersonAsync("Ada");
        Assert.Equal(["end_time"], ViolatedFields(await Assert.ThrowsAsync<RpcException>(() => FreeAsync(ada, "2026-01-02T00:00:00Z", "2026-01-02T00:00:00Z"))));
        Assert.Equal(["end_time"], ViolatedFields(await Assert.ThrowsAsync<RpcException>(() => FreeAsync(ada, "2026-01-01T00:00:00Z", "2026-04-03T00:00:01Z"))));
        Assert.Empty((await FreeAsync(ada, "2026-01-01T00:00:00Z", "2026-04-03T00:00:00Z")).Intervals); // exactly 92 days, no windows
        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            client.QueryFreeIntervalsAsync(new QueryFreeIntervalsRequest { Name = NameOf(ada) }).ResponseAsync);
        Assert.Equal(["start_time", "end_time"], ViolatedFields(missing));
        var beyond = await Assert.ThrowsAsync<RpcException>(() => FreeAsync(ada, "9999-12-01T00:00:00Z", "9999-12-31T00:00:00Z"));
        Assert.Equal(["start_time", "end_time"], ViolatedFields(beyond));
    }

    [Fact]
    public async Task Unknown_people_and_other_organisations_people_are_not_found()
    {
        var ada = await NewPersonAsync("Ada");
        var globex = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.PartnerAsync(TestIdentity.Globex));
        var unknown = new Person { Name = $"people/{Guid.NewGuid()}" };

        foreach (var (c, person) in new[] { (globex, ada), (client, unknown) })
        {
            var get = await Assert.ThrowsAsync<RpcException>(() => c.GetAvailabilityAsync(new GetAvailabilityRequest { Name = NameOf(person) }).ResponseAsync);
            var update = await Assert.ThrowsAsync<RpcException>(() => c.UpdateAvailabilityAsync(new UpdateAvailabilityRequest
            {
                Availability = new Availability { Name = NameOf(person), WeeklyWindows = { Window(DayOfWeek.Monday, "09:00", "10:00") } },
            }).ResponseAsync);
            var query = await Assert.ThrowsAsync<RpcException>(() => c.QueryFreeIntervalsAsync(new QueryFreeIntervalsRequest
            {
                Name = NameOf(person),
                StartTime = Timestamp.FromDateTimeOffset(DateTimeOffset.Parse("2026-01-01T00:00:00Z")),
                EndTime = Timestamp.FromDateTimeOffset(DateTimeOffset.Parse("2026-01-08T00:00:00Z")),
            }).ResponseAsync);
            Assert.All(new[] { get, update, query }, x => Assert.Equal(StatusCode.NotFound, x.StatusCode));
        }
        Assert.Empty((await client.GetAvailabilityAsync(new GetAvailabilityRequest { Name = NameOf(ada) })).WeeklyWindows);
    }

    [Fact]
    public async Task Each_update_puts_AvailabilityChanged_with_the_new_content_in_the_outbox_and_is_audited()
    {
        var ada = await NewPersonAsync("Ada", "Asia/Kolkata");
        var first = await UpdateAsync(ada, [Window(DayOfWeek.Monday, "09:00", "17:00")]);
        var second = await UpdateAsync(ada, [Window(DayOfWeek.Tuesday, "10:00", "11:00")], [new AvailabilityException { Date = "2026-05-01" }]);

        var changes = await ChangesAsync();

        Assert.Equal([(ada.Name, first), (ada.Name, second)], changes.Select(e => (e.Person, e.Availability)));
        Assert.Equal("Asia/Kolkata", changes[1].Availability.TimeZone);
        var admin = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.AdministratorAsync());
        var audit = await admin.ListAuditRecordsAsync(new ListAuditRecordsRequest());
        Assert.Contains(audit.Records, r => r.Action.EndsWith("/UpdateAvailability") && r.Resource == NameOf(ada) && r.Outcome == "OK");
    }
}
