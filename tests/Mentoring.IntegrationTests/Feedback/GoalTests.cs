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
}
