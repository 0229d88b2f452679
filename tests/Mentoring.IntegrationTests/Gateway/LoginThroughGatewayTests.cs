using System.Net;
using System.Text.Json;
using Grpc.Core;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Mentoring.IntegrationTests.Gateway;

/// <summary>
/// Sign-in, tokens, discovery and logout with the gateway's address only, as a browser and the admin
/// SPA use them: no hop may lead to the token server's own port (it did: the login redirect was built
/// from the Host the gateway sent, identity's own, because identity ignored X-Forwarded-Host, and the
/// gateway had no route for the login page).
/// </summary>
[Collection(FrontDoorPlatform.Collection)]
public sealed class LoginThroughGatewayTests(FrontDoorPlatform platform)
{
    [Fact]
    public async Task Discovery_through_the_gateway_names_the_gateway_as_issuer_and_every_endpoint_on_it()
    {
        using var http = platform.ThroughGateway.CreateHttpClient();
        var doc = JsonDocument.Parse(await http.GetStringAsync("/.well-known/openid-configuration")).RootElement;

        Assert.Equal(platform.GatewayOrigin.ToString(), doc.GetProperty("issuer").GetString());
        var endpoints = doc.EnumerateObject()
            .Where(p => p.Name.EndsWith("_endpoint", StringComparison.Ordinal) || p.Name == "jwks_uri")
            .ToDictionary(p => p.Name, p => new Uri(p.Value.GetString()!));
        Assert.Superset(new HashSet<string> { "authorization_endpoint", "token_endpoint", "end_session_endpoint", "userinfo_endpoint", "jwks_uri" },
            endpoints.Keys.ToHashSet());
        Assert.All(endpoints, e => Assert.True(platform.OnGateway(e.Value), $"{e.Key} is {e.Value}, not on the gateway"));

        // The keys too, through the gateway.
        var jwks = JsonDocument.Parse(await http.GetStringAsync(endpoints["jwks_uri"])).RootElement;
        Assert.NotEmpty(jwks.GetProperty("keys").EnumerateArray());
    }

