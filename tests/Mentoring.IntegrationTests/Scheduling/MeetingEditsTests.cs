using System.Net;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Ical.Net;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using static Mentoring.IntegrationTests.Support.Samples;
using Proto = Mentoring.Contracts.Profile.V1;

namespace Mentoring.IntegrationTests.Scheduling;

/// <summary>
/// Changing how, where and under what title meetings take place: one meeting (UpdateMeeting), and a
/// series from one occurrence on or all of it (UpdateMeetingSeries) — only occurrences still to
/// come and open change, the outcome must be a valid format and place, SEQUENCE grows, and
/// <c>MeetingUpdated</c> names what changed.
/// </summary>
public sealed class MeetingEditsTests() : ServicesUnderTest("scheduling")
{
    private SchedulingWorld world = null!;
    private SchedulingService.SchedulingServiceClient partner = null!, mentor = null!;
    private string mentorToken = null!, mentorPerson = null!, menteePerson = null!, relationship = null!;

    /// <summary>A Monday at 14:00 UTC, two weeks or more ahead: far outside any notice period.</summary>
    private static readonly DateTime Later = NextMonday(DateTime.UtcNow.Date.AddDays(14)).AddHours(14);

    private static DateTime NextMonday(DateTime day)
    {
        while (day.DayOfWeek != System.DayOfWeek.Monday) day = day.AddDays(1);
        return day;
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        partner = Client<SchedulingService.SchedulingServiceClient>("scheduling", await TestIdentity.PartnerAsync());
        (mentorToken, mentorPerson) = await TestIdentity.CastAsync("mentor");
        mentor = Client<SchedulingService.SchedulingServiceClient>("scheduling", mentorToken);
        (_, menteePerson) = await TestIdentity.CastAsync("mentee");
        world = new SchedulingWorld(Db, partner);
        await world.PersonAsync(mentorPerson, "Europe/London");
        await world.PersonAsync(menteePerson, "Europe/Berlin");
        await world.KnownAsync(mentorPerson, withAvailability: false);
        relationship = await world.RelationshipAsync([mentorPerson], [menteePerson]);
    }

    private static UpdateMeetingRequest Update(Meeting meeting, params string[] paths) =>
        new() { Meeting = meeting, UpdateMask = new FieldMask { Paths = { paths } } };

