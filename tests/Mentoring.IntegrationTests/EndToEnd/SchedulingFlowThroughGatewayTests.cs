using System.Net;
using System.Text.Json;
using Grpc.Core;
using Ical.Net;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using EventsV1 = Mentoring.Contracts.Events.V1;
using DayOfWeek = Mentoring.Contracts.Profile.V1.DayOfWeek;

namespace Mentoring.IntegrationTests.EndToEnd;

/// <summary>
/// From a published relationship to a held meeting, through the gateway only: matching publishes →
/// scheduling finds a time in the mentor's availability → the mentor books a weekly series → the
/// mentee records the first one held → <c>MeetingHeld</c> is on the event bus; the mentee's calendar
/// feed answers through the gateway without a token.
/// </summary>
public sealed class SchedulingFlowThroughGatewayTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private MatchingService.MatchingServiceClient Matching(string token) => new(platform.Gateway.CreateChannel(token));
    private ProfileService.ProfileServiceClient Profile(string token) => new(platform.Gateway.CreateChannel(token));
    private SchedulingService.SchedulingServiceClient Scheduling(string token) => new(platform.Gateway.CreateChannel(token));

    private static async Task<T> WhenKnownAsync<T>(string what, Func<Task<T>> call) where T : class =>
        await Eventually.Until(what, async () =>
        {
            try { return await call(); }
            catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.FailedPrecondition) { return null; }
        });

    [Fact]
    public async Task A_published_relationship_finds_a_time_books_a_weekly_series_and_records_it_held()
    {
        var partner = await TestIdentity.PartnerAsync();
        var admin = await TestIdentity.AdministratorAsync();
        var (menteeToken, _) = await TestIdentity.CastAsync("mentee");
        var (mentorToken, _) = await TestIdentity.CastAsync("mentor");
        var mentee = await Cast.AdoptAsync(platform.Database, Profile(partner), "mentee", Cast.Details("Mia Mentee", PersonRole.Mentee, SeniorityLevel.Junior));
        var mentor = await Cast.AdoptAsync(platform.Database, Profile(partner), "mentor", Cast.Details("Max Mentor", PersonRole.Mentor, SeniorityLevel.Senior));
        // The mentor can meet on Tuesday and Thursday mornings (Paris time); the mentee gave no windows (working hours).
        var availability = new Availability { Name = mentor + "/availability" };
        foreach (var day in new[] { DayOfWeek.Tuesday, DayOfWeek.Thursday })
            availability.WeeklyWindows.Add(new WeeklyWindow { DayOfWeek = day, StartTime = "10:00", EndTime = "12:00" });
        await Profile(mentorToken).UpdateAvailabilityAsync(new UpdateAvailabilityRequest { Availability = availability });

        var programme = await Matching(admin).CreateProgrammeAsync(new CreateProgrammeRequest
        {
            Programme = new Programme { DisplayName = "Scheduling flow", Model = MentoringModel.OneToOne, Formal = true, Rules = new ProgrammeRules { CredentialRequired = false } },
        });
        await WhenKnownAsync("the mentee is known", () => Matching(menteeToken).EnrolAsync(new EnrolRequest
        {
            Programme = programme.Name, Enrolment = new Enrolment { Person = mentee, Role = EnrolmentRole.Mentee },
        }).ResponseAsync);
        await WhenKnownAsync("the mentor is known", () => Matching(mentorToken).EnrolAsync(new EnrolRequest
        {
            Programme = programme.Name, Enrolment = new Enrolment { Person = mentor, Role = EnrolmentRole.Mentor, Capacity = 1 },
        }).ResponseAsync);
        var run = await Eventually.Until("a proposal", async () =>
            await Matching(admin).RunMatchingAsync(new RunMatchingRequest { Programme = programme.Name }) is { Proposals.Count: 1 } r ? r : null);
        var relationship = Assert.Single((await Matching(admin).PublishMatchingRunAsync(new PublishMatchingRunRequest { Name = run.Name })).Relationships);
        await Matching(menteeToken).TransitionRelationshipAsync(new TransitionRelationshipRequest { Name = relationship, State = RelationshipState.Accepted });
        await Matching(mentorToken).TransitionRelationshipAsync(new TransitionRelationshipRequest { Name = relationship, State = RelationshipState.Accepted });

        // The mentee asks for times over REST, as the SPA would.
        using var menteeHttp = platform.Gateway.CreateHttpClient(menteeToken);
        var from = DateTime.UtcNow.Date.AddDays(1);
        var body = $$"""{"endTime": "{{from.AddDays(14):yyyy-MM-ddTHH:mm:ssZ}}", "durationMinutes": 60, "granularityMinutes": 30}""";
        var slots = await Eventually.Until("scheduling knows the live relationship and the mentor's windows", async () =>
        {
            using var response = await menteeHttp.PostAsync($"/scheduling/v1/{relationship}:findMutualSlots",
                new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            if (!response.IsSuccessStatusCode) return null;
            var found = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("slots");
            var starts = found.EnumerateArray().Select(s => s.GetProperty("startTime").GetDateTime().ToUniversalTime()).ToList();
            // Only once the availability has arrived: every slot on a Tuesday or Thursday morning in Paris.
            return starts.Count > 0 && starts.All(InMentorsMornings) ? starts : null;
        });

        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var first = TimeZoneInfo.ConvertTimeFromUtc(slots[0], paris);
        var series = await Scheduling(mentorToken).CreateMeetingSeriesAsync(new CreateMeetingSeriesRequest
        {
            Series = new MeetingSeries
            {
                Relationship = relationship, FirstStart = first.ToString("yyyy-MM-ddTHH:mm"), DurationMinutes = 60,
                Recurrence = "FREQ=WEEKLY;COUNT=4", Format = MeetingFormat.Video, JoinUrl = "https://meet.example/mia-max",
            },
        });
        Assert.Equal(4, series.Meetings.Count);
        Assert.Equal("Europe/Paris", series.TimeZone);

        await MeetingClock.MoveIntoThePastAsync(platform.Database, series.Meetings[0], TimeSpan.FromHours(2));
        var held = await Scheduling(menteeToken).RecordAttendanceAsync(new RecordAttendanceRequest { Name = series.Meetings[0], Held = true });
        Assert.Equal(MeetingState.Held, held.State);

        var published = await Eventually.Until("MeetingHeld is on the event bus", async () =>
            (await EventBus.ReadAsync<EventsV1.MeetingHeld>(platform.Database)).SingleOrDefault(e => e.Meeting == series.Meetings[0]));
        Assert.Equal(relationship, published.Relationship);
        Assert.Equal(new[] { mentor, mentee }.Order(), published.Attendees.Order());

        // The calendar feed: no token, through the gateway.
        var feed = await Scheduling(menteeToken).ResetCalendarFeedAsync(new ResetCalendarFeedRequest { Name = mentee + "/calendarFeed" });
        using var anonymous = platform.Gateway.CreateHttpClient();
        using var ics = await anonymous.GetAsync(feed.UrlPath);
        Assert.Equal(HttpStatusCode.OK, ics.StatusCode);
        Assert.Equal(4, Calendar.Load(await ics.Content.ReadAsStringAsync())!.Events.Count);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/scheduling/v1/{series.Meetings[1]}")).StatusCode);
    }

    private static bool InMentorsMornings(DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
        return local.DayOfWeek is System.DayOfWeek.Tuesday or System.DayOfWeek.Thursday && local.Hour is >= 10 and < 12;
    }
}
