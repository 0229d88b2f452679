using Dapper;
using Grpc.Core;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using static Mentoring.IntegrationTests.Support.Samples;
using RelationshipState = Mentoring.Contracts.Matching.V1.RelationshipState;

namespace Mentoring.IntegrationTests.Feedback;

/// <summary>Pulses, fit checks, at-risk detection and the double-blind closing evaluation.</summary>
public sealed class SurveyTests() : ServicesUnderTest("feedback")
{
    private FeedbackWorld world = null!;
    private FeedbackService.FeedbackServiceClient mentor = null!, mentee = null!, admin = null!;
    private string mentorPerson = null!, menteePerson = null!, relationship = null!;

    protected override IReadOnlyDictionary<string, string?>? SettingsOf(string service) =>
        new Dictionary<string, string?> { ["Feedback:HealthSweepSeconds"] = "1" };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        world = new FeedbackWorld(Db);
        string token;
        (token, mentorPerson) = await TestIdentity.CastAsync("mentor");
        mentor = Client<FeedbackService.FeedbackServiceClient>("feedback", token);
        (token, menteePerson) = await TestIdentity.CastAsync("mentee");
        mentee = Client<FeedbackService.FeedbackServiceClient>("feedback", token);
        admin = Client<FeedbackService.FeedbackServiceClient>("feedback", await TestIdentity.AdministratorAsync());
        relationship = await world.RelationshipAsync([mentorPerson], [menteePerson], RelationshipState.Active);
    }

    private AnswerPulseRequest Pulse(string meeting, int rating, string comment = "") =>
        new() { Parent = relationship, Pulse = new Pulse { Meeting = meeting, Rating = rating, Comment = comment } };

    private Task<IReadOnlyList<RelationshipAtRisk>> AtRiskAsync() => EventBus.ReadAsync<RelationshipAtRisk>(Db);

    [Fact]
    public async Task Attendees_answer_the_pulse_once_and_see_only_their_own_answers()
    {
        var meeting = await world.HeldMeetingAsync(relationship, [mentorPerson], TimeSpan.FromHours(1), absent: [menteePerson]);

        var answered = await mentor.AnswerPulseAsync(Pulse(meeting, 4, "Useful session"));
        Assert.Equal((4, "Useful session", mentorPerson), (answered.Rating, answered.Comment, answered.Respondent));
        var absent = await Assert.ThrowsAsync<RpcException>(() => mentee.AnswerPulseAsync(Pulse(meeting, 2)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, absent.StatusCode);
        var twice = await Assert.ThrowsAsync<RpcException>(() => mentor.AnswerPulseAsync(Pulse(meeting, 5)).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, twice.StatusCode);
        var bad = await Assert.ThrowsAsync<RpcException>(() => mentor.AnswerPulseAsync(Pulse("meetings/x", 6)).ResponseAsync);
        Assert.Equal(["pulse.meeting", "pulse.rating"], ViolatedFields(bad));

        Assert.Single((await mentor.ListPulsesAsync(new ListPulsesRequest { Parent = relationship })).Pulses);
        Assert.Empty((await mentee.ListPulsesAsync(new ListPulsesRequest { Parent = relationship })).Pulses);
    }

    [Fact]
    public async Task Two_missed_meetings_put_the_relationship_at_risk_and_a_held_one_makes_it_healthy_again()
    {
        await world.MissedMeetingAsync(relationship, [mentorPerson, menteePerson], TimeSpan.FromDays(8));
        Assert.Equal(0, await world.QueuedAsync<RelationshipAtRisk>());
        await world.MissedMeetingAsync(relationship, [mentorPerson, menteePerson], TimeSpan.FromDays(1));

        var atRisk = await Eventually.Until("RelationshipAtRisk is published", async () => (await AtRiskAsync()).SingleOrDefault());
        Assert.Equal(relationship, atRisk.Relationship);
        Assert.Equal([RiskReason.MissedTwice], atRisk.Reasons);

        await world.HeldMeetingAsync(relationship, [mentorPerson, menteePerson], TimeSpan.FromHours(2));
        var healthy = await Eventually.Until("RelationshipHealthy is published", async () =>
            (await EventBus.ReadAsync<RelationshipHealthy>(Db)).SingleOrDefault());
        Assert.Equal(relationship, healthy.Relationship);
    }

    [Fact]
    public async Task A_fit_check_falls_due_after_thirty_days_and_not_working_opens_the_no_fault_exit()
    {
        Assert.Empty((await mentee.ListFitChecksAsync(new ListFitChecksRequest { Parent = relationship })).FitChecks);
        var early = await Assert.ThrowsAsync<RpcException>(() => mentee.AnswerFitCheckAsync(
            new AnswerFitCheckRequest { Name = relationship + "/fitChecks/1", Answer = FitAnswer.Working }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, early.StatusCode);

        await world.BecameActiveAgoAsync(relationship, TimeSpan.FromDays(31));
        await world.HeldMeetingAsync(relationship, [mentorPerson, menteePerson], TimeSpan.FromHours(2));
        var due = Assert.Single((await mentee.ListFitChecksAsync(new ListFitChecksRequest { Parent = relationship })).FitChecks);
        Assert.Equal((relationship + "/fitChecks/1", FitAnswer.Unspecified, 0, 2), (due.Name, due.Answer, due.Answered, due.Participants));

        var answer = await mentee.AnswerFitCheckAsync(new AnswerFitCheckRequest { Name = due.Name, Answer = FitAnswer.NotWorking, Comment = "We never agree" });
        Assert.Equal((FitAnswer.NotWorking, "We never agree", 1), (answer.Answer, answer.Comment, answer.Answered));
        Assert.Contains($"{relationship}:transition", answer.NoFaultExit);

        // The other participant sees that someone answered, never what.
        var seenByMentor = Assert.Single((await mentor.ListFitChecksAsync(new ListFitChecksRequest { Parent = relationship })).FitChecks);
        Assert.Equal((FitAnswer.Unspecified, "", 1), (seenByMentor.Answer, seenByMentor.Comment, seenByMentor.Answered));
        var atRisk = await Eventually.Until("RelationshipAtRisk is published", async () => (await AtRiskAsync()).SingleOrDefault());
        Assert.Equal([RiskReason.FitCheckNo], atRisk.Reasons);
    }

    [Fact]
    public async Task The_sweeper_notices_weeks_without_a_meeting()
    {
        await world.BecameActiveAgoAsync(relationship, TimeSpan.FromDays(22));
        await using (var data = Db.AdminDataSource())
        await using (var c = await data.OpenConnectionAsync())
            await c.ExecuteAsync("UPDATE feedback.health_check_due SET due_at = now() - interval '1 second'");

        var atRisk = await Eventually.Until("the sweeper publishes RelationshipAtRisk", async () => (await AtRiskAsync()).SingleOrDefault());
        Assert.Equal([RiskReason.NoRecentMeeting], atRisk.Reasons);
    }

    [Fact]
    public async Task Closing_evaluations_are_double_blind()
    {
        var notYet = await Assert.ThrowsAsync<RpcException>(() => mentee.SubmitClosingEvaluationAsync(Evaluation(4, 9)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, notYet.StatusCode);
        await world.StateAsync(relationship, [mentorPerson], [menteePerson], RelationshipState.Closing, version: 2);

        await mentee.SubmitClosingEvaluationAsync(Evaluation(4, 9, "How to delegate"));
        var mentorBefore = await mentor.ListClosingEvaluationsAsync(new ListClosingEvaluationsRequest { Parent = relationship });
        Assert.Empty(mentorBefore.ClosingEvaluations);
        Assert.False(mentorBefore.Revealed);
        var menteeOwn = await mentee.ListClosingEvaluationsAsync(new ListClosingEvaluationsRequest { Parent = relationship });
        Assert.Equal(["How to delegate"], menteeOwn.ClosingEvaluations.Select(e => e.Learned));

        await mentor.SubmitClosingEvaluationAsync(Evaluation(5, 10, "Patience"));
        var after = await mentor.ListClosingEvaluationsAsync(new ListClosingEvaluationsRequest { Parent = relationship });
        Assert.True(after.Revealed);
        Assert.Equal(["How to delegate", "Patience"], after.ClosingEvaluations.Select(e => e.Learned).Order());
        var twice = await Assert.ThrowsAsync<RpcException>(() => mentor.SubmitClosingEvaluationAsync(Evaluation(5, 10)).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, twice.StatusCode);
        var bad = await Assert.ThrowsAsync<RpcException>(() => mentor.SubmitClosingEvaluationAsync(Evaluation(0, 11)).ResponseAsync);
        Assert.Equal(["closing_evaluation.rating", "closing_evaluation.would_recommend"], ViolatedFields(bad));
    }

    private SubmitClosingEvaluationRequest Evaluation(int rating, int recommend, string learned = "") =>
        new() { Parent = relationship, ClosingEvaluation = new ClosingEvaluation { Rating = rating, WouldRecommend = recommend, Learned = learned } };

    [Fact]
    public async Task Programme_metrics_suppress_every_figure_from_fewer_than_five_people()
    {
        var programme = $"programmes/{Guid.NewGuid()}";
        var pairs = new List<(string Relationship, string Mentor, string Mentee)>();
        for (var i = 0; i < 3; i++)
        {
            string mentorOf = $"people/{Guid.NewGuid()}", menteeOf = $"people/{Guid.NewGuid()}";
            pairs.Add((await world.RelationshipAsync([mentorOf], [menteeOf], RelationshipState.Active, programme), mentorOf, menteeOf));
        }
        // Pulses by the cast's mentee and mentor in their own relationship of the programme: two people.
        var ours = await world.RelationshipAsync([mentorPerson], [menteePerson], RelationshipState.Active, programme);
        var meeting = await world.HeldMeetingAsync(ours, [mentorPerson, menteePerson], TimeSpan.FromHours(1));
        await mentee.AnswerPulseAsync(new AnswerPulseRequest { Parent = ours, Pulse = new Pulse { Meeting = meeting, Rating = 5 } });
        await mentor.AnswerPulseAsync(new AnswerPulseRequest { Parent = ours, Pulse = new Pulse { Meeting = meeting, Rating = 3 } });

        var metrics = await admin.GetProgrammeMetricsAsync(new GetProgrammeMetricsRequest { Name = programme + "/metrics" });
        Assert.Equal(4, metrics.Relationships); // eight people stand behind the count
        Assert.True(metrics.Pulse.Suppressed);
        Assert.Equal(0, metrics.Pulse.Respondents);
        Assert.True(metrics.Nps.Suppressed);

        // Three more respondents (written as scheduling and people would, straight into the projection) make five.
        await using (var data = Db.AdminDataSource())
        await using (var c = await data.OpenConnectionAsync())
            foreach (var (r, m, _) in pairs)
                await c.ExecuteAsync(
                    "INSERT INTO feedback.pulse (tenant_id, id, relationship_id, meeting_id, respondent_id, rating, comment) VALUES ('acme', @id, @rel, @meeting, @person, 2, '\\x00')",
                    new { id = Guid.NewGuid(), rel = FeedbackWorld.Id(r), meeting = Guid.NewGuid(), person = FeedbackWorld.Id(m) });
        metrics = await admin.GetProgrammeMetricsAsync(new GetProgrammeMetricsRequest { Name = programme + "/metrics" });
        Assert.False(metrics.Pulse.Suppressed);
        Assert.Equal((5, 5, 2.8), (metrics.Pulse.Respondents, metrics.Pulse.Answers, metrics.Pulse.Mean));

        var outsider = await Assert.ThrowsAsync<RpcException>(() => mentee.GetProgrammeMetricsAsync(new GetProgrammeMetricsRequest { Name = programme + "/metrics" }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, outsider.StatusCode);
    }

    [Fact]
    public async Task Metrics_of_every_programme_narrow_to_one_model_and_keep_k_anonymity()
    {
        // Three group relationships across two programmes (six people), two peer ones (four people).
        for (var i = 0; i < 3; i++)
            await world.RelationshipAsync([$"people/{Guid.NewGuid()}"], [$"people/{Guid.NewGuid()}"], RelationshipState.Active,
                $"programmes/{Guid.NewGuid()}", Mentoring.Contracts.Matching.V1.MentoringModel.Group);
        for (var i = 0; i < 2; i++)
            await world.RelationshipAsync([$"people/{Guid.NewGuid()}"], [$"people/{Guid.NewGuid()}"], RelationshipState.Active,
                model: Mentoring.Contracts.Matching.V1.MentoringModel.Peer);

        var group = await admin.GetProgrammeMetricsAsync(new GetProgrammeMetricsRequest { Name = "programmes/-/metrics", Model = Mentoring.Contracts.Matching.V1.MentoringModel.Group });
        Assert.Equal((3, Mentoring.Contracts.Matching.V1.MentoringModel.Group), (group.Relationships, group.Model));
        // Four people: the count is suppressed (0), not shown.
        var peer = await admin.GetProgrammeMetricsAsync(new GetProgrammeMetricsRequest { Name = "programmes/-/metrics", Model = Mentoring.Contracts.Matching.V1.MentoringModel.Peer });
        Assert.Equal(0, peer.Relationships);
        // Every programme and model: these five and the class's own one-to-one relationship.
        Assert.Equal(6, (await admin.GetProgrammeMetricsAsync(new GetProgrammeMetricsRequest { Name = "programmes/-/metrics" })).Relationships);

        var none = await Assert.ThrowsAsync<RpcException>(() => admin.GetProgrammeMetricsAsync(
            new GetProgrammeMetricsRequest { Name = "programmes/-/metrics", Model = Mentoring.Contracts.Matching.V1.MentoringModel.Speed }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, none.StatusCode);
        var bad = await Assert.ThrowsAsync<RpcException>(() => admin.GetProgrammeMetricsAsync(
            new GetProgrammeMetricsRequest { Name = "programmes/*/metrics", Model = (Mentoring.Contracts.Matching.V1.MentoringModel)99 }).ResponseAsync);
        Assert.Equal(["name", "model"], ViolatedFields(bad));
    }
}

