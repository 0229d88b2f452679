using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mentoring.IntegrationTests.Identity;

/// <summary>
/// What every service will do: standard JwtBearer with only the issuer (Authority) and the
/// audience configured, keys taken from the discovery document.
/// </summary>
public sealed class ResourceServerTests : IAsyncLifetime
{
    private TestDatabase db = null!;
    private IdentityServer identity = null!;
    private WebApplication api = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        db = await Databases.FreshAsync();
        identity = await IdentityServer.StartAsync(db, ["demo"]);

        var port = FreePort.Next();
        var builder = WebApplication.CreateBuilder(["--environment", "Development", "--contentRoot", Directory.CreateTempSubdirectory().FullName]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.Authority = identity.Issuer;
            o.Audience = IdentityServer.Audience;
            o.RequireHttpsMetadata = false;  // the embedded default runs on loopback without TLS
            o.MapInboundClaims = false;      // keep the token's claim names (sub, tenant, role, scope)
            o.TokenValidationParameters.RoleClaimType = "role";
        });
        builder.Services.AddAuthorization();
        api = builder.Build();
        api.UseAuthentication();
        api.UseAuthorization();
        api.MapGet("/whoami", (ClaimsPrincipal user) => new
        {
            sub = user.FindFirstValue("sub"),
            tenant = user.FindFirstValue("tenant"),
            scope = user.FindFirstValue("scope"),
            administrator = user.IsInRole("administrator"),
        }).RequireAuthorization();
        await api.StartAsync();
        client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await api.StopAsync();
        await api.DisposeAsync();
        await identity.DisposeAsync();
    }

    private sealed record WhoAmI(string Sub, string Tenant, string Scope, bool Administrator);

    [Fact]
    public async Task A_service_accepts_a_partner_token_with_plain_JwtBearer()
    {
        var demo = identity.Tenant("demo");
        var token = await identity.ClientCredentialsTokenAsync(demo.PartnerClientId, demo.PartnerSecret, "profile.read");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<WhoAmI>(response.Content);
        Assert.Equal(new WhoAmI(demo.PartnerClientId, "demo", "profile.read", false), me);
    }

    [Fact]
    public async Task A_service_sees_the_administrator_role_of_a_user_token()
    {
        var demo = identity.Tenant("demo");
        var token = (await identity.UserTokenAsync(demo.AdminEmail, demo.AdminPassword, "openid", "profile.write")).AccessToken;

        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);

        var me = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<WhoAmI>(response.Content);
        Assert.True(me!.Administrator);
        Assert.Equal("demo", me.Tenant);
    }

    [Fact]
    public async Task A_service_refuses_a_missing_or_tampered_token()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/whoami")).StatusCode);

        var demo = identity.Tenant("demo");
        var token = await identity.ClientCredentialsTokenAsync(demo.PartnerClientId, demo.PartnerSecret, "profile.read");
        var parts = token.Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(parts[1]))
            .Replace("\"demo\"", "\"acme\"");
        var forged = $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", forged);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request)).StatusCode);
    }
}
