using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Profile;

/// <summary>
/// The rapport profile is the person's own: nobody else reads it, not even administrators — only the fellow
/// participants of a relationship the person shared it with (<see cref="RapportShareTests"/>).
/// </summary>
public sealed class RapportProfileTests() : ServicesUnderTest("profile")
{
    private ProfileService.ProfileServiceClient self = null!;
    private string name = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        self = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.PersonAsync());
        var person = (await TestIdentity.TenantAsync(TestIdentity.Acme)).Person;
        name = person + "/rapportProfile";
        // The signed-in person's profile row (there is no API to register a person under a chosen id).
        await Cast.RowAsync(Db, person, "Self");
    }

    private Task<RapportProfile> UpdateAsync(RapportProfile parts, params string[] mask) =>
        self.UpdateRapportProfileAsync(new UpdateRapportProfileRequest { RapportProfile = parts, UpdateMask = new FieldMask { Paths = { mask } } }).ResponseAsync;

    [Fact]
    public async Task The_person_writes_parts_by_mask_and_reads_them_back()
    {
        var empty = await self.GetRapportProfileAsync(new GetRapportProfileRequest { Name = name });
        Assert.Equal("\"0\"", empty.Etag);

        var first = await UpdateAsync(new RapportProfile { Name = name, Interests = "sailing", FiveYearPlan = "lead a team", Family = "ignored" },
            "interests", "five_year_plan");
        var second = await UpdateAsync(new RapportProfile { Name = name, Etag = first.Etag, Values = "honesty", Interests = "" }, "values", "interests");

        Assert.Equal(("", "lead a team", "honesty", ""), (second.Interests, second.FiveYearPlan, second.Values, second.Family));
        Assert.Equal(second, await self.GetRapportProfileAsync(new GetRapportProfileRequest { Name = name }));
        var stale = await Assert.ThrowsAsync<RpcException>(() => UpdateAsync(new RapportProfile { Name = name, Etag = first.Etag, Past = "x" }, "past"));
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        var bad = await Assert.ThrowsAsync<RpcException>(() => UpdateAsync(new RapportProfile { Name = name, Past = new string('p', 2001) }, "past", "etag"));
        Assert.Equal(["update_mask", "rapport_profile.past"], ViolatedFields(bad));
    }

    [Fact]
    public async Task Administrators_partners_and_other_people_cannot_read_it_and_every_read_is_audited()
    {
        await UpdateAsync(new RapportProfile { Name = name, Successes = "shipped v1" }, "successes");
        foreach (var token in new[] { await TestIdentity.AdministratorAsync(), await TestIdentity.PartnerAsync() })
        {
            var other = Client<ProfileService.ProfileServiceClient>("profile", token);
            var e = await Assert.ThrowsAsync<RpcException>(() => other.GetRapportProfileAsync(new GetRapportProfileRequest { Name = name }).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        }
        var someoneElse = $"people/{Guid.NewGuid()}/rapportProfile";
        var denied = await Assert.ThrowsAsync<RpcException>(() => self.GetRapportProfileAsync(new GetRapportProfileRequest { Name = someoneElse }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);

        await self.GetRapportProfileAsync(new GetRapportProfileRequest { Name = name });
        var admin = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.AdministratorAsync());
        var audit = await admin.ListAuditRecordsAsync(new ListAuditRecordsRequest());
        Assert.Contains(audit.Records, r => r.Action.EndsWith("/GetRapportProfile") && r.Resource == name && r.ActorKind == "person");
        Assert.Contains(audit.Records, r => r.Action.EndsWith("/UpdateRapportProfile") && r.Resource == name);
    }

    [Fact]
    public async Task The_persons_own_export_holds_the_rapport_profile_and_an_administrators_export_does_not()
    {
        await UpdateAsync(new RapportProfile { Name = name, Values = "candour" }, "values");
        var person = name[..^"/rapportProfile".Length];

        var own = await self.ExportPersonAsync(new ExportPersonRequest { Name = person });
        Assert.Equal("candour", own.RapportProfile.Values);
        Assert.Equal(person + "/availability", own.Availability.Name);

        var admin = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.AdministratorAsync());
        var byAdmin = await admin.ExportPersonAsync(new ExportPersonRequest { Name = person });
        Assert.Null(byAdmin.RapportProfile);
        Assert.Equal(person, byAdmin.Person.Name);
    }
}
