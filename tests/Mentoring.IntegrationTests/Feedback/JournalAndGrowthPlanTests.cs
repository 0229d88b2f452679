using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using static Mentoring.IntegrationTests.Support.Samples;
using RelationshipState = Mentoring.Contracts.Matching.V1.RelationshipState;

namespace Mentoring.IntegrationTests.Feedback;

/// <summary>Reflective journals and growth plans: their author's alone, shared with a relationship only by choice.</summary>
public sealed class JournalAndGrowthPlanTests() : ServicesUnderTest("feedback")
{
    private FeedbackWorld world = null!;
    private FeedbackService.FeedbackServiceClient mentor = null!, mentee = null!, manager = null!, admin = null!;
    private string mentorPerson = null!, menteePerson = null!, relationship = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        world = new FeedbackWorld(Db);
        string token;
        (token, mentorPerson) = await TestIdentity.CastAsync("mentor");
        mentor = Client<FeedbackService.FeedbackServiceClient>("feedback", token);
        (token, menteePerson) = await TestIdentity.CastAsync("mentee");
        mentee = Client<FeedbackService.FeedbackServiceClient>("feedback", token);
        (token, _) = await TestIdentity.CastAsync("manager");
        manager = Client<FeedbackService.FeedbackServiceClient>("feedback", token);
        admin = Client<FeedbackService.FeedbackServiceClient>("feedback", await TestIdentity.AdministratorAsync());
        relationship = await world.RelationshipAsync([mentorPerson], [menteePerson], RelationshipState.Active, $"programmes/{Guid.NewGuid()}");
    }

    [Fact]
    public async Task A_journal_entry_is_private_until_its_author_shares_it_with_a_relationship()
    {
        var entry = await mentee.CreateJournalEntryAsync(new CreateJournalEntryRequest
        {
            Parent = menteePerson, JournalEntry = new JournalEntry { Prompt = "What dilemma did you face?", Body = "Loyalty to my team against the deadline" },
        });
        Assert.Equal(("", menteePerson), (entry.SharedWith, entry.Author));
        Assert.Empty((await mentor.ListSharedJournalEntriesAsync(new ListSharedJournalEntriesRequest { Parent = relationship })).JournalEntries);
        foreach (var outsider in new[] { mentor, manager, admin })
            Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
                outsider.ListJournalEntriesAsync(new ListJournalEntriesRequest { Parent = menteePerson }).ResponseAsync)).StatusCode);

        var shared = await mentee.ShareJournalEntryAsync(new ShareJournalEntryRequest { Name = entry.Name, Relationship = relationship });
        Assert.Equal(relationship, shared.SharedWith);
        var seen = Assert.Single((await mentor.ListSharedJournalEntriesAsync(new ListSharedJournalEntriesRequest { Parent = relationship })).JournalEntries);
        Assert.Equal("Loyalty to my team against the deadline", seen.Body);

        await mentee.ShareJournalEntryAsync(new ShareJournalEntryRequest { Name = entry.Name });
        Assert.Empty((await mentor.ListSharedJournalEntriesAsync(new ListSharedJournalEntriesRequest { Parent = relationship })).JournalEntries);
        var foreign = await Assert.ThrowsAsync<RpcException>(() => mentee.ShareJournalEntryAsync(
            new ShareJournalEntryRequest { Name = entry.Name, Relationship = $"relationships/{Guid.NewGuid()}" }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, foreign.StatusCode);
        var empty = await Assert.ThrowsAsync<RpcException>(() => mentee.CreateJournalEntryAsync(
            new CreateJournalEntryRequest { Parent = menteePerson, JournalEntry = new JournalEntry { Body = " " } }).ResponseAsync);
        Assert.Equal(["journal_entry.body"], ViolatedFields(empty));
    }

    [Fact]
    public async Task Programmes_have_default_reflection_prompts_that_administrators_replace()
    {
        var name = (await world.ProgrammeOfAsync(relationship)) + "/reflectionPrompts";
        var defaults = await mentee.GetReflectionPromptsAsync(new GetReflectionPromptsRequest { Name = name });
        Assert.True(defaults.Defaults);
        Assert.Contains(defaults.Prompts, p => p.Contains("dilemma"));

        var own = new ReflectionPrompts { Name = name, Prompts = { "What surprised you?", "Where did you hesitate?" } };
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            mentee.UpdateReflectionPromptsAsync(new UpdateReflectionPromptsRequest { ReflectionPrompts = own }).ResponseAsync)).StatusCode);
        await admin.UpdateReflectionPromptsAsync(new UpdateReflectionPromptsRequest { ReflectionPrompts = own });
        var now = await mentor.GetReflectionPromptsAsync(new GetReflectionPromptsRequest { Name = name });
        Assert.Equal((false, 2), (now.Defaults, now.Prompts.Count));
    }

    [Fact]
    public async Task A_growth_plan_is_read_by_a_relationship_only_while_shared_with_it()
    {
        var name = menteePerson + "/growthPlan";
        var empty = await mentee.GetGrowthPlanAsync(new GetGrowthPlanRequest { Name = name });
        Assert.Equal("\"0\"", empty.Etag);

        var plan = await mentee.UpdateGrowthPlanAsync(new UpdateGrowthPlanRequest
        {
            GrowthPlan = new GrowthPlan { Name = name, Objectives = "Become a team lead", CareerExpectations = "Management track", SharedWith = { relationship } },
            UpdateMask = new FieldMask { Paths = { "*" } },
        });
        Assert.Equal([relationship], plan.SharedWith);
        var seen = Assert.Single((await mentor.ListSharedGrowthPlansAsync(new ListSharedGrowthPlansRequest { Parent = relationship })).GrowthPlans);
        Assert.Equal(("Become a team lead", name), (seen.Objectives, seen.Name));

        await mentee.UpdateGrowthPlanAsync(new UpdateGrowthPlanRequest
        {
            GrowthPlan = new GrowthPlan { Name = name, Etag = plan.Etag }, UpdateMask = new FieldMask { Paths = { "shared_with" } },
        });
        Assert.Empty((await mentor.ListSharedGrowthPlansAsync(new ListSharedGrowthPlansRequest { Parent = relationship })).GrowthPlans);
        Assert.Equal("Become a team lead", (await mentee.GetGrowthPlanAsync(new GetGrowthPlanRequest { Name = name })).Objectives);

        foreach (var outsider in new[] { mentor, manager, admin })
            Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
                outsider.GetGrowthPlanAsync(new GetGrowthPlanRequest { Name = name }).ResponseAsync)).StatusCode);
        var stale = await Assert.ThrowsAsync<RpcException>(() => mentee.UpdateGrowthPlanAsync(new UpdateGrowthPlanRequest
        {
            GrowthPlan = new GrowthPlan { Name = name, Etag = plan.Etag, Objectives = "x" }, UpdateMask = new FieldMask { Paths = { "objectives" } },
        }).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        var notMine = await Assert.ThrowsAsync<RpcException>(() => mentee.UpdateGrowthPlanAsync(new UpdateGrowthPlanRequest
        {
            GrowthPlan = new GrowthPlan { Name = name, SharedWith = { $"relationships/{Guid.NewGuid()}" } }, UpdateMask = new FieldMask { Paths = { "shared_with" } },
        }).ResponseAsync);
        Assert.Equal(["growth_plan.shared_with"], ViolatedFields(notMine));
    }

    [Fact]
    public async Task The_growth_plan_shows_the_competency_gaps_profile_last_assessed()
    {
        string lead = $"competencies/{Guid.NewGuid()}", talk = $"competencies/{Guid.NewGuid()}", done = $"competencies/{Guid.NewGuid()}";
        var now = DateTime.UtcNow;
        async Task AssessedAsync(string competency, int current, int target, DateTime at, string person)
        {
            await EventBus.PublishAsync(Db, new Mentoring.Contracts.Events.V1.CompetencyAssessed
            {
                Person = person, Competency = competency, CurrentLevel = current, TargetLevel = target, AssessTime = Timestamp.FromDateTime(at),
            }, "profile");
        }
        await AssessedAsync(lead, 2, 5, now.AddDays(-2), menteePerson);
        await AssessedAsync(talk, 3, 4, now.AddDays(-1), menteePerson);
        await AssessedAsync(done, 4, 4, now, menteePerson);
        await AssessedAsync(lead, 9, 10, now, mentorPerson);
        // A newer assessment raised the level; an older one delivered late changes nothing.
        await AssessedAsync(talk, 4, 4, now, menteePerson);
        await AssessedAsync(talk, 1, 4, now.AddDays(-3), menteePerson);

        await Eventually.True("feedback handled all six assessments", async () =>
        {
            await using var data = Db.AdminDataSource();
            await using var c = await data.OpenConnectionAsync();
            return await Dapper.SqlMapper.ExecuteScalarAsync<long>(c, "SELECT count(*) FROM feedback.inbox WHERE subscriber = 'competency-assessments'") == 6;
        });
        var name = $"{menteePerson}/growthPlan";
        var plan = await mentee.GetGrowthPlanAsync(new GetGrowthPlanRequest { Name = name });
        Assert.Single(plan.CompetencyTargets);
        Assert.Equal((lead, 2, 5), (plan.CompetencyTargets[0].Competency, plan.CompetencyTargets[0].CurrentLevel, plan.CompetencyTargets[0].TargetLevel));
        Assert.Equal("\"0\"", plan.Etag);

        // Shared with the relationship, the mentor sees the same gaps; before that, nothing.
        Assert.Empty((await mentor.ListSharedGrowthPlansAsync(new ListSharedGrowthPlansRequest { Parent = relationship })).GrowthPlans);
        await mentee.UpdateGrowthPlanAsync(new UpdateGrowthPlanRequest
        {
            GrowthPlan = new GrowthPlan { Name = name, SharedWith = { relationship } }, UpdateMask = new FieldMask { Paths = { "shared_with" } },
        });
        var seen = Assert.Single((await mentor.ListSharedGrowthPlansAsync(new ListSharedGrowthPlansRequest { Parent = relationship })).GrowthPlans);
        Assert.Equal([lead], seen.CompetencyTargets.Select(t => t.Competency));
    }
}

