using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Grpc.Core;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.EndToEnd;
using Mentoring.IntegrationTests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Security;

/// <summary>Every call is authenticated, at the gateway and again in each service.</summary>
public sealed class GatewayAuthenticationTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private static readonly GetPersonRequest SomeoneGet = new() { Name = $"people/{Guid.NewGuid()}" };

    [Fact]
    public async Task Anonymous_calls_are_refused_by_the_gateway_over_both_protocols_and_health_stays_open()
    {
        var grpc = new ProfileService.ProfileServiceClient(platform.Gateway.CreateChannel());
        var e = await Assert.ThrowsAsync<RpcException>(() => grpc.GetPersonAsync(SomeoneGet).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);

        using var http = platform.Gateway.CreateHttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/profile/v1/{SomeoneGet.Name}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz/ready")).StatusCode);
    }

    [Fact]
    public async Task A_token_signed_by_anyone_else_is_refused_by_the_gateway_and_by_the_service()
    {
        var forged = await ForgedTokenAsync();
        using var http = platform.Gateway.CreateHttpClient(forged);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/profile/v1/{SomeoneGet.Name}")).StatusCode);

        var direct = new ProfileService.ProfileServiceClient(platform.Service("profile").CreateChannel(forged));
        var e = await Assert.ThrowsAsync<RpcException>(() => direct.GetPersonAsync(SomeoneGet).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
    }

    [Fact]
    public async Task A_partner_gets_a_token_through_the_gateway_with_a_plain_form_post_and_calls_the_api()
    {
        var acme = await TestIdentity.TenantAsync(TestIdentity.Acme);
        using var anonymous = platform.Gateway.CreateHttpClient();
        // What `curl -d grant_type=client_credentials -d client_id=… -d client_secret=… -d scope=…` sends.
        var response = await anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = acme.PartnerClientId,
            ["client_secret"] = acme.PartnerSecret,
            ["scope"] = "profile.read profile.write",
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;

        using var partner = platform.Gateway.CreateHttpClient(token);
        var created = await partner.PostAsJsonAsync("/profile/v1/people", new
        {
            displayName = "Via Gateway", email = $"via.{Guid.NewGuid():N}@example.org", areaOfWork = "law",
            seniorityLevel = "SENIORITY_LEVEL_SENIOR", roles = new[] { "PERSON_ROLE_MENTOR" },
        });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        // The token carries only profile scopes: matching refuses it.
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync($"/matching/v1/{SomeoneGet.Name}/candidates")).StatusCode);
    }

    [Fact]
    public async Task The_tenant_comes_from_the_token_so_a_header_cannot_switch_organisation()
    {
        var acmeClient = new ProfileService.ProfileServiceClient(platform.Gateway.CreateChannel(await TestIdentity.PartnerAsync()));
        var person = await acmeClient.RegisterPersonAsync(Register(Person("Acme Only", PersonRole.Mentee, SeniorityLevel.Junior)));

        var globexClient = new ProfileService.ProfileServiceClient(
            platform.Gateway.CreateChannel(await TestIdentity.PartnerAsync(TestIdentity.Globex)));
        var e = await Assert.ThrowsAsync<RpcException>(() => globexClient.GetPersonAsync(
            new GetPersonRequest { Name = person.Name }, new Metadata { { "x-tenant-id", TestIdentity.Acme } }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, e.StatusCode);
    }

    /// <summary>A well-formed token with the right issuer, audience and claims, signed with a key nobody trusts.</summary>
    private static async Task<string> ForgedTokenAsync()
    {
        var identity = await TestIdentity.ServerAsync();
        using var rsa = RSA.Create(2048);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = identity.Issuer,
            Audience = IdentityServer.Audience,
            Expires = DateTime.UtcNow.AddMinutes(5),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = "intruder", ["tenant"] = TestIdentity.Acme, ["scope"] = "profile.read", ["role"] = "administrator",
            },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = "forged" }, SecurityAlgorithms.RsaSha256),
        });
    }
}
