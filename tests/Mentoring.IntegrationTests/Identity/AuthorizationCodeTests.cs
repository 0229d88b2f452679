using System.Net;
using System.Text.Json;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using static Mentoring.IntegrationTests.Identity.ClientCredentialsTests;

namespace Mentoring.IntegrationTests.Identity;

/// <summary>People: authorization code with PKCE through the login page, and refresh tokens.</summary>
public sealed class AuthorizationCodeTests : IAsyncLifetime
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
    public async Task A_person_signs_in_with_PKCE_and_gets_a_token_with_sub_tenant_role_and_person()
    {
        var tokens = await identity.UserTokenAsync(demo.PersonEmail, demo.PersonPassword, "openid", "offline_access", "profile.read", "matching.read");

        var jwt = Valid(await identity.ValidateAsync(tokens.AccessToken!));
        Assert.True(Guid.TryParse(jwt.Subject, out _), jwt.Subject);
        Assert.Equal("demo", jwt.GetClaim("tenant").Value);
        Assert.Equal(["person"], jwt.Claims.Where(c => c.Type == "role").Select(c => c.Value));
        Assert.Equal(demo.Person, jwt.GetClaim("person").Value);
        Assert.Equal(demo.SpaClientId, jwt.GetClaim("client_id").Value);
        Assert.Equal(["matching.read", "offline_access", "openid", "profile.read"], jwt.GetClaim("scope").Value.Split(' ').Order());
        Assert.Equal([IdentityServer.Audience], jwt.Audiences);
        Assert.Equal(identity.Issuer, jwt.Issuer);
        Assert.NotNull(tokens.RefreshToken);

        // The OpenID Connect identity token names the same user.
        var idToken = new JsonWebToken(tokens.IdToken!);
        Assert.Equal(jwt.Subject, idToken.Subject);
        Assert.Equal([demo.SpaClientId], idToken.Audiences);
        Assert.Equal("demo", idToken.GetClaim("tenant").Value);
    }

    [Fact]
    public async Task An_administrator_gets_role_administrator_and_no_person()
    {
        var tokens = await identity.UserTokenAsync(demo.AdminEmail, demo.AdminPassword, "openid", "profile.read", "profile.write");

        var jwt = Valid(await identity.ValidateAsync(tokens.AccessToken!));
        Assert.Equal(["administrator"], jwt.Claims.Where(c => c.Type == "role").Select(c => c.Value));
        Assert.Equal("demo", jwt.GetClaim("tenant").Value);
        Assert.False(jwt.TryGetClaim("person", out _));
        Assert.Null(tokens.RefreshToken); // no offline_access asked
    }

    [Fact]
    public async Task A_wrong_password_yields_no_code()
    {
        var attempt = await identity.AuthorizeAsync(demo.SpaClientId, demo.PersonEmail, "wrong-password", ["openid", "profile.read"]);

        Assert.Null(attempt.Code);
        Assert.Equal(HttpStatusCode.OK, attempt.LastStatus);
        Assert.Contains("wrong password", attempt.Page);
        Assert.DoesNotContain("/callback", attempt.LastUrl.ToString());
    }

    [Fact]
    public async Task An_unknown_email_yields_no_code()
    {
        var attempt = await identity.AuthorizeAsync(demo.SpaClientId, "nobody@demo.example", demo.PersonPassword, ["openid"]);

        Assert.Null(attempt.Code);
        Assert.Contains("wrong password", attempt.Page);
    }

    [Fact]
    public async Task A_public_client_without_a_code_challenge_is_refused()
    {
        var attempt = await identity.AuthorizeAsync(demo.SpaClientId, demo.PersonEmail, demo.PersonPassword, ["openid"], pkce: false);

        Assert.Null(attempt.Code);
        Assert.True(attempt.Error == "invalid_request", attempt.ToString());
    }

    [Fact]
    public async Task A_code_is_redeemed_only_with_its_verifier_and_only_once()
    {
        var attempt = await identity.AuthorizeAsync(demo.SpaClientId, demo.PersonEmail, demo.PersonPassword, ["openid", "profile.read"]);
        Assert.NotNull(attempt.Code);

        var wrongVerifier = await identity.RedeemCodeAsync(demo.SpaClientId, attempt.Code, new string('a', 43));
        Assert.Equal(HttpStatusCode.BadRequest, wrongVerifier.Status);
        Assert.Equal("invalid_grant", wrongVerifier.Error);

        (await identity.RedeemCodeAsync(demo.SpaClientId, attempt.Code, attempt.Verifier)).EnsureSuccess();

        var replayed = await identity.RedeemCodeAsync(demo.SpaClientId, attempt.Code, attempt.Verifier);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.Status);
        Assert.Equal("invalid_grant", replayed.Error);
    }

    [Fact]
    public async Task A_scope_the_client_is_not_allowed_is_invalid_scope_on_the_redirect()
    {
        var attempt = await identity.AuthorizeAsync(demo.SpaClientId, demo.PersonEmail, demo.PersonPassword, ["openid", "reporting.read"]);

        Assert.Null(attempt.Code);
        Assert.Equal("invalid_scope", attempt.Error);
    }

    [Fact]
    public async Task A_refresh_token_gives_a_new_access_token_for_the_same_user()
    {
        var first = await identity.UserTokenAsync(demo.PersonEmail, demo.PersonPassword, "openid", "offline_access", "profile.read");
        var subject = new JsonWebToken(first.AccessToken!).Subject;

        var refreshed = (await identity.RefreshAsync(demo.SpaClientId, first.RefreshToken!)).EnsureSuccess();

        var jwt = Valid(await identity.ValidateAsync(refreshed.AccessToken!));
        Assert.NotEqual(first.AccessToken, refreshed.AccessToken);
        Assert.Equal(subject, jwt.Subject);
        Assert.Equal("demo", jwt.GetClaim("tenant").Value);
        Assert.Equal(["person"], jwt.Claims.Where(c => c.Type == "role").Select(c => c.Value));
        Assert.NotNull(refreshed.RefreshToken); // rolling refresh tokens

        var garbage = await identity.RefreshAsync(demo.SpaClientId, "not-a-refresh-token");
        Assert.Equal("invalid_grant", garbage.Error);
    }

    [Fact]
    public async Task A_user_cannot_sign_in_through_another_tenants_client()
    {
        var acme = identity.Tenant("acme");
        var attempt = await identity.AuthorizeAsync(acme.SpaClientId, demo.PersonEmail, demo.PersonPassword, ["openid"]);

        Assert.Null(attempt.Code);
        Assert.Equal("access_denied", attempt.Error);
    }

    [Fact]
    public async Task The_login_form_is_refused_without_its_antiforgery_token()
    {
        using var http = identity.CreateHttpClient();
        using var response = await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = demo.PersonEmail, ["password"] = demo.PersonPassword, ["ReturnUrl"] = "/",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("mentoring.identity.session")));
    }

    [Fact]
    public async Task Discovery_publishes_the_endpoints_flows_scopes_and_S256_only()
    {
        using var http = identity.CreateHttpClient();
        var doc = JsonDocument.Parse(await http.GetStringAsync("/.well-known/openid-configuration")).RootElement;
        string[] Strings(string name) => [.. doc.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];

        Assert.Equal(identity.Issuer, doc.GetProperty("issuer").GetString());
        Assert.Equal(identity.Issuer + "connect/token", doc.GetProperty("token_endpoint").GetString());
        Assert.Equal(identity.Issuer + "connect/authorize", doc.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(identity.Issuer + "connect/logout", doc.GetProperty("end_session_endpoint").GetString());
        Assert.StartsWith(identity.Issuer, doc.GetProperty("jwks_uri").GetString());
        Assert.Equal(["S256"], Strings("code_challenge_methods_supported"));
        Assert.Subset(Strings("grant_types_supported").ToHashSet(), new HashSet<string> { "authorization_code", "client_credentials", "refresh_token" });
        Assert.Superset(new HashSet<string> { "authorization_code", "client_credentials", "refresh_token" }, Strings("grant_types_supported").ToHashSet());
        Assert.Subset(Strings("scopes_supported").ToHashSet(), new HashSet<string>
        {
            "openid", "offline_access", "profile.read", "profile.write", "matching.read", "matching.write", "scheduling.read",
            "scheduling.write", "feedback.read", "feedback.write", "events.read", "reporting.read",
        });
    }
}
