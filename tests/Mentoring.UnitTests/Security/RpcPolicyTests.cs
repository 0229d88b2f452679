using System.Security.Claims;
using Mentoring.BuildingBlocks.Security;
using Mentoring.Contracts.Profile.V1;

namespace Mentoring.UnitTests.Security;

public class RpcPolicyTests
{
    private static readonly RpcPolicy GetPerson = RpcPolicy.For(ProfileService.Descriptor, "GetPerson", "profile.read")
        .AllowAdministrators().AllowClients().AllowSelf<GetPersonRequest>(r => r.Name);
    private static readonly RpcPolicy Register = RpcPolicy.For(ProfileService.Descriptor, "RegisterPerson", "profile.write")
        .AllowAdministrators();

    private const string Ada = "people/0195f0c2-0000-7000-8000-00000000000a";
    private const string Bob = "people/0195f0c2-0000-7000-8000-00000000000b";

    private static Caller Of(CallerKind kind, string? person = null, params string[] scopes) =>
        new("sub", "acme", kind, scopes.ToHashSet(), person);

    private static GetPersonRequest About(string name) => new() { Name = name };

    [Fact]
    public void The_policy_knows_its_grpc_path() =>
        Assert.Equal("/mentoring.profile.v1.ProfileService/GetPerson", GetPerson.Path);

    [Fact]
    public void A_caller_without_the_scope_is_denied_whoever_they_are()
    {
        Assert.False(GetPerson.Evaluate(Of(CallerKind.Administrator, scopes: "profile.write"), About(Ada)).Allowed);
        Assert.False(GetPerson.Evaluate(Of(CallerKind.Client), About(Ada)).Allowed);
    }

    [Fact]
    public void Administrators_read_reporting_aggregates_under_their_areas_scope_and_clients_under_reporting_read()
    {
        var section = RpcPolicy.For(ProfileService.Descriptor, "GetProgrammeReportSection", "reporting.read").AllowClients().AllowAdministratorsWith("profile.read");
        var request = new Mentoring.Contracts.Reporting.V1.GetProgrammeReportSectionRequest();
        Assert.True(section.Evaluate(Of(CallerKind.Administrator, scopes: "profile.read"), request).Allowed);
        Assert.False(section.Evaluate(Of(CallerKind.Administrator, scopes: "reporting.read"), request).Allowed);
        Assert.True(section.Evaluate(Of(CallerKind.Client, scopes: "reporting.read"), request).Allowed);
        Assert.False(section.Evaluate(Of(CallerKind.Client, scopes: "profile.read"), request).Allowed);
        Assert.False(section.Evaluate(Of(CallerKind.Person, Ada, "profile.read", "reporting.read"), request).Allowed);
    }

    [Fact]
    public void Administrators_and_clients_with_the_scope_are_allowed_when_the_policy_says_so()
    {
        Assert.True(GetPerson.Evaluate(Of(CallerKind.Administrator, scopes: "profile.read"), About(Ada)).Allowed);
        Assert.True(GetPerson.Evaluate(Of(CallerKind.Client, scopes: "profile.read"), About(Ada)).Allowed);
        Assert.False(Register.Evaluate(Of(CallerKind.Client, scopes: "profile.write"), new RegisterPersonRequest()).Allowed);
    }

    [Fact]
    public void A_person_may_read_about_themselves_only()
    {
        Assert.True(GetPerson.Evaluate(Of(CallerKind.Person, Ada, "profile.read"), About(Ada)).Allowed);
        Assert.True(GetPerson.Evaluate(Of(CallerKind.Person, Ada, "profile.read"), About(Ada.ToUpperInvariant().Replace("PEOPLE", "people"))).Allowed);
        Assert.False(GetPerson.Evaluate(Of(CallerKind.Person, Ada, "profile.read"), About(Bob)).Allowed);
        Assert.False(GetPerson.Evaluate(Of(CallerKind.Person, null, "profile.read"), About(Ada)).Allowed);
        Assert.False(GetPerson.Evaluate(Of(CallerKind.Person, Ada, "profile.read"), About("")).Allowed);
        Assert.False(Register.Evaluate(Of(CallerKind.Person, Ada, "profile.write"), new RegisterPersonRequest()).Allowed);
    }

    [Fact]
    public void The_caller_is_read_from_the_token_claims()
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim("sub", "u1"), new Claim("tenant", "acme"), new Claim("role", "person"),
            new Claim("person", Ada), new Claim("scope", "profile.read matching.read"), new Claim("scope", "openid"),
        ], "Bearer"));

        var caller = Caller.From(principal)!;

        Assert.Equal(("u1", "acme", CallerKind.Person, Ada), (caller.Subject, caller.Tenant, caller.Kind, caller.Person));
        Assert.Equal(["matching.read", "openid", "profile.read"], caller.Scopes.Order());
    }

    [Fact]
    public void Tokens_without_role_are_clients_administrators_win_over_person_and_a_tenant_is_required()
    {
        static ClaimsPrincipal With(params (string Type, string Value)[] claims) =>
            new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "Bearer"));
        Assert.Equal(CallerKind.Client, Caller.From(With(("sub", "partner-demo"), ("client_id", "partner-demo"), ("tenant", "acme")))!.Kind);
        // A user token with no role the platform knows is never taken for an application's.
        Assert.Equal(CallerKind.Unrecognised, Caller.From(With(("sub", "user-1"), ("client_id", "admin-spa"), ("tenant", "acme")))!.Kind);
        Assert.Equal(CallerKind.Unrecognised, Caller.From(With(("sub", "user-1"), ("client_id", "admin-spa"), ("tenant", "acme"), ("role", "supervisor")))!.Kind);
        Assert.Equal(CallerKind.Administrator, Caller.From(With(("sub", "u"), ("tenant", "acme"), ("role", "person"), ("role", "administrator")))!.Kind);
        Assert.Null(Caller.From(With(("sub", "u"))));
        Assert.Null(Caller.From(With(("tenant", "acme"))));
    }

    [Fact]
    public void A_policy_open_to_people_allows_every_person_with_the_scope_whatever_the_request_is_about()
    {
        var list = RpcPolicy.For(ProfileService.Descriptor, "ListCompetencies", "profile.read").AllowAdministrators().AllowPeople();
        Assert.True(list.People);
        Assert.True(list.Evaluate(Of(CallerKind.Person, Ada, "profile.read"), new ListCompetenciesRequest()).Allowed);
        Assert.False(list.Evaluate(Of(CallerKind.Person, Ada, "profile.write"), new ListCompetenciesRequest()).Allowed);
        Assert.False(list.Evaluate(Of(CallerKind.Client, scopes: "profile.read"), new ListCompetenciesRequest()).Allowed);
        Assert.False(GetPerson.People);
    }
}
