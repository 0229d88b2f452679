using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Mentoring.IntegrationTests.Identity;

/// <summary>Partners and jobs: client credentials against the real token server.</summary>
public sealed class ClientCredentialsTests : IAsyncLifetime
{
    private TestDatabase db = null!;
    private IdentityServer identity = null!;
    private TestTenant demo = null!;

    public async Task InitializeAsync()
    {
        db = await Databases.FreshAsync();
        identity = await IdentityServer.StartAsync(db, ["demo", "acme"]);
        demo = identity.Tenant("demo");
    }

    public async Task DisposeAsync() => await identity.DisposeAsync();

    [Fact]
    public async Task A_partner_gets_a_signed_JWT_by_a_plain_form_post_that_validates_against_the_published_keys()
    {
        // Exactly what `curl -d grant_type=client_credentials -d client_id=… -d client_secret=… -d scope=…` sends.
        using var http = new HttpClient();
        var body = $"grant_type=client_credentials&client_id={demo.PartnerClientId}&client_secret={demo.PartnerSecret}&scope=profile.read%20matching.read";
        using var content = new StringContent(body, MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded"));
        using var response = await http.PostAsync(identity.Issuer + "connect/token", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Bearer", json.GetProperty("token_type").GetString());
        Assert.InRange(json.GetProperty("expires_in").GetInt32(), 60, 3600);
        Assert.False(json.TryGetProperty("refresh_token", out _));
        var token = json.GetProperty("access_token").GetString()!;
        Assert.Equal(3, token.Split('.').Length); // a JWS (signed JWT), not a 5-part JWE

        var validation = await identity.ValidateAsync(token);
        Assert.True(validation.IsValid, validation.Exception?.ToString());
        var jwt = (JsonWebToken)validation.SecurityToken;
        Assert.Equal("RS256", jwt.Alg);
        Assert.Contains((await identity.DiscoverAsync()).JsonWebKeySet.Keys, k => k.Kid == jwt.Kid);
        Assert.Equal(identity.Issuer, jwt.Issuer);
        Assert.Equal([IdentityServer.Audience], jwt.Audiences);
        Assert.InRange(jwt.ValidTo, DateTime.UtcNow.AddMinutes(1), DateTime.UtcNow.AddHours(1));
        Assert.Equal(demo.PartnerClientId, jwt.Subject);
        Assert.Equal(demo.PartnerClientId, jwt.GetClaim("client_id").Value);
        Assert.Equal("demo", jwt.GetClaim("tenant").Value);
        Assert.Equal(["matching.read", "profile.read"], jwt.GetClaim("scope").Value.Split(' ').Order());
        Assert.DoesNotContain(jwt.Claims, c => c.Type == "role");
    }

    [Fact]
    public async Task Each_client_issues_tokens_of_its_own_tenant()
    {
        var acme = identity.Tenant("acme");
        var token = await identity.ClientCredentialsTokenAsync(acme.PartnerClientId, acme.PartnerSecret, "profile.read");

        var jwt = Valid(await identity.ValidateAsync(token));
        Assert.Equal("acme", jwt.GetClaim("tenant").Value);
        Assert.Equal(acme.PartnerClientId, jwt.GetClaim("client_id").Value);
    }

    [Fact]
    public async Task A_wrong_secret_is_invalid_client()
    {
        var response = await identity.RequestClientCredentialsAsync(demo.PartnerClientId, "not-the-secret", "profile.read");

        Assert.Contains(response.Status, new[] { HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized });
        Assert.Equal("invalid_client", response.Error);
        Assert.Null(response.AccessToken);
    }

    [Fact]
    public async Task An_unknown_client_is_invalid_client()
    {
        var response = await identity.RequestClientCredentialsAsync("nobody", "whatever", "profile.read");

        Assert.Contains(response.Status, new[] { HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized });
        Assert.Equal("invalid_client", response.Error);
    }

    [Fact]
    public async Task A_scope_the_client_is_not_allowed_is_invalid_scope()
    {
        var response = await identity.RequestClientCredentialsAsync(demo.PartnerClientId, demo.PartnerSecret, "profile.read", "reporting.read");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid_scope", response.Error);
        Assert.Null(response.AccessToken);
    }

    [Fact]
    public async Task An_unknown_scope_is_invalid_scope()
    {
        var response = await identity.RequestClientCredentialsAsync(demo.PartnerClientId, demo.PartnerSecret, "everything.write");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid_scope", response.Error);
    }

    [Fact]
    public async Task The_reporting_client_gets_reporting_read_but_not_profile_write()
    {
        var refused = await identity.RequestClientCredentialsAsync(demo.ReportingClientId, demo.ReportingSecret, "profile.write");
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("invalid_scope", refused.Error);

        var token = await identity.ClientCredentialsTokenAsync(demo.ReportingClientId, demo.ReportingSecret, "reporting.read");
        var jwt = Valid(await identity.ValidateAsync(token));
        Assert.Equal("reporting.read", jwt.GetClaim("scope").Value);
        Assert.Equal(demo.ReportingClientId, jwt.Subject);
        Assert.Equal("demo", jwt.GetClaim("tenant").Value);
    }

    [Fact]
    public async Task A_public_client_cannot_use_client_credentials()
    {
        var response = await identity.PostTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = demo.SpaClientId, ["scope"] = "profile.read",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Null(response.AccessToken);
    }

    internal static JsonWebToken Valid(Microsoft.IdentityModel.Tokens.TokenValidationResult result)
    {
        Assert.True(result.IsValid, result.Exception?.ToString());
        return (JsonWebToken)result.SecurityToken;
    }
}
