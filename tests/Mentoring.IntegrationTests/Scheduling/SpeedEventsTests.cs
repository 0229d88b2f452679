using System.Net;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Ical.Net;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Dapper;
using static Mentoring.IntegrationTests.Support.Samples;
using Proto = Mentoring.Contracts.Profile.V1;

namespace Mentoring.IntegrationTests.Scheduling;

/// <summary>Speed mentoring: a rotation plan booked with round length, changeover and breaks; tables, itineraries, .ics, no double-booking.</summary>
public sealed class SpeedEventsTests() : ServicesUnderTest("scheduling")
{
    private SchedulingWorld world = null!;
    private SchedulingService.SchedulingServiceClient admin = null!, mentee = null!, colleague = null!;
    private string m1 = null!, a = null!, colleaguePerson = null!, menteeToken = null!;
    private readonly string m2 = $"people/{Guid.NewGuid()}", b = $"people/{Guid.NewGuid()}", c = $"people/{Guid.NewGuid()}";
    private readonly string plan = $"programmes/{Guid.NewGuid()}/speedPlans/{Guid.NewGuid()}";
    private static readonly DateTime Start = DateTime.UtcNow.Date.AddDays(5).AddHours(16);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        admin = Client<SchedulingService.SchedulingServiceClient>("scheduling", await TestIdentity.AdministratorAsync());
        string token;
        (token, m1) = await TestIdentity.CastAsync("mentor");
        (menteeToken, a) = await TestIdentity.CastAsync("mentee");
        mentee = Client<SchedulingService.SchedulingServiceClient>("scheduling", menteeToken);
        (token, colleaguePerson) = await TestIdentity.CastAsync("colleague");
        colleague = Client<SchedulingService.SchedulingServiceClient>("scheduling", token);
        world = new SchedulingWorld(Db, admin);
        await world.PersonAsync(a, "Europe/Rome");

