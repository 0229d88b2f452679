using System.Net;
using Grpc.Core;
using Ical.Net;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.IntegrationTests.Support;

namespace Mentoring.IntegrationTests.Scheduling;

/// <summary>Secret calendar feeds and single-meeting files: valid iCalendar, the person's own meetings, never agendas.</summary>
public sealed class CalendarFeedTests() : ServicesUnderTest("scheduling")
{
    private SchedulingWorld world = null!;
    private SchedulingService.SchedulingServiceClient partner = null!, mentor = null!, mentee = null!, admin = null!;
    private string mentorPerson = null!, menteePerson = null!, menteeToken = null!, managerToken = null!;
    private string relationship = null!;
    private static readonly DateTime Later = DateTime.UtcNow.Date.AddDays(10).AddHours(15);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        partner = Client<SchedulingService.SchedulingServiceClient>("scheduling", await TestIdentity.PartnerAsync());
        admin = Client<SchedulingService.SchedulingServiceClient>("scheduling", await TestIdentity.AdministratorAsync());
        string token;
        (token, mentorPerson) = await TestIdentity.CastAsync("mentor");
        mentor = Client<SchedulingService.SchedulingServiceClient>("scheduling", token);
        (menteeToken, menteePerson) = await TestIdentity.CastAsync("mentee");
        mentee = Client<SchedulingService.SchedulingServiceClient>("scheduling", menteeToken);
        (managerToken, _) = await TestIdentity.CastAsync("manager");
        world = new SchedulingWorld(Db, partner);
        await world.PersonAsync(mentorPerson, "Europe/Madrid");
        await world.KnownAsync(mentorPerson, withAvailability: false);
        relationship = await world.RelationshipAsync([mentorPerson], [menteePerson]);
    }

    private async Task<(HttpStatusCode Status, string Body, string? Type)> FetchAsync(string path)
    {
        using var http = Service("scheduling").CreateHttpClient();
        using var response = await http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_feed_lists_the_persons_meetings_as_valid_icalendar_and_follows_changes()
    {
        var meeting = await mentor.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, Later));
        await mentee.AddAgendaItemAsync(new AddAgendaItemRequest { Name = meeting.Name, Text = "Secret promotion plans" });
        var other = await world.RelationshipAsync([mentorPerson], [$"people/{Guid.NewGuid()}"]);
        var notMine = await partner.ProposeMeetingAsync(SchedulingWorld.Proposal(other, Later.AddDays(1)));

        var feed = await mentee.ResetCalendarFeedAsync(new ResetCalendarFeedRequest { Name = menteePerson + "/calendarFeed" });
        Assert.True(feed.Active);
        Assert.StartsWith("/scheduling/feeds/", feed.UrlPath);

        var (status, body, type) = await FetchAsync(feed.UrlPath);
        Assert.Equal((HttpStatusCode.OK, "text/calendar"), (status, type));
        Assert.DoesNotContain("Secret promotion plans", body);
        var calendar = Calendar.Load(body)!;
        var e = Assert.Single(calendar.Events);
        Assert.Equal($"{meeting.Name["meetings/".Length..]}@mentoring", e.Uid);
        Assert.Equal(Later, e.Start!.AsUtc);
        Assert.Equal("Europe/Madrid", e.Start.TzId);
        Assert.NotEmpty(calendar.TimeZones);
        Assert.DoesNotContain(notMine.Name["meetings/".Length..], body);

        await mentor.CancelMeetingAsync(new CancelMeetingRequest { Name = meeting.Name, Reason = "Ill" });
        var cancelled = Assert.Single(Calendar.Load((await FetchAsync(feed.UrlPath)).Body)!.Events);
        Assert.Equal(("CANCELLED", 1), (cancelled.Status, cancelled.Sequence));

        // The person's feed only: not shown again, not resettable by anyone else.
        Assert.Equal("", (await mentee.GetCalendarFeedAsync(new GetCalendarFeedRequest { Name = menteePerson + "/calendarFeed" })).UrlPath);
        var byAdmin = await Assert.ThrowsAsync<RpcException>(() =>
            admin.ResetCalendarFeedAsync(new ResetCalendarFeedRequest { Name = menteePerson + "/calendarFeed" }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, byAdmin.StatusCode);
        var byOther = await Assert.ThrowsAsync<RpcException>(() =>
            mentor.ResetCalendarFeedAsync(new ResetCalendarFeedRequest { Name = menteePerson + "/calendarFeed" }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, byOther.StatusCode);
    }

    [Fact]
    public async Task A_reset_or_revoked_feed_answers_404_like_any_unknown_one()
    {
        var name = menteePerson + "/calendarFeed";
        var first = await mentee.ResetCalendarFeedAsync(new ResetCalendarFeedRequest { Name = name });
        var second = await mentee.ResetCalendarFeedAsync(new ResetCalendarFeedRequest { Name = name });
        Assert.Equal(HttpStatusCode.NotFound, (await FetchAsync(first.UrlPath)).Status);
        Assert.Equal(HttpStatusCode.OK, (await FetchAsync(second.UrlPath)).Status);

        var revoked = await mentee.RevokeCalendarFeedAsync(new RevokeCalendarFeedRequest { Name = name });
        Assert.False(revoked.Active);
        Assert.Equal(HttpStatusCode.NotFound, (await FetchAsync(second.UrlPath)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await FetchAsync("/scheduling/feeds/nonsense.ics")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await FetchAsync("/scheduling/feeds/" + new string('a', 43) + ".ics")).Status);
    }

    [Fact]
    public async Task One_meetings_file_is_for_its_participants_over_rest()
    {
        var meeting = await mentor.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, Later));
        var path = $"/scheduling/v1/{meeting.Name}:ics";

        using var asMentee = Service("scheduling").CreateHttpClient(menteeToken);
        using var response = await asMentee.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var e = Assert.Single(Calendar.Load(await response.Content.ReadAsStringAsync())!.Events);
        Assert.Equal("https://meet.example/abc", e.Location);

        using var asManager = Service("scheduling").CreateHttpClient(managerToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await asManager.GetAsync(path)).StatusCode);
    }
}
