using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.IntegrationTests.Support;
using static Mentoring.IntegrationTests.Support.Samples;
using RelationshipState = Mentoring.Contracts.Matching.V1.RelationshipState;

namespace Mentoring.IntegrationTests.Feedback;

/// <summary>The action plan: SMART goals with milestones and tasks, changes with etags, the mentor's progress reviews.</summary>
public sealed class GoalTests() : ServicesUnderTest("feedback")
{
    private FeedbackService.FeedbackServiceClient mentor = null!, mentee = null!, manager = null!;
    private string mentorPerson = null!, menteePerson = null!, relationship = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        string token;
        (token, mentorPerson) = await TestIdentity.CastAsync("mentor");
        mentor = Client<FeedbackService.FeedbackServiceClient>("feedback", token);
        (token, menteePerson) = await TestIdentity.CastAsync("mentee");
        mentee = Client<FeedbackService.FeedbackServiceClient>("feedback", token);
        (token, _) = await TestIdentity.CastAsync("manager");
        manager = Client<FeedbackService.FeedbackServiceClient>("feedback", token);
        relationship = await new FeedbackWorld(Db).RelationshipAsync([mentorPerson], [menteePerson], RelationshipState.Active);
    }

    private CreateGoalRequest NewGoal(string requestId = "") => new()
    {
        Parent = relationship, RequestId = requestId,
        Goal = new Goal
        {
            Title = "Lead the team's planning", Measure = "Runs three sprint plannings alone", DueDate = "2027-06-30",
            Competency = $"competencies/{Guid.NewGuid()}", TargetLevel = 4,
            Milestones =
            {
                new Milestone { Title = "Shadow a planning", Owner = menteePerson },
                new Milestone { Title = "Co-lead a planning", Owner = menteePerson, DueDate = "2027-03-31" },
                new Milestone { Title = "Lead one alone" }, new Milestone { Title = "Lead three alone" },
            },
            Tasks = { new GoalTask { Text = "Read the planning guide" } },
        },
    };

    [Fact]
    public async Task Participants_set_goals_and_the_mentor_reviews_progress()
    {
        var goal = await mentee.CreateGoalAsync(NewGoal());
        Assert.Equal((menteePerson, GoalStatus.Unspecified, GoalKind.Unspecified), (goal.Owner, goal.Status, goal.Kind));
        Assert.Equal(4, goal.Milestones.Count);

        goal.Milestones[0].Done = true;
        var changed = await mentee.UpdateGoalAsync(new UpdateGoalRequest { Goal = goal, UpdateMask = new FieldMask { Paths = { "milestones" } } });
        Assert.True(changed.Milestones[0].Done);
        Assert.NotEqual(goal.Etag, changed.Etag);
        var stale = await Assert.ThrowsAsync<RpcException>(() =>
            mentor.UpdateGoalAsync(new UpdateGoalRequest { Goal = goal, UpdateMask = new FieldMask { Paths = { "title" } } }).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);

        // No percentage given: the share of milestones done.
        var reviewed = await mentor.ReviewGoalProgressAsync(new ReviewGoalProgressRequest { Name = goal.Name, Status = GoalStatus.OnTrack, Note = "Good start" });
        Assert.Equal((GoalStatus.OnTrack, 25), (reviewed.Status, reviewed.ProgressPercent));
        var achieved = await mentor.ReviewGoalProgressAsync(new ReviewGoalProgressRequest { Name = goal.Name, Status = GoalStatus.Achieved, ProgressPercent = 100 });
        Assert.Equal([(GoalStatus.OnTrack, 25, "Good start"), (GoalStatus.Achieved, 100, "")],
            achieved.Reviews.Select(r => (r.Status, r.ProgressPercent, r.Note)));
        Assert.All(achieved.Reviews, r => Assert.Equal(mentorPerson, r.Reviewer));

        var menteeReview = await Assert.ThrowsAsync<RpcException>(() =>
            mentee.ReviewGoalProgressAsync(new ReviewGoalProgressRequest { Name = goal.Name, Status = GoalStatus.Achieved }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, menteeReview.StatusCode);
        var listed = Assert.Single((await mentor.ListGoalsAsync(new ListGoalsRequest { Parent = relationship })).Goals);
        Assert.Equal((GoalStatus.Achieved, 100, "Lead the team's planning"), (listed.Status, listed.ProgressPercent, listed.Title));
    }

    [Fact]
    public async Task Executive_programmes_track_knowledge_areas_to_hand_over_and_requests_are_idempotent()
    {
        var request = NewGoal(requestId: "k-1");
        request.Goal.Kind = GoalKind.KnowledgeTransfer;
        request.Goal.Title = "Supplier negotiations";
        var first = await mentor.CreateGoalAsync(request);
        var replay = await mentor.CreateGoalAsync(request);
        Assert.Equal((first.Name, GoalKind.KnowledgeTransfer), (replay.Name, replay.Kind));
        Assert.Single((await mentee.ListGoalsAsync(new ListGoalsRequest { Parent = relationship })).Goals);
    }

    [Fact]
    public async Task Bad_input_is_refused_and_outsiders_see_nothing()
    {
        var bad = NewGoal();
        bad.Goal.Title = "";
        bad.Goal.DueDate = "June";
        bad.Goal.TargetLevel = 11;
        bad.Goal.Milestones[1].Owner = "someone";
        bad.Goal.Tasks.Add(new GoalTask());
        var e = await Assert.ThrowsAsync<RpcException>(() => mentee.CreateGoalAsync(bad).ResponseAsync);
        Assert.Equal(["goal.title", "goal.due_date", "goal.target_level", "goal.milestones[1].owner", "goal.tasks[1].text"], ViolatedFields(e));
        var stranger = NewGoal();
        stranger.Goal.Owner = $"people/{Guid.NewGuid()}";
        Assert.Equal(["goal.owner"], ViolatedFields(await Assert.ThrowsAsync<RpcException>(() => mentee.CreateGoalAsync(stranger).ResponseAsync)));
        Assert.Empty((await mentee.ListGoalsAsync(new ListGoalsRequest { Parent = relationship })).Goals);

        var outsider = await Assert.ThrowsAsync<RpcException>(() => manager.ListGoalsAsync(new ListGoalsRequest { Parent = relationship }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, outsider.StatusCode);
    }

    [Fact]
    public async Task The_goals_owner_rates_themself_before_and_after_and_nobody_else_can()
    {
        var goal = await mentor.CreateGoalAsync(NewGoal());
        Assert.Null(goal.PreAssessment);
        var early = await Assert.ThrowsAsync<RpcException>(() => mentee.AssessGoalAsync(
            new AssessGoalRequest { Name = goal.Name, Moment = AssessmentMoment.Post, Level = 7 }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, early.StatusCode);
        Assert.Equal(["level", "moment"], ViolatedFields(await Assert.ThrowsAsync<RpcException>(() => mentee.AssessGoalAsync(
            new AssessGoalRequest { Name = goal.Name, Level = 11 }).ResponseAsync)).Order());
        var notOwner = await Assert.ThrowsAsync<RpcException>(() => mentor.AssessGoalAsync(
            new AssessGoalRequest { Name = goal.Name, Moment = AssessmentMoment.Pre, Level = 3 }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, notOwner.StatusCode);
        var outsider = await Assert.ThrowsAsync<RpcException>(() => manager.AssessGoalAsync(
            new AssessGoalRequest { Name = goal.Name, Moment = AssessmentMoment.Pre, Level = 3 }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, outsider.StatusCode);

        var pre = await mentee.AssessGoalAsync(new AssessGoalRequest { Name = goal.Name, Moment = AssessmentMoment.Pre, Level = 3 });
        Assert.Equal(3, pre.PreAssessment.Level);
        Assert.NotEqual(goal.Etag, pre.Etag);
        await mentee.AssessGoalAsync(new AssessGoalRequest { Name = goal.Name, Moment = AssessmentMoment.Post, Level = 6 });
        var post = await mentee.AssessGoalAsync(new AssessGoalRequest { Name = goal.Name, Moment = AssessmentMoment.Post, Level = 8 });
        Assert.Equal((3, 8), (post.PreAssessment.Level, post.PostAssessment.Level));
        var listed = Assert.Single((await mentor.ListGoalsAsync(new ListGoalsRequest { Parent = relationship })).Goals);
        Assert.Equal((3, 8), (listed.PreAssessment.Level, listed.PostAssessment.Level));
        // Editing the goal leaves the ratings alone.
        listed.Title = "Lead planning and retros";
        var edited = await mentee.UpdateGoalAsync(new UpdateGoalRequest { Goal = listed, UpdateMask = new FieldMask { Paths = { "*" } } });
        Assert.Equal((3, 8), (edited.PreAssessment.Level, edited.PostAssessment.Level));
    }

    [Fact]
    public async Task The_mentor_outcome_is_shown_only_when_five_mentees_stand_behind_it()
    {
        var admin = await ClientAsync<FeedbackService.FeedbackServiceClient>("feedback", TestIdentity.AdministratorAsync());
        await new FeedbackWorld(Db).PersonAsync(mentorPerson, "Mentor");
        var goal = await mentee.CreateGoalAsync(NewGoal());
        await mentee.AssessGoalAsync(new AssessGoalRequest { Name = goal.Name, Moment = AssessmentMoment.Pre, Level = 2 });
        await mentee.AssessGoalAsync(new AssessGoalRequest { Name = goal.Name, Moment = AssessmentMoment.Post, Level = 7 });
        var outcome = $"{mentorPerson}/mentorOutcome";
        var few = await mentor.GetMentorOutcomeAsync(new GetMentorOutcomeRequest { Name = outcome });
        Assert.True(few.SelfAssessment.Suppressed);
        Assert.Equal((0, 0.0), (few.SelfAssessment.Goals, few.SelfAssessment.MeanChange));

        // Four more mentees of the same mentor rated a goal before and after (written as the API would, straight into the tables);
        // a goal the mentor owns does not count, nor one with only a PRE.
        var world = new FeedbackWorld(Db);
        await using (var data = Db.AdminDataSource())
        await using (var c = await data.OpenConnectionAsync())
        {
            for (var i = 0; i < 4; i++)
            {
                var other = $"people/{Guid.NewGuid()}";
                var rel = await world.RelationshipAsync([mentorPerson], [other], RelationshipState.Active);
                await SeedAssessedGoalAsync(c, rel, other, pre: 4, post: i == 0 ? 4 : 6);
            }
            await SeedAssessedGoalAsync(c, relationship, mentorPerson, pre: 1, post: 10);
            await SeedAssessedGoalAsync(c, relationship, menteePerson, pre: 5, post: null);
        }
        var five = await admin.GetMentorOutcomeAsync(new GetMentorOutcomeRequest { Name = outcome });
        Assert.False(five.SelfAssessment.Suppressed);
        // Changes 5, 0, 2, 2, 2: mean 2.2; four of five improved.
        Assert.Equal((5, 5, 2.2, 80.0), (five.SelfAssessment.Owners, five.SelfAssessment.Goals, five.SelfAssessment.MeanChange, five.SelfAssessment.ImprovedPercent));
        Assert.Equal(5, five.MinimumGroup);

        var notTheirs = await Assert.ThrowsAsync<RpcException>(() => mentee.GetMentorOutcomeAsync(new GetMentorOutcomeRequest { Name = outcome }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, notTheirs.StatusCode);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => admin.GetMentorOutcomeAsync(new GetMentorOutcomeRequest { Name = $"people/{Guid.NewGuid()}/mentorOutcome" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    private static async Task SeedAssessedGoalAsync(Npgsql.NpgsqlConnection c, string relationship, string owner, int pre, int? post)
    {
        var id = Guid.NewGuid();
        await Dapper.SqlMapper.ExecuteAsync(c,
            """
            INSERT INTO feedback.goal (tenant_id, id, relationship_id, owner_id, content) VALUES ('acme', @id, @rel, @owner, '\x00');
            INSERT INTO feedback.goal_self_assessment (tenant_id, goal_id, moment, level) VALUES ('acme', @id, 1, @pre);
            INSERT INTO feedback.goal_self_assessment (tenant_id, goal_id, moment, level) SELECT 'acme', @id, 2, @post WHERE @post IS NOT NULL;
            """, new { id, rel = FeedbackWorld.Id(relationship), owner = FeedbackWorld.Id(owner), pre = (short)pre, post = (short?)post });
    }
}
