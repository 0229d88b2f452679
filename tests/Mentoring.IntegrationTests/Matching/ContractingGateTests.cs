using Grpc.Core;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;

namespace Mentoring.IntegrationTests.Matching;

/// <summary>A formal relationship becomes ACTIVE only once feedback reports its agreement signed; an informal one needs none.</summary>
public sealed class ContractingGateTests() : ServicesUnderTest("profile", "matching")
{
    private MatchingService.MatchingServiceClient admin = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        admin = await ClientAsync<MatchingService.MatchingServiceClient>("matching", TestIdentity.AdministratorAsync());
    }

    private MatchingService.MatchingServiceClient As(string token) => Client<MatchingService.MatchingServiceClient>("matching", token);

    /// <summary>A published, accepted relationship of a programme, moved on to CONTRACTING by its mentor.</summary>
    private async Task<(string Relationship, MatchingService.MatchingServiceClient Mentor)> ContractingAsync(bool formal)
    {
        var partner = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.PartnerAsync());
        var mentee = await Cast.AdoptAsync(Db, partner, "mentee", Cast.Details("Mia", PersonRole.Mentee, SeniorityLevel.Junior));
        var mentor = await Cast.AdoptAsync(Db, partner, "mentor", Cast.Details("Max", PersonRole.Mentor, SeniorityLevel.Senior));
        var programme = await admin.CreateProgrammeAsync(new CreateProgrammeRequest
        {
            Programme = new Programme
            {
                DisplayName = "Contracting", Model = MentoringModel.OneToOne, Formal = formal,
                Rules = new ProgrammeRules { CredentialRequired = false },
            },
        });
        foreach (var (person, role) in new[] { (mentor, EnrolmentRole.Mentor), (mentee, EnrolmentRole.Mentee) })
            await Eventually.Until($"{person} enrolled", async () =>
            {
                try { return await admin.EnrolAsync(new EnrolRequest { Programme = programme.Name, Enrolment = new Enrolment { Person = person, Role = role } }); }
                catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { return null; }
            });
        var run = await Eventually.Until("both known", async () =>
        {
            var r = await admin.RunMatchingAsync(new RunMatchingRequest { Programme = programme.Name });
            return r.Proposals.Count == 1 ? r : null;
        });
        var relationship = (await admin.PublishMatchingRunAsync(new PublishMatchingRunRequest { Name = run.Name })).Relationships[0];
        MatchingService.MatchingServiceClient mentorClient = null!;
        foreach (var role in new[] { "mentee", "mentor" })
        {
            var (token, _) = await TestIdentity.CastAsync(role);
            mentorClient = As(token);
            await mentorClient.TransitionRelationshipAsync(new TransitionRelationshipRequest { Name = relationship, State = RelationshipState.Accepted });
        }
        foreach (var state in new[] { RelationshipState.Rapport, RelationshipState.Contracting })
            await mentorClient.TransitionRelationshipAsync(new TransitionRelationshipRequest { Name = relationship, State = state });
        return (relationship, mentorClient);
    }

    [Fact]
    public async Task A_formal_relationship_waits_for_its_signed_agreement()
    {
        var (relationship, mentor) = await ContractingAsync(formal: true);

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            mentor.TransitionRelationshipAsync(new TransitionRelationshipRequest { Name = relationship, State = RelationshipState.Active }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("agreement", refused.Status.Detail);
        Assert.Equal(RelationshipState.Contracting, (await admin.GetRelationshipAsync(new GetRelationshipRequest { Name = relationship })).State);

        await EventBus.PublishAsync(Db, new AgreementSigned { Relationship = relationship, Version = 1, Logistics = new AgreementLogistics() }, "feedback");
        var active = await Eventually.Until("the signed agreement reached matching", async () =>
        {
            try { return await mentor.TransitionRelationshipAsync(new TransitionRelationshipRequest { Name = relationship, State = RelationshipState.Active }); }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition) { return null; }
        });
        Assert.Equal(RelationshipState.Active, active.State);
    }

    [Fact]
    public async Task An_informal_relationship_starts_without_one()
    {
        var (relationship, mentor) = await ContractingAsync(formal: false);

        var active = await mentor.TransitionRelationshipAsync(new TransitionRelationshipRequest { Name = relationship, State = RelationshipState.Active });
        Assert.Equal(RelationshipState.Active, active.State);
    }
}