    [Fact]
    public async Task An_administrator_signs_in_through_the_gateway_and_every_hop_stays_on_it()
    {
        using var browser = new Browser(platform.GatewayOrigin);

        var attempt = await platform.ThroughGateway.AuthorizeAsync(
            FrontDoorPlatform.SpaClient, FrontDoorPlatform.AdminEmail, FrontDoorPlatform.AdminPassword, FrontDoorPlatform.SpaScopes,
            browser: browser);

        Assert.True(attempt.Code is not null, attempt.ToString());
        // authorize → login page, the form's action, back to authorize, then the SPA's callback.
        Assert.True(browser.Seen.Count >= 4, string.Join(" → ", browser.Seen));
        var login = browser.Seen[0];
        Assert.True(platform.OnGateway(login) && login.AbsolutePath == "/account/login", $"the login redirect went to {login}");
        Assert.All(browser.Seen.SkipLast(1), hop => Assert.True(platform.OnGateway(hop), $"{hop} is not on the gateway {platform.GatewayOrigin}"));
        Assert.Equal(IdentityServer.SpaRedirectUri, browser.Seen[^1].GetLeftPart(UriPartial.Path)); // the registered redirect URI

        // The code is redeemed at the gateway; the token names the gateway as issuer.
        var tokens = (await platform.ThroughGateway.RedeemCodeAsync(FrontDoorPlatform.SpaClient, attempt.Code, attempt.Verifier)).EnsureSuccess();
        var jwt = new JsonWebToken(tokens.AccessToken!);
        Assert.Equal(platform.GatewayOrigin.ToString(), jwt.Issuer);
        Assert.Equal("administrator", jwt.GetClaim("role").Value);

        // The gateway and profile behind it (both validating with keys fetched from identity directly)
        // accept it: an administrators-only RPC over REST and over gRPC.
        using var api = platform.Gateway.CreateHttpClient(tokens.AccessToken);
        var audit = await api.GetAsync("/profile/v1/auditRecords");
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
        var profile = new ProfileService.ProfileServiceClient(platform.Gateway.CreateChannel(tokens.AccessToken));
        await profile.ListAuditRecordsAsync(new ListAuditRecordsRequest());
        using var userinfo = await api.GetAsync("/connect/userinfo");
        Assert.Equal(HttpStatusCode.OK, userinfo.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_through_the_gateway_shows_the_login_page_again_on_the_gateway()
    {
        using var browser = new Browser(platform.GatewayOrigin);

        var attempt = await platform.ThroughGateway.AuthorizeAsync(
            FrontDoorPlatform.SpaClient, FrontDoorPlatform.AdminEmail, "wrong-password", FrontDoorPlatform.SpaScopes, browser: browser);

        Assert.Null(attempt.Code);
        Assert.Contains("wrong password", attempt.Page);
        Assert.All(browser.Seen, hop => Assert.True(platform.OnGateway(hop), $"{hop} is not on the gateway"));

        // The gateway's Content-Security-Policy (default-src 'self') refuses inline styles: the page links its own.
        Assert.DoesNotContain("<style", attempt.Page);
        Assert.Contains("""<link rel="stylesheet" href="/account/login.css">""", attempt.Page);
        using var css = await browser.GetAsync(new Uri(platform.GatewayOrigin, "/account/login.css"));
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Logout_through_the_gateway_ends_the_session_and_returns_to_the_registered_address()
    {
        using var browser = new Browser(platform.GatewayOrigin);
        var spa = platform.ThroughGateway;
        var first = await spa.AuthorizeAsync(FrontDoorPlatform.SpaClient, FrontDoorPlatform.PersonEmail, FrontDoorPlatform.PersonPassword,
            FrontDoorPlatform.SpaScopes, browser: browser);
        var tokens = (await spa.RedeemCodeAsync(FrontDoorPlatform.SpaClient, first.Code!, first.Verifier)).EnsureSuccess();
        // While the session lasts, authorize needs no password (a wrong one is never asked for).
        Assert.NotNull((await spa.AuthorizeAsync(FrontDoorPlatform.SpaClient, FrontDoorPlatform.PersonEmail, "not-asked",
            FrontDoorPlatform.SpaScopes, browser: browser)).Code);

        var logout = await browser.GetAsync(new Uri(platform.GatewayOrigin, "/connect/logout" + Microsoft.AspNetCore.Http.QueryString.Create(
            new Dictionary<string, string?>
            {
                ["client_id"] = FrontDoorPlatform.SpaClient,
                ["id_token_hint"] = tokens.IdToken,
                ["post_logout_redirect_uri"] = "http://127.0.0.1:8080/", // registered for admin-spa in the development seed
            })));

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(new Uri("http://127.0.0.1:8080/"), browser.Seen[^1]);
        Assert.Contains(logout.Headers.GetValues("Set-Cookie"), c => c.StartsWith("mentoring.identity.session=;", StringComparison.Ordinal));
        // Signed out: the login page is back, on the gateway, and a wrong password gets no code.
        var again = await spa.AuthorizeAsync(FrontDoorPlatform.SpaClient, FrontDoorPlatform.PersonEmail, "not-asked",
            FrontDoorPlatform.SpaScopes, browser: browser);
        Assert.Null(again.Code);
        Assert.Contains("wrong password", again.Page);
        Assert.True(platform.OnGateway(again.LastUrl) && again.LastUrl.AbsolutePath == "/account/login", again.LastUrl.ToString());
    }

    [Fact]
    public async Task A_partner_token_from_the_gateway_works_on_the_gateway()
    {
        var token = await platform.ThroughGateway.ClientCredentialsTokenAsync("partner-demo", "dev-only-partner-secret", "profile.read");

        Assert.Equal(platform.GatewayOrigin.ToString(), new JsonWebToken(token).Issuer);
        var profile = new ProfileService.ProfileServiceClient(platform.Gateway.CreateChannel(token));
        var e = await Assert.ThrowsAsync<RpcException>(() => profile.GetPersonAsync(new GetPersonRequest { Name = $"people/{Guid.NewGuid()}" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, e.StatusCode); // authenticated and authorised: the person just does not exist
    }
}
