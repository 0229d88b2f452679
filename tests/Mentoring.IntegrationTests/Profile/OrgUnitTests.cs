using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Profile;

/// <summary>Organisation units: a tree per organisation, people in units, moves without cycles.</summary>
public sealed class OrgUnitTests() : ServicesUnderTest("profile")
{
    private ProfileService.ProfileServiceClient client = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        client = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.PartnerAsync());
    }

    private Task<OrgUnit> UnitAsync(string name, OrgUnit? parent = null, string requestId = "") =>
        client.CreateOrgUnitAsync(new CreateOrgUnitRequest
        {
            OrgUnit = new OrgUnit { DisplayName = name, Parent = parent?.Name ?? "" }, RequestId = requestId,
        }).ResponseAsync;

    private Task<OrgUnit> MoveAsync(OrgUnit unit, OrgUnit? parent) =>
        client.UpdateOrgUnitAsync(new UpdateOrgUnitRequest
        {
            OrgUnit = new OrgUnit { Name = unit.Name, Parent = parent?.Name ?? "" }, UpdateMask = new FieldMask { Paths = { "parent" } },
        }).ResponseAsync;

    [Fact]
    public async Task Units_list_as_a_tree_with_their_members_and_people_filter_by_subtree()
    {
        var eng = await UnitAsync("Engineering");
        var platform = await UnitAsync("Platform", eng);
        var apps = await UnitAsync("Apps", eng);
        var sales = await UnitAsync("Sales");
        var inPlatform = Person("Plat", PersonRole.Mentee, SeniorityLevel.Junior);
        inPlatform.OrgUnit = platform.Name;
        var plat = await client.RegisterPersonAsync(Register(inPlatform));
        var seller = await client.RegisterPersonAsync(Register(Person("Seller", PersonRole.Mentor, SeniorityLevel.Senior)));
        var moved = await client.UpdatePersonAsync(new UpdatePersonRequest
        {
            Person = new Person { Name = seller.Name, OrgUnit = sales.Name }, UpdateMask = new FieldMask { Paths = { "org_unit" } },
        });
        Assert.Equal(sales.Name, moved.OrgUnit);

        var tree = (await client.ListOrgUnitsAsync(new ListOrgUnitsRequest())).OrgUnits;
        Assert.Equal([eng.Name, apps.Name, platform.Name, sales.Name], tree.Select(u => u.Name));
        Assert.Equal([0, 0, 1, 1], tree.Select(u => u.MemberCount));
        Assert.Equal(eng.Name, tree[1].Parent);

        var underEngineering = await client.ListPeopleAsync(new ListPeopleRequest { OrgUnit = eng.Name });
        Assert.Equal([plat.Name], underEngineering.People.Select(p => p.Name));
    }

    [Fact]
    public async Task A_unit_cannot_move_under_itself_or_its_descendants()
    {
        var a = await UnitAsync("A");
        var b = await UnitAsync("B", a);
        var c = await UnitAsync("C", b);

        foreach (var target in new[] { a, b, c })
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => MoveAsync(a, target));
            Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        }
        Assert.Empty((await MoveAsync(c, null)).Parent);
        Assert.Equal(c.Name, (await MoveAsync(a, c)).Parent);
    }

    [Fact]
    public async Task Names_are_unique_among_siblings_creates_are_idempotent_and_strangers_are_refused()
    {
        var eng = await UnitAsync("Engineering", requestId: "eng-1");
        Assert.Equal(eng, await UnitAsync("Engineering", requestId: "eng-1"));
        var duplicate = await Assert.ThrowsAsync<RpcException>(() => UnitAsync("ENGINEERING"));
        Assert.Equal(StatusCode.AlreadyExists, duplicate.StatusCode);
        await UnitAsync("Engineering", await UnitAsync("Europe")); // same name under another parent is fine

        var unknownParent = await Assert.ThrowsAsync<RpcException>(() => UnitAsync("X", new OrgUnit { Name = $"orgUnits/{Guid.NewGuid()}" }));
        Assert.Equal(StatusCode.NotFound, unknownParent.StatusCode);
        var bad = await Assert.ThrowsAsync<RpcException>(() => client.CreateOrgUnitAsync(new CreateOrgUnitRequest
        {
            OrgUnit = new OrgUnit { DisplayName = "", Parent = "units/1" },
        }).ResponseAsync);
        Assert.Equal(["org_unit.display_name", "org_unit.parent"], ViolatedFields(bad));

        var globex = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.PartnerAsync(TestIdentity.Globex));
        Assert.Empty((await globex.ListOrgUnitsAsync(new ListOrgUnitsRequest())).OrgUnits);
        var foreignUnit = Person("Globex", PersonRole.Mentee, SeniorityLevel.Junior);
        foreignUnit.OrgUnit = eng.Name;
        var e = await Assert.ThrowsAsync<RpcException>(() => globex.RegisterPersonAsync(Register(foreignUnit)).ResponseAsync);
        Assert.Equal(["person.org_unit"], ViolatedFields(e));
    }
}
