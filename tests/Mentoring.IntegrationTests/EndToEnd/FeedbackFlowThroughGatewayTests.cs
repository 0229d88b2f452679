using System.Net;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;

namespace Mentoring.IntegrationTests.EndToEnd;

/// <summary>
/// A relationship's whole life through the gateway only: matching publishes → the participants write
/// and sign an agreement (REST and gRPC) → matching lets the formal relationship become ACTIVE and
/// scheduling books the agreed series → a meeting is held → the mentee writes a session record and
/// answers the pulse → the relationship closes and both evaluate it, double-blind.
/// </summary>
public sealed class FeedbackFlowThroughGatewayTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private MatchingService.MatchingServiceClient Matching(string token) => new(platform.Gateway.CreateChannel(token));
    private ProfileService.ProfileServiceClient Profile(string token) => new(platform.Gateway.CreateChannel(token));
    private SchedulingService.SchedulingServiceClient Scheduling(string token) => new(platform.Gateway.CreateChannel(token));
    private FeedbackService.FeedbackServiceClient Feedback(string token) => new(platform.Gateway.CreateChannel(token));

    private static async Task<T> WhenKnownAsync<T>(string what, Func<Task<T>> call) where T : class =>
        await Eventually.Until(what, async () =>
        {
            try { return await call(); }
            catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.FailedPrecondition) { return null; }
        });

    [Fact]
    public async Task Publish_sign_book_hold_record_answer_close_and_evaluate()
    {
        var partner = await TestIdentity.PartnerAsync();
        var admin = await TestIdentity.AdministratorAsync();
        var (menteeToken, _) = await TestIdentity.CastAsync("mentee");
        var (mentorToken, _) = await TestIdentity.CastAsync("mentor");
        var (managerToken, _) = await TestIdentity.CastAsync("manager");
        var mentee = await Cast.AdoptAsync(platform.Database, Profile(partner), "mentee", Cast.Details("Mia Mentee", PersonRole.Mentee, SeniorityLevel.Junior));
        var mentor = await Cast.AdoptAsync(platform.Database, Profile(partner), "mentor", Cast.Details("Max Mentor", PersonRole.Mentor, SeniorityLevel.Senior));
        var programme = await Matching(admin).CreateProgrammeAsync(new CreateProgrammeRequest
        {
            Programme = new Programme { DisplayName = "Feedback flow", Model = MentoringModel.OneToOne, Formal = true, Rules = new ProgrammeRules { CredentialRequired = false } },
        });
        foreach (var (token, person, role) in new[] { (menteeToken, mentee, EnrolmentRole.Mentee), (mentorToken, mentor, EnrolmentRole.Mentor) })
            await WhenKnownAsync($"{person} is known", () => Matching(token).EnrolAsync(new EnrolRequest
            {
                Programme = programme.Name, Enrolment = new Enrolment { Person = person, Role = role },
            }).ResponseAsync);
        var run = await Eventually.Until("a proposal", async () =>
            await Matching(admin).RunMatchingAsync(new RunMatchingRequest { Programme = programme.Name }) is { Proposals.Count: 1 } r ? r : null);
        var relationship = Assert.Single((await Matching(admin).PublishMatchingRunAsync(new PublishMatchingRunRequest { Name = run.Name })).Relationships);
        await Matching(menteeToken).TransitionRelationshipAsync(new TransitionRelationshipRequest { Name = relationship, State = RelationshipState.Accepted });
        await Matching(mentorToken).TransitionRelationshipAsync(new TransitionRelationshipRequest { Name = relationship, State = RelationshipState.Accepted });
        foreach (var state in new[] { RelationshipState.Rapport, RelationshipState.Contracting })
            await Matching(mentorToken).TransitionRelationshipAsync(new TransitionRelationshipRequest { Name = relationship, State = state });

        // The mentee drafts the agreement over REST, as the SPA would, once feedback knows the relationship.
        using var menteeHttp = platform.Gateway.CreateHttpClient(menteeToken);
        var firstStart = DateTime.UtcNow.AddDays(7).ToString("yyyy-MM-dd") + "T09:30";
        var draft = $$$"""
            {"scope": "No performance reviews", "trust": "What we say stays between us",
             "goals": {"parties": [{"party": "{{{mentee}}}", "goals": "Lead a team"}], "alignment": "Both want Mia leading by winter"},
             "fit": {"checkIn": "Monthly", "exit": "Either may end it"},
             "logistics": {"firstStart": "{{{firstStart}}}", "timeZone": "Europe/London", "recurrence": "FREQ=WEEKLY;COUNT=4",
                           "durationMinutes": 60, "format": "MEETING_FORMAT_VIDEO", "joinUrl": "https://meet.example/mia-max", "noticeHours": 48}}
            """;
        var etag = await Eventually.Until("feedback knows the relationship and takes the draft", async () =>
        {
            using var response = await menteeHttp.PatchAsync($"/feedback/v1/{relationship}/agreement?updateMask=*",
                new StringContent(draft, Encoding.UTF8, "application/json"));
            return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("etag").GetString() : null;
        });
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            Feedback(managerToken).GetAgreementAsync(new GetAgreementRequest { Name = relationship + "/agreement" }).ResponseAsync)).StatusCode);

        // Formal: no ACTIVE before everyone signed.
        var early = await Assert.ThrowsAsync<RpcException>(() =>
            Matching(mentorToken).TransitionRelationshipAsync(new TransitionRelationshipRequest { Name = relationship, State = RelationshipState.Active }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, early.StatusCode);
        var half = await Feedback(menteeToken).SignAgreementAsync(new SignAgreementRequest { Name = relationship + "/agreement", Etag = etag });
        var signed = await Feedback(mentorToken).SignAgreementAsync(new SignAgreementRequest { Name = relationship + "/agreement", Etag = half.Etag });
        Assert.Equal(AgreementState.Signed, signed.State);

        var active = await WhenKnownAsync("matching has the signed agreement", () =>
            Matching(mentorToken).TransitionRelationshipAsync(new TransitionRelationshipRequest { Name = relationship, State = RelationshipState.Active }).ResponseAsync);
        Assert.Equal(RelationshipState.Active, active.State);
        var meetings = await Eventually.Until("scheduling booked the agreed series", async () =>
            (await Scheduling(menteeToken).ListMeetingsAsync(new ListMeetingsRequest { Relationship = relationship })).Meetings is { Count: 4 } m ? m : null);
        Assert.All(meetings, m => Assert.Equal(("https://meet.example/mia-max", mentor), (m.JoinUrl, m.Organizer)));

        // The first meeting took place.
        var first = meetings.OrderBy(m => m.StartTime).First();
        await MeetingClock.MoveIntoThePastAsync(platform.Database, first.Name, TimeSpan.FromHours(2));
        await Scheduling(menteeToken).RecordAttendanceAsync(new RecordAttendanceRequest { Name = first.Name, Held = true });

        var record = await WhenKnownAsync("feedback knows the meeting was held", () => Feedback(menteeToken).CreateSessionRecordAsync(new CreateSessionRecordRequest
        {
            Parent = relationship,
            SessionRecord = new SessionRecord { Meeting = first.Name, Topics = { "Delegation" }, SharedNotes = "Try weekly one-to-ones", PrivateNotes = "Nervous" },
        }).ResponseAsync);
        var asMentor = await Feedback(mentorToken).GetSessionRecordAsync(new GetSessionRecordRequest { Name = record.Name });
        Assert.Equal(("Try weekly one-to-ones", ""), (asMentor.SharedNotes, asMentor.PrivateNotes));
        var pulse = await Feedback(menteeToken).AnswerPulseAsync(new AnswerPulseRequest { Parent = relationship, Pulse = new Pulse { Meeting = first.Name, Rating = 5 } });
        Assert.Equal(5, pulse.Rating);

        // It ends: both evaluate, and neither sees the other's answer before both answered.
        await Matching(mentorToken).TransitionRelationshipAsync(new TransitionRelationshipRequest
        {
            Name = relationship, State = RelationshipState.Closing, CloseReason = CloseReason.GoalsMet,
        });
        await WhenKnownAsync("feedback knows it is closing", () => Feedback(menteeToken).SubmitClosingEvaluationAsync(new SubmitClosingEvaluationRequest
        {
            Parent = relationship, ClosingEvaluation = new ClosingEvaluation { Learned = "Delegating", Rating = 5, WouldRecommend = 10 },
        }).ResponseAsync);
        Assert.Empty((await Feedback(mentorToken).ListClosingEvaluationsAsync(new ListClosingEvaluationsRequest { Parent = relationship })).ClosingEvaluations);
        await Feedback(mentorToken).SubmitClosingEvaluationAsync(new SubmitClosingEvaluationRequest
        {
            Parent = relationship, ClosingEvaluation = new ClosingEvaluation { Learned = "Patience", Rating = 4, WouldRecommend = 9 },
        });
        var both = await Feedback(menteeToken).ListClosingEvaluationsAsync(new ListClosingEvaluationsRequest { Parent = relationship });
        Assert.True(both.Revealed);
        Assert.Equal(["Delegating", "Patience"], both.ClosingEvaluations.Select(e => e.Learned).Order());

        // The administrator sees what happened, never what was said.
        using var adminHttp = platform.Gateway.CreateHttpClient(admin);
        Assert.Equal(HttpStatusCode.Forbidden, (await adminHttp.GetAsync($"/feedback/v1/{relationship}/sessionRecords")).StatusCode);
    }
}
