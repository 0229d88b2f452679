using Dapper;
using Grpc.Core;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.EndToEnd;

/// <summary>
/// The administrator-run flow through the gateway: people in profile → a programme → enrolments →
/// a run with explanations → review (reject, pin) → publish → the participants, and only they, see and
/// accept their relationship and move it through its phases → a no-fault exit with a rematch.
/// </summary>
public sealed class MatchingFlowThroughGatewayTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private MatchingService.MatchingServiceClient Matching(string token) => new(platform.Gateway.CreateChannel(token));
    private ProfileService.ProfileServiceClient Profile(string token) => new(platform.Gateway.CreateChannel(token));

    private static Person Detailed(string name, PersonRole role, SeniorityLevel seniority) => Cast.Details(name, role, seniority);

    private async Task<string> AdoptAsync(string role, Person details, string partner) =>
        await Cast.AdoptAsync(platform.Database, Profile(partner), role, details);

    private static async Task<T> WhenKnownAsync<T>(string what, Func<Task<T>> call) where T : class =>
        await Eventually.Until(what, async () =>
        {
            try { return await call(); }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { return null; }
        });

    [Fact]
    public async Task An_administrator_runs_reviews_and_publishes_and_only_the_participants_see_and_move_their_relationship()
    {
        var partner = await TestIdentity.PartnerAsync();
        var admin = Matching(await TestIdentity.AdministratorAsync());
        var (menteeToken, _) = await TestIdentity.CastAsync("mentee");
        var (mentorToken, _) = await TestIdentity.CastAsync("mentor");
        var (managerToken, _) = await TestIdentity.CastAsync("manager");
        var (colleagueToken, _) = await TestIdentity.CastAsync("colleague");

        var mentee = await AdoptAsync("mentee", Detailed("Mia Mentee", PersonRole.Mentee, SeniorityLevel.Junior), partner);
        var mentor = await AdoptAsync("mentor", Detailed("Max Mentor", PersonRole.Mentor, SeniorityLevel.Senior), partner);
        var manager = await AdoptAsync("manager", Detailed("Mo Manager", PersonRole.Mentor, SeniorityLevel.Principal), partner);
        await AdoptAsync("colleague", Detailed("Cy Colleague", PersonRole.Mentee, SeniorityLevel.Junior), partner);
        await Profile(partner).SetLineManagerAsync(new SetLineManagerRequest { Name = mentee, LineManager = manager });
        var grace = (await Profile(partner).RegisterPersonAsync(Register(Detailed("Grace Other", PersonRole.Mentor, SeniorityLevel.Senior)))).Name;

        var programme = await admin.CreateProgrammeAsync(new CreateProgrammeRequest
        {
            Programme = new Programme
            {
                DisplayName = "Engineering mentoring 2027", Model = MentoringModel.OneToOne, Formal = true,
                Rules = new ProgrammeRules { CredentialRequired = false },
            },
        });
        Assert.Equal(MatchingMode.Both, programme.MatchingMode);
        Assert.False(programme.Rules.CredentialRequired);
        Assert.Equal(1, programme.Rules.GroupSizeMax);

        // People enrol themselves; the administrator enrols the others. Matching learns of people from
        // profile's events, so an enrolment may have to wait for the projection.
        await WhenKnownAsync("the mentee is known", () => Matching(menteeToken).EnrolAsync(new EnrolRequest
        {
            Programme = programme.Name, Enrolment = new Enrolment { Person = mentee, Role = EnrolmentRole.Mentee, Goals = "Lead a team" },
        }).ResponseAsync);
        await WhenKnownAsync("the mentor is known", () => Matching(mentorToken).EnrolAsync(new EnrolRequest
        {
            Programme = programme.Name, Enrolment = new Enrolment { Person = mentor, Role = EnrolmentRole.Mentor, Capacity = 1 },
        }).ResponseAsync);
        foreach (var other in new[] { manager, grace })
            await WhenKnownAsync($"{other} is known", () => admin.EnrolAsync(new EnrolRequest
            {
                Programme = programme.Name, Enrolment = new Enrolment { Person = other, Role = EnrolmentRole.Mentor },
            }).ResponseAsync);
        // A mentee cannot enrol someone else.
        var notSelf = await Assert.ThrowsAsync<RpcException>(() => Matching(menteeToken).EnrolAsync(new EnrolRequest
        {
            Programme = programme.Name, Enrolment = new Enrolment { Person = grace, Role = EnrolmentRole.Mentor },
        }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, notSelf.StatusCode);

        // The line manager is never proposed; the run explains each score.
        var run = await Eventually.Until("the line is known to matching", async () =>
        {
            var r = await admin.RunMatchingAsync(new RunMatchingRequest { Programme = programme.Name });
            return r.Proposals.Count == 1 && r.Proposals[0].Mentor != manager ? r : null;
        });
        var proposal = Assert.Single(run.Proposals);
        Assert.Equal(mentee, proposal.Mentee);
        Assert.Contains(proposal.Mentor, new[] { mentor, grace });
        Assert.Equal(proposal.Score, proposal.Factors.Sum(f => f.Points), 1);
        Assert.All(proposal.Factors, f => Assert.NotEmpty(f.Explanation));
        Assert.Empty(run.Unmatched);
        Assert.Equal(MatchingRunState.InReview, run.State);

        // Nothing is visible to participants before publishing.
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
            Matching(menteeToken).GetMatchingRunAsync(new GetMatchingRunRequest { Name = run.Name }).ResponseAsync)).StatusCode);
        Assert.Empty((await Matching(menteeToken).ListRelationshipsAsync(new ListRelationshipsRequest { Programme = programme.Name })).Relationships);

        // Review: forbid the proposed pair, then force the mentor the reviewer wants.
        var rejected = await admin.ReviewMatchingRunAsync(new ReviewMatchingRunRequest { Name = run.Name, Action = ReviewAction.Reject, Mentee = mentee, Mentor = proposal.Mentor });
        Assert.NotEqual(proposal.Mentor, Assert.Single(rejected.Proposals).Mentor);
        var pinned = await admin.ReviewMatchingRunAsync(new ReviewMatchingRunRequest { Name = run.Name, Action = ReviewAction.Pin, Mentee = mentee, Mentor = mentor });
        Assert.Equal((mentor, true), (Assert.Single(pinned.Proposals).Mentor, pinned.Proposals[0].Pinned));
        var badPin = await Assert.ThrowsAsync<RpcException>(() => admin.ReviewMatchingRunAsync(
            new ReviewMatchingRunRequest { Name = run.Name, Action = ReviewAction.Pin, Mentee = mentee }).ResponseAsync);
        Assert.Equal(["mentor"], ViolatedFields(badPin));

        var published = await admin.PublishMatchingRunAsync(new PublishMatchingRunRequest { Name = run.Name });
        Assert.Equal(MatchingRunState.Published, published.State);
        var relationshipName = Assert.Single(published.Relationships);
        Assert.Equal(published.Relationships, (await admin.PublishMatchingRunAsync(new PublishMatchingRunRequest { Name = run.Name })).Relationships);

        // Participants see it; the mentee's line manager and a colleague do not, whatever they try.
        var seen = Assert.Single((await Matching(menteeToken).ListRelationshipsAsync(new ListRelationshipsRequest { Programme = programme.Name })).Relationships);
        Assert.Equal((relationshipName, RelationshipState.Proposed), (seen.Name, seen.State));
        Assert.Equal([mentor], seen.Mentors);
        foreach (var outsider in new[] { managerToken, colleagueToken })
        {
            Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() =>
                Matching(outsider).GetRelationshipAsync(new GetRelationshipRequest { Name = relationshipName }).ResponseAsync)).StatusCode);
            Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => Matching(outsider).TransitionRelationshipAsync(
                new TransitionRelationshipRequest { Name = relationshipName, State = RelationshipState.Closed, CloseReason = CloseReason.NoFit }).ResponseAsync)).StatusCode);
            Assert.Empty((await Matching(outsider).ListRelationshipsAsync(new ListRelationshipsRequest { Programme = programme.Name })).Relationships);
            Assert.Empty((await Matching(outsider).ListRelationshipsAsync(new ListRelationshipsRequest { Programme = programme.Name, Person = mentee })).Relationships);
        }

        // Both accept; the phases follow; a step out of order is refused and changes nothing.
        var afterMentee = await Matching(menteeToken).TransitionRelationshipAsync(new TransitionRelationshipRequest { Name = relationshipName, State = RelationshipState.Accepted });
        Assert.Equal((RelationshipState.Proposed, 1), (afterMentee.State, afterMentee.AcceptedBy.Count));
        var accepted = await Matching(mentorToken).TransitionRelationshipAsync(new TransitionRelationshipRequest { Name = relationshipName, State = RelationshipState.Accepted });
        Assert.Equal(RelationshipState.Accepted, accepted.State);
        var skip = await Assert.ThrowsAsync<RpcException>(() => Matching(mentorToken).TransitionRelationshipAsync(
            new TransitionRelationshipRequest { Name = relationshipName, State = RelationshipState.Active }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, skip.StatusCode);
        var stale = await Assert.ThrowsAsync<RpcException>(() => Matching(mentorToken).TransitionRelationshipAsync(
            new TransitionRelationshipRequest { Name = relationshipName, State = RelationshipState.Rapport, Etag = afterMentee.Etag }).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        await Matching(mentorToken).TransitionRelationshipAsync(new TransitionRelationshipRequest { Name = relationshipName, State = RelationshipState.Rapport, Etag = accepted.Etag });

        // The no-fault way out, with a rematch: the mentee's best other mentor, never the manager, never the ended pair.
        var closed = await Matching(menteeToken).TransitionRelationshipAsync(new TransitionRelationshipRequest
        {
            Name = relationshipName, State = RelationshipState.Closed, CloseReason = CloseReason.NoFit, Note = "Not the right fit.", Rematch = true,
        });
        Assert.Equal((RelationshipState.Closed, CloseReason.NoFit), (closed.State, closed.CloseReason));
        Assert.Equal([RelationshipState.Proposed, RelationshipState.Accepted, RelationshipState.Rapport, RelationshipState.Closed],
            closed.History.Select(h => h.State));
        Assert.Equal("Not the right fit.", closed.History[^1].Note);
        // What the participants wrote stays theirs: the administrator sees the change, not the words.
        var byAdmin = await admin.GetRelationshipAsync(new GetRelationshipRequest { Name = relationshipName });
        Assert.Equal((RelationshipState.Closed, ""), (byAdmin.History[^1].State, byAdmin.History[^1].Note));
        var rematch = Assert.Single((await Matching(menteeToken).ListRelationshipsAsync(
            new ListRelationshipsRequest { Programme = programme.Name, State = RelationshipState.Proposed })).Relationships);
        Assert.Equal([grace], rematch.Mentors);
        Assert.Equal(relationshipName, rematch.RematchOf);

        // Every change is an event for the other services, and an audited administrative record.
        await using var data = platform.Database.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        var envelopes = await c.QueryAsync<string>("SELECT envelope::text FROM matching.outbox WHERE topic = 'matching.relationship-state-changed' ORDER BY position");
        var events = envelopes.Select(e => (Mentoring.Contracts.Events.V1.RelationshipStateChanged)Mentoring.BuildingBlocks.Events.CloudEvent.FromJson(e).ParseData())
            .Where(e => e.Relationship == relationshipName || e.Relationship == rematch.Name).ToList();
        Assert.Equal([RelationshipState.Proposed, RelationshipState.Accepted, RelationshipState.Rapport, RelationshipState.Closed, RelationshipState.Proposed],
            events.Select(e => e.State));
        // Each carries the programme's model, for the aggregates by model downstream.
        Assert.All(events, e => Assert.Equal(MentoringModel.OneToOne, e.Model));
        var audit = await admin.ListAuditRecordsAsync(new Mentoring.Contracts.Matching.V1.ListAuditRecordsRequest { PageSize = 100 });
        Assert.Contains(audit.Records, r => r.Action.EndsWith("/PublishMatchingRun") && r.Resource == run.Name);
        Assert.Contains(audit.Records, r => r.Action.EndsWith("/TransitionRelationship") && r.Resource == relationshipName && r.ActorKind == "person");
    }

    [Fact]
    public async Task The_admin_spa_creates_and_runs_a_programme_over_rest()
    {
        using var http = platform.Gateway.CreateHttpClient(await TestIdentity.AdministratorAsync());
        var created = await http.PostAsync("/matching/v1/programmes", new StringContent(
            """{"displayName": "Group 2027", "model": "MENTORING_MODEL_GROUP", "rules": {"credentialRequired": false}}""",
            System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.OK, created.StatusCode);
        var programme = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(4, programme.GetProperty("rules").GetProperty("groupSizeMin").GetInt32());
        var name = programme.GetProperty("name").GetString();

        var run = await http.PostAsync($"/matching/v1/{name}/runs", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.OK, run.StatusCode);
        var body = System.Text.Json.JsonDocument.Parse(await run.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("MATCHING_RUN_STATE_IN_REVIEW", body.GetProperty("state").GetString());

        var bad = await http.PostAsync("/matching/v1/programmes", new StringContent(
            """{"displayName": "", "model": "MENTORING_MODEL_GROUP", "rules": {"groupSizeMin": 7, "groupSizeMax": 4}}""",
            System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("programme.display_name", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_mentee_asks_for_a_mentor_through_the_gateway_and_sees_the_relationship_once_accepted()
    {
        var partner = await TestIdentity.PartnerAsync();
        var admin = Matching(await TestIdentity.AdministratorAsync());
        var (menteeToken, _) = await TestIdentity.CastAsync("colleague");
        var mentee = await AdoptAsync("colleague", Detailed("Cy Colleague", PersonRole.Mentee, SeniorityLevel.Junior), partner);
        var mentor = (await Profile(partner).RegisterPersonAsync(Register(Detailed("Rita Requested", PersonRole.Mentor, SeniorityLevel.Senior)))).Name;
        var programme = await admin.CreateProgrammeAsync(new CreateProgrammeRequest
        {
            Programme = new Programme
            {
                DisplayName = "Ask a mentor", Model = MentoringModel.OneToOne, MatchingMode = MatchingMode.MenteeRequests,
                Rules = new ProgrammeRules { CredentialRequired = false },
            },
        });
        foreach (var (person, role) in new[] { (mentee, EnrolmentRole.Mentee), (mentor, EnrolmentRole.Mentor) })
            await WhenKnownAsync($"{person} enrolled", () => admin.EnrolAsync(new EnrolRequest
            {
                Programme = programme.Name, Enrolment = new Enrolment { Person = person, Role = role },
            }).ResponseAsync);

        var suggestions = await Matching(menteeToken).ListSuggestionsAsync(new ListSuggestionsRequest { Programme = programme.Name, Mentee = mentee });
        Assert.Equal(mentor, Assert.Single(suggestions.Suggestions).Mentor);
        var asked = await Matching(menteeToken).RequestMentorsAsync(new RequestMentorsRequest { Programme = programme.Name, Mentee = mentee, Mentors = { mentor } });
        var accepted = await admin.RespondToMentorRequestAsync(new RespondToMentorRequestRequest { Name = asked.Requests[0].Name, Accept = true });

        var mine = await Matching(menteeToken).GetRelationshipAsync(new GetRelationshipRequest { Name = accepted.Relationship });
        Assert.Equal((RelationshipState.Accepted, programme.Name), (mine.State, mine.Programme));
        Assert.Equal([mentor], mine.Mentors);
    }
}