    [Fact]
    public async Task A_meeting_moves_to_a_room_with_a_new_title_keeping_its_time_and_answers()
    {
        var proposed = await mentor.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, Later));

        var updated = await mentor.UpdateMeetingAsync(Update(new Meeting
        {
            Name = proposed.Name, Etag = proposed.Etag, Format = Proto.MeetingFormat.InPerson, Location = "  Room 4 Library ", Title = "Career plan",
            StartTime = Timestamp.FromDateTime(Later.AddDays(3)), // not in the mask: ignored
        }, "format", "location", "title"));

        Assert.Equal((Proto.MeetingFormat.InPerson, "Room 4 Library", "Career plan"), (updated.Format, updated.Location, updated.Title));
        Assert.Equal("https://meet.example/abc", updated.JoinUrl); // not in the mask: kept
        Assert.Equal((proposed.StartTime, proposed.EndTime, proposed.Sequence + 1), (updated.StartTime, updated.EndTime, updated.Sequence));
        Assert.NotEqual(proposed.Etag, updated.Etag);
        Assert.Equal(proposed.Attendees, updated.Attendees); // the mentor's acceptance stands
        Assert.Equal(0, updated.LateChanges);

        var e = await Eventually.Until("MeetingUpdated is published", async () =>
            (await EventBus.ReadAsync<MeetingUpdated>(Db)).SingleOrDefault(x => x.Meeting == proposed.Name));
        Assert.Equal(["format", "location", "title"], e.ChangedFields);
        Assert.Equal((Proto.MeetingFormat.InPerson, updated.Sequence, relationship), (e.Format, e.Sequence, e.Relationship));
        Assert.Equal([mentorPerson, menteePerson], e.Participants);
        Assert.Empty(await EventBus.ReadAsync<MeetingRescheduled>(Db));

        using var http = Service("scheduling").CreateHttpClient(mentorToken);
        var ics = Assert.Single(Calendar.Load(await http.GetStringAsync($"/scheduling/v1/{proposed.Name}:ics"))!.Events);
        Assert.Equal(("Room 4 Library", "Career plan", updated.Sequence), (ics.Location, ics.Summary, ics.Sequence));
    }

    [Fact]
    public async Task A_change_that_changes_nothing_writes_nothing()
    {
        var proposed = await partner.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, Later));

        var same = await partner.UpdateMeetingAsync(Update(new Meeting { Name = proposed.Name, Title = proposed.Title, Format = Proto.MeetingFormat.Video }, "title", "format"));

        Assert.Equal((proposed.Etag, proposed.Sequence), (same.Etag, same.Sequence));
        var other = await partner.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, Later.AddDays(1)));
        await partner.UpdateMeetingAsync(Update(new Meeting { Name = other.Name, Title = "Marker" }, "title"));
        await Eventually.Until("the later change is published", async () =>
            (await EventBus.ReadAsync<MeetingUpdated>(Db)).SingleOrDefault(x => x.Meeting == other.Name));
        Assert.DoesNotContain(await EventBus.ReadAsync<MeetingUpdated>(Db), x => x.Meeting == proposed.Name);
    }

    [Fact]
    public async Task Over_rest_a_patch_with_a_camel_case_mask_changes_the_link()
    {
        var proposed = await mentor.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, Later));
        using var http = Service("scheduling").CreateHttpClient(mentorToken);

        using var response = await http.PatchAsync($"/scheduling/v1/{proposed.Name}?updateMask=joinUrl",
            new StringContent("""{"joinUrl": "https://meet.example/room-2"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await mentor.GetMeetingAsync(new GetMeetingRequest { Name = proposed.Name });
        Assert.Equal(("https://meet.example/room-2", proposed.Sequence + 1), (stored.JoinUrl, stored.Sequence));
    }

    public static TheoryData<string, Proto.MeetingFormat, string, string, string> BadChanges() => new()
    {
        { "format", Proto.MeetingFormat.InPerson, "", "", "meeting.location" },      // in person needs a place
        { "format,join_url", Proto.MeetingFormat.Video, "", "", "meeting.join_url" }, // video needs a link
        { "join_url", Proto.MeetingFormat.Unspecified, "", "http://meet.example/x", "meeting.join_url" },
        { "format", Proto.MeetingFormat.Unspecified, "", "", "meeting.format" },
        { "location", Proto.MeetingFormat.Unspecified, new string('x', 501), "", "meeting.location" },
        { "start_time", Proto.MeetingFormat.Unspecified, "", "", "update_mask" },
        { "", Proto.MeetingFormat.Unspecified, "", "", "update_mask" },
        { "*,title", Proto.MeetingFormat.Unspecified, "", "", "update_mask" },
    };

    [Theory]
    [MemberData(nameof(BadChanges))]
    public async Task Bad_changes_name_the_field_and_change_nothing(string mask, Proto.MeetingFormat format, string location, string joinUrl, string field)
    {
        var proposed = await partner.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, Later));

        var e = await Assert.ThrowsAsync<RpcException>(() => partner.UpdateMeetingAsync(Update(
            new Meeting { Name = proposed.Name, Format = format, Location = location, JoinUrl = joinUrl },
            mask.Split(',', StringSplitOptions.RemoveEmptyEntries))).ResponseAsync);

        Assert.Contains(field, ViolatedFields(e));
        var stored = await partner.GetMeetingAsync(new GetMeetingRequest { Name = proposed.Name });
        Assert.Equal((proposed.Etag, proposed.Format, proposed.JoinUrl), (stored.Etag, stored.Format, stored.JoinUrl));
    }

    [Fact]
    public async Task A_stale_etag_a_cancelled_meeting_and_a_started_one_are_refused()
    {
        var proposed = await partner.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, Later));
        await partner.UpdateMeetingAsync(Update(new Meeting { Name = proposed.Name, Title = "First" }, "title"));
        var stale = await Assert.ThrowsAsync<RpcException>(() =>
            partner.UpdateMeetingAsync(Update(new Meeting { Name = proposed.Name, Etag = proposed.Etag, Title = "Second" }, "title")).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);

        var cancelled = await partner.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, Later.AddDays(1)));
        await partner.CancelMeetingAsync(new CancelMeetingRequest { Name = cancelled.Name, Reason = "Ill" });
        var started = await partner.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, Later.AddDays(2)));
        await world.MoveIntoThePastAsync(started.Name, TimeSpan.FromMinutes(10));
        foreach (var name in new[] { cancelled.Name, started.Name })
        {
            var e = await Assert.ThrowsAsync<RpcException>(() =>
                partner.UpdateMeetingAsync(Update(new Meeting { Name = name, Title = "Too late" }, "title")).ResponseAsync);
            Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        }
        var unknown = await Assert.ThrowsAsync<RpcException>(() =>
            partner.UpdateMeetingAsync(Update(new Meeting { Name = $"meetings/{Guid.NewGuid()}", Title = "x" }, "title")).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("First", (await partner.GetMeetingAsync(new GetMeetingRequest { Name = proposed.Name })).Title);
    }

    // --- Series ---

    private async Task<MeetingSeries> WeeklyAsync(int count) => await partner.CreateMeetingSeriesAsync(new CreateMeetingSeriesRequest
    {
        Series = new MeetingSeries
        {
            Relationship = relationship, FirstStart = $"{Later:yyyy-MM-dd}T10:00", DurationMinutes = 45, Recurrence = $"FREQ=WEEKLY;COUNT={count}",
            Format = Proto.MeetingFormat.Phone, Title = "Weekly",
        },
    });

    private static UpdateMeetingSeriesRequest SeriesUpdate(MeetingSeries series, SeriesScope scope, string from, params string[] paths) => new()
    {
        Series = series, UpdateMask = new FieldMask { Paths = { paths } }, Scope = scope, FromMeeting = from,
    };

    private async Task<List<Meeting>> MeetingsAsync(IEnumerable<string> names) =>
        [.. await Task.WhenAll(names.Select(async m => await partner.GetMeetingAsync(new GetMeetingRequest { Name = m })))];

    [Fact]
    public async Task All_changes_the_occurrences_to_come_and_leaves_past_and_cancelled_ones()
    {
        var series = await WeeklyAsync(4);
        await world.MoveIntoThePastAsync(series.Meetings[0], TimeSpan.FromDays(1));
        await partner.CancelMeetingAsync(new CancelMeetingRequest { Name = series.Meetings[1], Reason = "Holiday" });
        var before = await MeetingsAsync(series.Meetings);

        var updated = await partner.UpdateMeetingSeriesAsync(SeriesUpdate(
            new MeetingSeries { Name = series.Name, Format = Proto.MeetingFormat.Video, JoinUrl = "https://meet.example/weekly" },
            SeriesScope.All, "", "format", "join_url"));

        Assert.Equal(series.Name, updated.Name);
        Assert.Equal(series.Meetings, updated.Meetings);
        Assert.Equal((Proto.MeetingFormat.Video, "https://meet.example/weekly", "Weekly"), (updated.Format, updated.JoinUrl, updated.Title));
        var after = await MeetingsAsync(series.Meetings);
        Assert.Equal([Proto.MeetingFormat.Phone, Proto.MeetingFormat.Phone, Proto.MeetingFormat.Video, Proto.MeetingFormat.Video], after.Select(m => m.Format));
        Assert.Equal(before.Select(m => m.Etag).Take(2), after.Select(m => m.Etag).Take(2));
        Assert.Equal(before.Select(m => m.Sequence + 1).Skip(2), after.Select(m => m.Sequence).Skip(2));
        Assert.Equal(before.Select(m => m.StartTime), after.Select(m => m.StartTime));

        var events = await Eventually.Until("two MeetingUpdated", async () => (await EventBus.ReadAsync<MeetingUpdated>(Db)) is { Count: 2 } all ? all : null);
        Assert.Equal(series.Meetings.Skip(2).Order(), events.Select(e => e.Meeting).Order());
        Assert.All(events, e => Assert.Equal(["format", "join_url"], e.ChangedFields));
    }

    [Fact]
    public async Task This_and_following_splits_the_series_and_the_new_one_carries_the_new_place()
    {
        var series = await WeeklyAsync(4);

        var split = await mentor.UpdateMeetingSeriesAsync(SeriesUpdate(
            new MeetingSeries { Name = series.Name, Format = Proto.MeetingFormat.InPerson, Location = "Room 7", Title = "Weekly, in person" },
            SeriesScope.ThisAndFollowing, series.Meetings[2], "*"));

        Assert.NotEqual(series.Name, split.Name);
        Assert.Equal(series.Meetings.Skip(2), split.Meetings);
        Assert.Equal((Proto.MeetingFormat.InPerson, "Room 7", "Weekly, in person"), (split.Format, split.Location, split.Title));
        Assert.Equal($"{Later.AddDays(14):yyyy-MM-dd}T10:00", split.FirstStart);
        Assert.Equal("FREQ=WEEKLY;COUNT=2", split.Recurrence);
        var rest = await partner.GetMeetingSeriesAsync(new GetMeetingSeriesRequest { Name = series.Name });
        Assert.Equal(series.Meetings.Take(2), rest.Meetings);
        Assert.Equal((Proto.MeetingFormat.Phone, "Weekly"), (rest.Format, rest.Title));

        var meetings = await MeetingsAsync(series.Meetings);
        Assert.Equal(["Weekly", "Weekly", "Weekly, in person", "Weekly, in person"], meetings.Select(m => m.Title));
        Assert.Equal([series.Name, series.Name, split.Name, split.Name], meetings.Select(m => m.Series));
        Assert.All(meetings.Skip(2), m => Assert.Equal(("Room 7", 1), (m.Location, m.Sequence)));

        // The occurrences keep their places in the new series: a later scope works on it.
        var last = await partner.UpdateMeetingSeriesAsync(SeriesUpdate(new MeetingSeries { Name = split.Name, Location = "Room 8" },
            SeriesScope.ThisAndFollowing, series.Meetings[3], "location"));
        Assert.Equal([series.Meetings[3]], last.Meetings);
        Assert.Equal("Room 7", (await partner.GetMeetingAsync(new GetMeetingRequest { Name = series.Meetings[2] })).Location);
        Assert.Equal("Room 8", (await partner.GetMeetingAsync(new GetMeetingRequest { Name = series.Meetings[3] })).Location);
    }

    [Fact]
    public async Task Bad_series_changes_name_the_field_split_nothing_and_change_nothing()
    {
        var series = await WeeklyAsync(3);
        var before = await MeetingsAsync(series.Meetings);

        var noPlace = await Assert.ThrowsAsync<RpcException>(() => partner.UpdateMeetingSeriesAsync(SeriesUpdate(
            new MeetingSeries { Name = series.Name, Format = Proto.MeetingFormat.InPerson }, SeriesScope.ThisAndFollowing, series.Meetings[1], "format")).ResponseAsync);
        Assert.Equal(["series.location"], ViolatedFields(noPlace));
        var noScope = await Assert.ThrowsAsync<RpcException>(() => partner.UpdateMeetingSeriesAsync(SeriesUpdate(
            new MeetingSeries { Name = series.Name, Title = "x" }, SeriesScope.Unspecified, "", "title")).ResponseAsync);
        Assert.Equal(["scope"], ViolatedFields(noScope));
        var notUpdatable = await Assert.ThrowsAsync<RpcException>(() => partner.UpdateMeetingSeriesAsync(SeriesUpdate(
            new MeetingSeries { Name = series.Name, Recurrence = "FREQ=DAILY;COUNT=2" }, SeriesScope.All, "", "recurrence")).ResponseAsync);
        Assert.Equal(["update_mask"], ViolatedFields(notUpdatable));
        var foreign = await partner.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, Later.AddDays(1)));
        var notOurs = await Assert.ThrowsAsync<RpcException>(() => partner.UpdateMeetingSeriesAsync(SeriesUpdate(
            new MeetingSeries { Name = series.Name, Title = "x" }, SeriesScope.ThisAndFollowing, foreign.Name, "title")).ResponseAsync);
        Assert.Equal(["from_meeting"], ViolatedFields(notOurs));

        Assert.Equal(series.Meetings, (await partner.GetMeetingSeriesAsync(new GetMeetingSeriesRequest { Name = series.Name })).Meetings);
        Assert.Equal(before.Select(m => m.Etag), (await MeetingsAsync(series.Meetings)).Select(m => m.Etag));
        Assert.Empty(await EventBus.ReadAsync<MeetingUpdated>(Db));

        await partner.CancelMeetingSeriesAsync(new CancelMeetingSeriesRequest { Name = series.Name, Scope = SeriesScope.All, Reason = "Paused" });
        var nothingLeft = await Assert.ThrowsAsync<RpcException>(() => partner.UpdateMeetingSeriesAsync(SeriesUpdate(
            new MeetingSeries { Name = series.Name, Title = "x" }, SeriesScope.All, "", "title")).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, nothingLeft.StatusCode);
    }
}