        var rotation = new SpeedRotation { Name = plan, Programme = plan[..plan.IndexOf("/speedPlans", StringComparison.Ordinal)], SessionMinutes = 15 };
        rotation.Rounds.Add(Round(1, (a, m1), (b, m2)));
        rotation.Rounds.Add(Round(2, (b, m1), (c, m2)));
        rotation.Rounds.Add(Round(3, (c, m1), (a, m2)));
        await EventBus.PublishAsync(Db, new SpeedRotationPlanned { Rotation = rotation }, "matching");
        await Eventually.True("scheduling has the plan", async () =>
        {
            await using var data = Db.AdminDataSource();
            await using var conn = await data.OpenConnectionAsync();
            return await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM scheduling.speed_plan") == 1;
        });
    }

    private static SpeedRound Round(int number, params (string Mentee, string Mentor)[] pairs)
    {
        var round = new SpeedRound { Number = number, StartTime = Timestamp.FromDateTime(Start.AddMinutes(15 * (number - 1))) };
        round.Meetings.AddRange(pairs.Select(p => new SpeedMeeting { Mentee = p.Mentee, Mentor = p.Mentor }));
        return round;
    }

    private BookSpeedEventRequest Booking() => new()
    {
        Plan = plan, StartTime = Timestamp.FromDateTime(Start), RoundMinutes = 10, ChangeoverMinutes = 2, BreakEvery = 2, BreakMinutes = 5,
        Format = Proto.MeetingFormat.InPerson, Location = "Hall A",
    };

    [Fact]
    public async Task Rounds_follow_length_changeover_and_breaks_and_each_person_gets_an_itinerary()
    {
        var booked = await admin.BookSpeedEventAsync(Booking());

        Assert.Equal([Start, Start.AddMinutes(12), Start.AddMinutes(29)], booked.Rounds.Select(r => r.StartTime.ToDateTime()));
        Assert.All(booked.Rounds, r => Assert.Equal(TimeSpan.FromMinutes(10), r.EndTime.ToDateTime() - r.StartTime.ToDateTime()));
        Assert.All(booked.Rounds.SelectMany(r => r.Conversations), x => Assert.Equal(x.Mentor == m1 ? 1 : 2, x.Table));

        var mine = await mentee.GetSpeedItineraryAsync(new GetSpeedItineraryRequest { SpeedEvent = booked.Name, Person = a });
        Assert.Equal([(m1, 1), ("", 0), (m2, 2)], mine.Entries.Select(e => (e.Partner, e.Table)));
        Assert.Equal("Table 2, Hall A", mine.Entries[2].Place);

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            colleague.GetSpeedItineraryAsync(new GetSpeedItineraryRequest { SpeedEvent = booked.Name, Person = a }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        var notIn = await Assert.ThrowsAsync<RpcException>(() =>
            colleague.GetSpeedItineraryAsync(new GetSpeedItineraryRequest { SpeedEvent = booked.Name, Person = colleaguePerson }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, notIn.StatusCode);

        using var http = Service("scheduling").CreateHttpClient(menteeToken);
        using var ics = await http.GetAsync($"/scheduling/v1/{booked.Name}/itineraries/{a}:ics");
        Assert.Equal(HttpStatusCode.OK, ics.StatusCode);
        var events = Calendar.Load(await ics.Content.ReadAsStringAsync())!.Events.OrderBy(e => e.Start!.AsUtc).ToList();
        Assert.Equal([Start, Start.AddMinutes(29)], events.Select(e => e.Start!.AsUtc));
        Assert.Equal("Europe/Rome", events[0].Start!.TzId);
    }

    [Fact]
    public async Task A_programmes_events_are_listed_latest_first_and_paged()
    {
        var programme = plan[..plan.IndexOf("/speedPlans", StringComparison.Ordinal)];
        Assert.Empty((await admin.ListSpeedEventsAsync(new ListSpeedEventsRequest { Programme = programme })).SpeedEvents); // planned, not booked
        var first = await admin.BookSpeedEventAsync(Booking());
        var later = Booking();
        later.StartTime = Timestamp.FromDateTime(Start.AddDays(7));
        var second = await admin.BookSpeedEventAsync(later);

        var page = await admin.ListSpeedEventsAsync(new ListSpeedEventsRequest { Programme = programme, PageSize = 1 });
        Assert.Equal(second, Assert.Single(page.SpeedEvents));
        var next = await admin.ListSpeedEventsAsync(new ListSpeedEventsRequest { Programme = programme, PageSize = 1, PageToken = page.NextPageToken });
        Assert.Equal(first, Assert.Single(next.SpeedEvents));
        Assert.Empty(next.NextPageToken);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() =>
            admin.ListSpeedEventsAsync(new ListSpeedEventsRequest { Programme = $"programmes/{Guid.NewGuid()}" }).ResponseAsync)).StatusCode);

        var bad = await Assert.ThrowsAsync<RpcException>(() => admin.ListSpeedEventsAsync(new ListSpeedEventsRequest
        {
            Programme = "people/1", PageSize = 51, PageToken = page.NextPageToken,
        }).ResponseAsync);
        Assert.Equal(["programme", "page_size", "page_token"], ViolatedFields(bad));
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            mentee.ListSpeedEventsAsync(new ListSpeedEventsRequest { Programme = programme }).ResponseAsync)).StatusCode);
    }

    [Fact]
    public async Task Nobody_is_double_booked_between_meetings_and_rounds()
    {
        var relationship = await world.RelationshipAsync([m1], [colleaguePerson]);
        var meeting = await admin.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, Start.AddMinutes(15), minutes: 30));

        var clash = await Assert.ThrowsAsync<RpcException>(() => admin.BookSpeedEventAsync(Booking()).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, clash.StatusCode);
        Assert.Contains(meeting.Name, clash.Status.Detail);

        await admin.CancelMeetingAsync(new CancelMeetingRequest { Name = meeting.Name, Reason = "Speed event" });
        var booked = await admin.BookSpeedEventAsync(Booking());
        var during = await Assert.ThrowsAsync<RpcException>(() =>
            admin.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, Start.AddMinutes(5))).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, during.StatusCode);
        Assert.Contains(booked.Name, during.Status.Detail);
    }

    [Fact]
    public async Task Bad_bookings_are_field_violations_and_unknown_plans_not_found()
    {
        var request = Booking();
        request.BreakMinutes = 0;
        request.ChangeoverMinutes = 31;
        request.Location = "";
        var e = await Assert.ThrowsAsync<RpcException>(() => admin.BookSpeedEventAsync(request).ResponseAsync);
        Assert.Equal(["break_minutes", "changeover_minutes", "location"], ViolatedFields(e).Order(StringComparer.Ordinal));

        var unknown = Booking();
        unknown.Plan = $"programmes/{Guid.NewGuid()}/speedPlans/{Guid.NewGuid()}";
        var missing = await Assert.ThrowsAsync<RpcException>(() => admin.BookSpeedEventAsync(unknown).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }
}
