using Dapper;
using Grpc.Core;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Matching;

/// <summary>Mentee-initiated matching: suggestions, requests in priority order, redirecting declines, acceptance, expiry.</summary>
public sealed class MentorRequestsTests() : ServicesUnderTest("profile", "matching")
{
    private MatchingService.MatchingServiceClient admin = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        admin = await ClientAsync<MatchingService.MatchingServiceClient>("matching", TestIdentity.AdministratorAsync());
    }

    private MatchingService.MatchingServiceClient As(string token) => Client<MatchingService.MatchingServiceClient>("matching", token);

    private async Task<(Programme Programme, string Mentee, string Mentor, string Grace, string Colleague)> SetUpAsync(MatchingMode mode = MatchingMode.MenteeRequests)
    {
        var partner = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.PartnerAsync());
        var mentee = await Cast.AdoptAsync(Db, partner, "mentee", Cast.Details("Mia", PersonRole.Mentee, SeniorityLevel.Junior));
        var mentor = await Cast.AdoptAsync(Db, partner, "mentor", Cast.Details("Max", PersonRole.Mentor, SeniorityLevel.Senior));
        var colleague = await Cast.AdoptAsync(Db, partner, "colleague", Cast.Details("Cy", PersonRole.Mentor, SeniorityLevel.Senior));
        var grace = (await partner.RegisterPersonAsync(Register(Cast.Details("Grace", PersonRole.Mentor, SeniorityLevel.Senior)))).Name;
        var programme = await admin.CreateProgrammeAsync(new CreateProgrammeRequest
        {
            Programme = new Programme
            {
                DisplayName = "Ask a mentor", Model = MentoringModel.OneToOne, MatchingMode = mode,
                Rules = new ProgrammeRules { CredentialRequired = false, MaxRequestsPerMentee = 2 },
            },
        });
        foreach (var (person, role) in new[] { (mentee, EnrolmentRole.Mentee), (mentor, EnrolmentRole.Mentor), (grace, EnrolmentRole.Mentor), (colleague, EnrolmentRole.Mentor) })
            await Eventually.Until($"{person} enrolled", async () =>
            {
                try { return await admin.EnrolAsync(new EnrolRequest { Programme = programme.Name, Enrolment = new Enrolment { Person = person, Role = role } }); }
                catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { return null; }
            });
        return (programme, mentee, mentor, grace, colleague);
    }

    [Fact]
    public async Task People_enrolled_see_only_the_programmes_mentors_without_their_goals()
    {
        var (programme, _, mentor, grace, colleague) = await SetUpAsync();
        var partner = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.PartnerAsync());
        var ida = (await partner.RegisterPersonAsync(Register(Cast.Details("Ida", PersonRole.Mentor, SeniorityLevel.Senior)))).Name;
        await Eventually.Until("Ida enrolled", async () =>
        {
            try { return await admin.EnrolAsync(new EnrolRequest { Programme = programme.Name, Enrolment = new Enrolment { Person = ida, Role = EnrolmentRole.Mentor, Goals = "Grow as a coach" } }); }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { return null; }
        });
        var (menteeToken, _) = await TestIdentity.CastAsync("mentee");
        var (outsiderToken, _) = await TestIdentity.CastAsync("manager"); // not enrolled

        var mentors = await As(menteeToken).ListEnrolmentsAsync(new ListEnrolmentsRequest { Programme = programme.Name, Role = EnrolmentRole.Mentor });
        Assert.Equal([mentor, grace, colleague, ida], mentors.Enrolments.Select(e => e.Person));
        Assert.All(mentors.Enrolments, e => Assert.Equal(("", EnrolmentRole.Mentor), (e.Goals, e.Role)));
        Assert.Equal(["Max", "Grace", "Cy", "Ida"], mentors.Enrolments.Select(e => e.DisplayName));

        // Narrowed, not refused: asking for everyone gives the mentors; the mentees and other programmes' people are never shown.
        var everyone = await As(menteeToken).ListEnrolmentsAsync(new ListEnrolmentsRequest { Programme = programme.Name });
        Assert.Equal([mentor, grace, colleague, ida], everyone.Enrolments.Select(e => e.Person));
        Assert.Empty((await As(menteeToken).ListEnrolmentsAsync(new ListEnrolmentsRequest { Programme = programme.Name, Role = EnrolmentRole.Mentee })).Enrolments);
        Assert.Empty((await As(outsiderToken).ListEnrolmentsAsync(new ListEnrolmentsRequest { Programme = programme.Name, Role = EnrolmentRole.Mentor })).Enrolments);
        var all = await admin.ListEnrolmentsAsync(new ListEnrolmentsRequest { Programme = programme.Name });
        Assert.Equal("Grow as a coach", all.Enrolments.Single(e => e.Person == ida).Goals);
    }

    [Fact]
    public async Task A_mentee_asks_in_priority_order_a_decline_redirects_and_an_acceptance_withdraws_the_rest()
    {
        var (programme, mentee, mentor, grace, colleague) = await SetUpAsync();
        var (menteeToken, _) = await TestIdentity.CastAsync("mentee");
        var (mentorToken, _) = await TestIdentity.CastAsync("mentor");
        var (colleagueToken, _) = await TestIdentity.CastAsync("colleague");

        var suggestions = await As(menteeToken).ListSuggestionsAsync(new ListSuggestionsRequest { Programme = programme.Name, Mentee = mentee });
        Assert.Equal(3, suggestions.Suggestions.Count);
        Assert.All(suggestions.Suggestions, s => Assert.Equal(s.Score, s.Factors.Sum(f => f.Points), 1));

        var tooMany = await Assert.ThrowsAsync<RpcException>(() => As(menteeToken).RequestMentorsAsync(new RequestMentorsRequest
        {
            Programme = programme.Name, Mentee = mentee, Mentors = { mentor, grace, colleague },
        }).ResponseAsync);
        Assert.Equal(["mentors"], ViolatedFields(tooMany));
        var asked = await As(menteeToken).RequestMentorsAsync(new RequestMentorsRequest
        {
            Programme = programme.Name, Mentee = mentee, Mentors = { mentor, grace }, Message = "I want to lead a team.",
        });
        Assert.Equal([(mentor, 1), (grace, 2)], asked.Requests.Select(r => (r.Mentor, r.Priority)));
        Assert.All(asked.Requests, r => Assert.Equal(MentorRequestState.Pending, r.State));
        Assert.NotNull(asked.Requests[0].ExpireTime);

        // Only the mentor asked answers; a bare refusal is not an answer.
        var outsider = await Assert.ThrowsAsync<RpcException>(() => As(colleagueToken).RespondToMentorRequestAsync(
            new RespondToMentorRequestRequest { Name = asked.Requests[0].Name, Accept = true }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, outsider.StatusCode);
        var bare = await Assert.ThrowsAsync<RpcException>(() => As(mentorToken).RespondToMentorRequestAsync(
            new RespondToMentorRequestRequest { Name = asked.Requests[0].Name, Accept = false }).ResponseAsync);
        Assert.Equal(["suggested_mentor"], ViolatedFields(bare));
        var declined = await As(mentorToken).RespondToMentorRequestAsync(new RespondToMentorRequestRequest
        {
            Name = asked.Requests[0].Name, Accept = false, SuggestedMentor = grace, Note = "Grace knows this far better.",
        });
        Assert.Equal((MentorRequestState.Declined, grace), (declined.State, declined.SuggestedMentor));

        // Grace accepts (an administrator answering for her): the pair is accepted by both; other requests are withdrawn.
        var accepted = await admin.RespondToMentorRequestAsync(new RespondToMentorRequestRequest { Name = asked.Requests[1].Name, Accept = true });
        Assert.Equal(MentorRequestState.Accepted, accepted.State);
        var relationship = await As(menteeToken).GetRelationshipAsync(new GetRelationshipRequest { Name = accepted.Relationship });
        Assert.Equal((RelationshipState.Accepted, 2), (relationship.State, relationship.AcceptedBy.Count));
        Assert.Equal([grace], relationship.Mentors);

        var mine = await As(menteeToken).ListMentorRequestsAsync(new ListMentorRequestsRequest { Programme = programme.Name });
        Assert.Equal(2, mine.Requests.Count);
        Assert.Contains(mine.Requests, r => r.ResponseNote == "Grace knows this far better.");
        var seenByAdmin = await admin.ListMentorRequestsAsync(new ListMentorRequestsRequest { Programme = programme.Name });
        Assert.All(seenByAdmin.Requests, r => Assert.Equal(("", ""), (r.Message, r.ResponseNote)));
        var first = await As(menteeToken).ListMentorRequestsAsync(new ListMentorRequestsRequest { Programme = programme.Name, PageSize = 1 });
        var second = await As(menteeToken).ListMentorRequestsAsync(new ListMentorRequestsRequest { Programme = programme.Name, PageSize = 1, PageToken = first.NextPageToken });
        Assert.Equal(mine.Requests.Select(r => r.Name), first.Requests.Concat(second.Requests).Select(r => r.Name));
        Assert.Empty(second.NextPageToken);
        var foreign = await Assert.ThrowsAsync<RpcException>(() => As(menteeToken).ListMentorRequestsAsync(
            new ListMentorRequestsRequest { Programme = $"programmes/{Guid.NewGuid()}", PageToken = first.NextPageToken }).ResponseAsync);
        Assert.Equal(["page_token"], ViolatedFields(foreign));
        Assert.Empty((await As(colleagueToken).ListMentorRequestsAsync(new ListMentorRequestsRequest { Programme = programme.Name })).Requests);
        // Now matched in the programme, the mentee asks nobody else.
        var again = await Assert.ThrowsAsync<RpcException>(() => As(menteeToken).RequestMentorsAsync(new RequestMentorsRequest
        {
            Programme = programme.Name, Mentee = mentee, Mentors = { mentor },
        }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
    }

    [Fact]
    public async Task An_expired_request_cannot_be_answered_and_an_acceptance_withdraws_pending_ones()
    {
        var (programme, mentee, mentor, grace, colleague) = await SetUpAsync(MatchingMode.Both);
        var (menteeToken, _) = await TestIdentity.CastAsync("mentee");
        var (mentorToken, _) = await TestIdentity.CastAsync("mentor");
        var asked = await As(menteeToken).RequestMentorsAsync(new RequestMentorsRequest { Programme = programme.Name, Mentee = mentee, Mentors = { mentor, colleague } });
        await using (var data = Db.AdminDataSource())
        await using (var c = await data.OpenConnectionAsync())
            await c.ExecuteAsync("UPDATE matching.mentor_request SET expires_at = now() - interval '1 minute' WHERE mentor_id = @id",
                new { id = Guid.Parse(mentor["people/".Length..]) });

        var late = await Assert.ThrowsAsync<RpcException>(() => As(mentorToken).RespondToMentorRequestAsync(
            new RespondToMentorRequestRequest { Name = asked.Requests[0].Name, Accept = true }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, late.StatusCode);
        var states = (await admin.ListMentorRequestsAsync(new ListMentorRequestsRequest { Programme = programme.Name })).Requests.ToDictionary(r => r.Mentor, r => r.State);
        Assert.Equal(MentorRequestState.Expired, states[mentor]);

        // An expired request no longer counts against the limit.
        var more = await As(menteeToken).RequestMentorsAsync(new RequestMentorsRequest { Programme = programme.Name, Mentee = mentee, Mentors = { grace } });
        await admin.RespondToMentorRequestAsync(new RespondToMentorRequestRequest { Name = more.Requests[0].Name, Accept = true });
        states = (await admin.ListMentorRequestsAsync(new ListMentorRequestsRequest { Programme = programme.Name })).Requests.ToDictionary(r => r.Mentor, r => r.State);
        Assert.Equal((MentorRequestState.Withdrawn, MentorRequestState.Accepted), (states[colleague], states[grace]));
    }

    [Fact]
    public async Task An_administrator_run_programme_takes_no_requests()
    {
        var (programme, mentee, mentor, _, _) = await SetUpAsync(MatchingMode.AdministratorRun);
        var (menteeToken, _) = await TestIdentity.CastAsync("mentee");
        var refused = await Assert.ThrowsAsync<RpcException>(() => As(menteeToken).RequestMentorsAsync(
            new RequestMentorsRequest { Programme = programme.Name, Mentee = mentee, Mentors = { mentor } }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
    }

    [Fact]
    public async Task Two_acceptances_racing_for_a_mentors_last_place_book_it_once()
    {
        var (programme, mentee, mentor, _, _) = await SetUpAsync();
        var partner = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.PartnerAsync());
        var second = await Cast.AdoptAsync(Db, partner, "manager", Cast.Details("Ned", PersonRole.Mentee, SeniorityLevel.Junior));
        await Eventually.Until("the second mentee enrolled", async () =>
        {
            try { return await admin.EnrolAsync(new EnrolRequest { Programme = programme.Name, Enrolment = new Enrolment { Person = second, Role = EnrolmentRole.Mentee } }); }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { return null; }
        });
        // The mentor takes one mentee in this programme.
        await admin.EnrolAsync(new EnrolRequest { Programme = programme.Name, Enrolment = new Enrolment { Person = mentor, Role = EnrolmentRole.Mentor, Capacity = 1 } });
        var requests = new List<string>();
        foreach (var (role, who) in new[] { ("mentee", mentee), ("manager", second) })
        {
            var (token, _) = await TestIdentity.CastAsync(role);
            requests.Add((await As(token).RequestMentorsAsync(new RequestMentorsRequest { Programme = programme.Name, Mentee = who, Mentors = { mentor } })).Requests[0].Name);
        }
        var (mentorToken, _) = await TestIdentity.CastAsync("mentor");

        var outcomes = await Task.WhenAll(requests.Select(async name =>
        {
            try { await As(mentorToken).RespondToMentorRequestAsync(new RespondToMentorRequestRequest { Name = name, Accept = true }); return StatusCode.OK; }
            catch (RpcException e) { return e.StatusCode; }
        }));

        Assert.Equal([StatusCode.OK, StatusCode.FailedPrecondition], outcomes.Order());
        var relationships = await admin.ListRelationshipsAsync(new ListRelationshipsRequest { Programme = programme.Name, Person = mentor });
        Assert.Single(relationships.Relationships);
    }

    [Fact]
    public async Task Two_runs_published_at_once_publish_one()
    {
        var (programme, _, _, _, _) = await SetUpAsync(MatchingMode.AdministratorRun);
        var first = await admin.RunMatchingAsync(new RunMatchingRequest { Programme = programme.Name });
        var second = await admin.RunMatchingAsync(new RunMatchingRequest { Programme = programme.Name });
        Assert.Single(first.Proposals);

        var outcomes = await Task.WhenAll(new[] { first.Name, second.Name }.Select(async name =>
        {
            try { await admin.PublishMatchingRunAsync(new PublishMatchingRunRequest { Name = name }); return StatusCode.OK; }
            catch (RpcException e) { return e.StatusCode; }
        }));

        Assert.Equal([StatusCode.OK, StatusCode.FailedPrecondition], outcomes.Order());
        Assert.Single((await admin.ListRelationshipsAsync(new ListRelationshipsRequest { Programme = programme.Name })).Relationships);
    }
}
