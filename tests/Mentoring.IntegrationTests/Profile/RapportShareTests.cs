using Grpc.Core;
using RelationshipState = Mentoring.Contracts.Matching.V1.RelationshipState;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Profile;

/// <summary>
/// A rapport profile shared with a relationship (docs/domain.md §1): its fellow participants read it while the
/// relationship is live and the share stands; nobody else ever does. Relationships come from matching's events.
/// </summary>
public sealed class RapportShareTests() : ServicesUnderTest("profile")
{
    private string owner = null!, fellow = null!, colleague = null!;
    private string name = null!;
    private ProfileService.ProfileServiceClient asOwner = null!, asFellow = null!, asColleague = null!, asManager = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (var ownerToken, owner) = await TestIdentity.CastAsync("mentor");
        (var fellowToken, fellow) = await TestIdentity.CastAsync("mentee");
        (var colleagueToken, colleague) = await TestIdentity.CastAsync("colleague");
        var (managerToken, _) = await TestIdentity.CastAsync("manager");
        asOwner = Client<ProfileService.ProfileServiceClient>("profile", ownerToken);
        asFellow = Client<ProfileService.ProfileServiceClient>("profile", fellowToken);
        asColleague = Client<ProfileService.ProfileServiceClient>("profile", colleagueToken);
        asManager = Client<ProfileService.ProfileServiceClient>("profile", managerToken);
        await Cast.RowAsync(Db, owner, "Owner");
        name = owner + "/rapportProfile";
        await asOwner.UpdateRapportProfileAsync(new UpdateRapportProfileRequest
        {
            RapportProfile = new RapportProfile { Name = name, Interests = "sailing", Values = "candour" },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "interests", "values" } },
        });
    }

    private async Task<string> RelationshipAsync(string mentor, string mentee, RelationshipState state = RelationshipState.Active)
    {
        var relationship = $"relationships/{Guid.NewGuid()}";
        await MatchingEvents.StateAsync(Db, "profile", relationship, [mentor], [mentee], state, version: 1);
        return relationship;
    }

    private Task<RapportProfile> ShareAsync(string relationship) =>
        asOwner.ShareRapportProfileAsync(new ShareRapportProfileRequest { Name = name, Relationship = relationship }).ResponseAsync;

    private Task<RapportProfile> UnshareAsync(string relationship) =>
        asOwner.UnshareRapportProfileAsync(new UnshareRapportProfileRequest { Name = name, Relationship = relationship }).ResponseAsync;

    private async Task<RapportProfile> ReadAsync(ProfileService.ProfileServiceClient reader) =>
        await reader.GetRapportProfileAsync(new GetRapportProfileRequest { Name = name });

    private async Task AssertRefusedAsync(ProfileService.ProfileServiceClient reader, string profile = "")
    {
        var e = await Assert.ThrowsAsync<RpcException>(() =>
            reader.GetRapportProfileAsync(new GetRapportProfileRequest { Name = profile.Length > 0 ? profile : name }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
    }

    [Fact]
    public async Task A_fellow_participant_reads_it_only_once_shared_and_no_longer_once_unshared()
    {
        var relationship = await RelationshipAsync(owner, fellow);
        var other = await RelationshipAsync(owner, colleague, RelationshipState.Rapport);
        await AssertRefusedAsync(asFellow);

        var shared = await ShareAsync(relationship);
        Assert.Equal([relationship], shared.SharedWith);
        Assert.Equal(shared, await ShareAsync(relationship)); // sharing again changes nothing
        await ShareAsync(other);

        // The fellow reads the parts, and sees only the share through which they read it — not the owner's other relationships.
        var seen = await ReadAsync(asFellow);
        Assert.Equal(("sailing", "candour"), (seen.Interests, seen.Values));
        Assert.Equal([relationship], seen.SharedWith);
        Assert.Equal([other], (await ReadAsync(asColleague)).SharedWith);
        Assert.Equal([relationship, other], (await ReadAsync(asOwner)).SharedWith);

        Assert.Equal([other], (await UnshareAsync(relationship)).SharedWith);
        await AssertRefusedAsync(asFellow);
        Assert.Equal("sailing", (await ReadAsync(asColleague)).Interests);
        Assert.Equal([other], (await UnshareAsync(relationship)).SharedWith); // withdrawing again changes nothing

        // The fellow's read is audited like the owner's: who, what, outcome.
        var admin = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.AdministratorAsync());
        var audit = await admin.ListAuditRecordsAsync(new ListAuditRecordsRequest { PageSize = 100 });
        Assert.Contains(audit.Records, r => r.Action.EndsWith("/GetRapportProfile") && r.Resource == name && r.ActorKind == "person" && r.Outcome == "OK");
        Assert.Contains(audit.Records, r => r.Action.EndsWith("/ShareRapportProfile") && r.Resource == name);
        Assert.Contains(audit.Records, r => r.Action.EndsWith("/UnshareRapportProfile") && r.Resource == name);
    }

    [Fact]
    public async Task The_share_stops_giving_access_when_the_relationship_closes_or_the_owner_leaves_it()
    {
        var relationship = await RelationshipAsync(owner, fellow);
        await ShareAsync(relationship);
        Assert.Equal("sailing", (await ReadAsync(asFellow)).Interests);

        await MatchingEvents.StateAsync(Db, "profile", relationship, [owner], [fellow], RelationshipState.Closed, version: 2);
        await AssertRefusedAsync(asFellow);
        Assert.Empty((await ReadAsync(asOwner)).SharedWith);
        var closed = await Assert.ThrowsAsync<RpcException>(() => ShareAsync(relationship));
        Assert.Equal(StatusCode.FailedPrecondition, closed.StatusCode);
        // A late, older event does not reopen it.
        await MatchingEvents.StateAsync(Db, "profile", relationship, [owner], [fellow], RelationshipState.Active, version: 1);
        Assert.Equal(StatusCode.FailedPrecondition, (await Assert.ThrowsAsync<RpcException>(() => ShareAsync(relationship))).StatusCode);

        // The owner leaves another relationship: its share goes with them.
        var second = await RelationshipAsync(owner, fellow);
        await ShareAsync(second);
        Assert.Equal([second], (await ReadAsync(asFellow)).SharedWith);
        await MatchingEvents.ParticipantsAsync(Db, "profile", second, [colleague], [fellow], version: 2);
        await AssertRefusedAsync(asFellow);
        Assert.Empty((await ReadAsync(asOwner)).SharedWith);
    }

    [Fact]
    public async Task Nobody_outside_a_shared_relationship_reads_it()
    {
        var shared = await RelationshipAsync(owner, fellow);
        await ShareAsync(shared);
        // The colleague takes part in another relationship with the owner, not shared; and in one with the fellow only.
        await RelationshipAsync(owner, colleague);
        await RelationshipAsync(colleague, fellow);

        await AssertRefusedAsync(asColleague);
        await AssertRefusedAsync(asManager);
        foreach (var token in new[] { await TestIdentity.AdministratorAsync(), await TestIdentity.PartnerAsync(), await TestIdentity.PersonAsync(TestIdentity.Globex) })
            await AssertRefusedAsync(Client<ProfileService.ProfileServiceClient>("profile", token));
        // The fellow reads the owner's profile, not someone else's through the same relationship.
        await AssertRefusedAsync(asFellow, colleague + "/rapportProfile");
        // Only the owner shares and unshares.
        var e = await Assert.ThrowsAsync<RpcException>(() =>
            asFellow.UnshareRapportProfileAsync(new UnshareRapportProfileRequest { Name = name, Relationship = shared }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        Assert.Equal("sailing", (await ReadAsync(asFellow)).Interests);
    }

    [Fact]
    public async Task A_relationship_the_owner_is_not_in_or_that_is_not_live_cannot_be_shared_with()
    {
        var notTheirs = await RelationshipAsync(colleague, fellow);
        var proposed = await RelationshipAsync(owner, fellow, RelationshipState.Proposed);

        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => ShareAsync(notTheirs))).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => ShareAsync($"relationships/{Guid.NewGuid()}"))).StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, (await Assert.ThrowsAsync<RpcException>(() => ShareAsync(proposed))).StatusCode);

        Assert.Empty((await ReadAsync(asOwner)).SharedWith);
        await AssertRefusedAsync(asFellow);
    }

    [Fact]
    public async Task Erasing_the_owner_erases_their_shares()
    {
        await ShareAsync(await RelationshipAsync(owner, fellow));
        var admin = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.AdministratorAsync());
        await admin.ErasePersonAsync(new ErasePersonRequest { Name = owner });
        await AssertRefusedAsync(asFellow);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_field_violations_and_nothing_is_stored()
    {
        var relationship = await RelationshipAsync(owner, fellow);
        foreach (var bad in new[] { "", "relationships/not-a-uuid", relationship.Replace("relationships/", "programmes/") })
        {
            Assert.Equal(["relationship"], ViolatedFields(await Assert.ThrowsAsync<RpcException>(() => ShareAsync(bad))));
            Assert.Equal(["relationship"], ViolatedFields(await Assert.ThrowsAsync<RpcException>(() => UnshareAsync(bad))));
        }
        Assert.Empty((await ReadAsync(asOwner)).SharedWith);
        await AssertRefusedAsync(asFellow);
    }
}
