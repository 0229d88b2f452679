using Dapper;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using static Mentoring.IntegrationTests.Support.Samples;
using Proto = Mentoring.Contracts.Profile.V1;

namespace Mentoring.IntegrationTests.Scheduling;

/// <summary>A signed agreement's logistics: scheduling books the series as the lead mentor, once, and keeps the agreed notice period.</summary>
public sealed class AgreementSeriesTests() : ServicesUnderTest("scheduling")
{
    private SchedulingWorld world = null!;
    private SchedulingService.SchedulingServiceClient partner = null!;
    private readonly string mentor = $"people/{Guid.NewGuid()}", mentee = $"people/{Guid.NewGuid()}";
    private string relationship = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        partner = Client<SchedulingService.SchedulingServiceClient>("scheduling", await TestIdentity.PartnerAsync());
        world = new SchedulingWorld(Db, partner);
        await world.PersonAsync(mentor, "Europe/London");
        await world.PersonAsync(mentee, "Europe/Berlin");
        await world.KnownAsync(mentor, withAvailability: false);
        relationship = await world.RelationshipAsync([mentor], [mentee]);
    }

    private AgreementSigned Signed(int version, string firstStart, int noticeHours = 48) => new()
    {
        Relationship = relationship, Version = version, Signatories = { mentor, mentee }, SignTime = Timestamp.FromDateTime(DateTime.UtcNow),
        Logistics = new AgreementLogistics
        {
            FirstStart = firstStart, TimeZone = "Europe/London", Recurrence = "FREQ=WEEKLY;COUNT=6", DurationMinutes = 45,
            Format = Proto.MeetingFormat.Video, JoinUrl = "https://meet.example/agreed", NoticeHours = noticeHours,
        },
    };

    private static string InDays(int days) => DateTime.UtcNow.AddDays(days).ToString("yyyy-MM-dd") + "T10:00";

    private async Task<List<string>> OutcomesAsync()
    {
        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        return (await c.QueryAsync<string>("SELECT outcome FROM scheduling.agreement_booking ORDER BY version")).ToList();
    }

    [Fact]
    public async Task The_series_of_a_signed_agreement_is_booked_once_as_the_lead_mentor()
    {
        await EventBus.PublishAsync(Db, Signed(1, InDays(10)), "feedback");
        var meetings = await Eventually.Until("the agreed series is booked", async () =>
            (await partner.ListMeetingsAsync(new ListMeetingsRequest { Relationship = relationship })).Meetings is { Count: 6 } m ? m : null);
        Assert.All(meetings, m => Assert.Equal((mentor, Proto.MeetingFormat.Video, "https://meet.example/agreed", 45.0),
            (m.Organizer, m.Format, m.JoinUrl, (m.EndTime.ToDateTime() - m.StartTime.ToDateTime()).TotalMinutes)));
        Assert.Single(meetings.Select(m => m.Series).Distinct());

        // A later version does not book a second series over the first.
        await EventBus.PublishAsync(Db, Signed(2, InDays(20)), "feedback");
        var outcomes = await Eventually.Until("version 2 is handled", async () => await OutcomesAsync() is { Count: 2 } o ? o : null);
        Assert.StartsWith("booked meetingSeries/", outcomes[0]);
        Assert.Contains("version 1 already booked", outcomes[1]);
        Assert.Equal(6, (await partner.ListMeetingsAsync(new ListMeetingsRequest { Relationship = relationship })).Meetings.Count);
    }

    [Fact]
    public async Task The_agreed_notice_period_replaces_the_default()
    {
        var meeting = await partner.ProposeMeetingAsync(SchedulingWorld.Proposal(relationship, DateTime.UtcNow.AddHours(30)));
        await EventBus.PublishAsync(Db, Signed(1, InDays(10), noticeHours: 48), "feedback");
        await Eventually.Until("the agreement is handled", async () => await OutcomesAsync() is { Count: 1 } o ? o : null);

        // 30 hours ahead is outside the default 24 hours but inside the agreed 48: a note is required.
        var e = await Assert.ThrowsAsync<RpcException>(() =>
            partner.CancelMeetingAsync(new CancelMeetingRequest { Name = meeting.Name, Reason = "Travel" }).ResponseAsync);
        Assert.Equal(["note"], ViolatedFields(e));
        Assert.Contains("48 hours", e.Status.Detail);
    }

    [Fact]
    public async Task A_series_that_cannot_be_booked_is_an_outcome_not_a_failed_delivery()
    {
        await EventBus.PublishAsync(Db, Signed(1, "2020-01-06T10:00"), "feedback");
        var outcome = Assert.Single(await Eventually.Until("the agreement is handled", async () => await OutcomesAsync() is { Count: 1 } o ? o : null));
        Assert.StartsWith("not booked:", outcome);
        Assert.Contains("future", outcome);
        Assert.Equal(0, await world.MeetingsStoredAsync());
    }
}
