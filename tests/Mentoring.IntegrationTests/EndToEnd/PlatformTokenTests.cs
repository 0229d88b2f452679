using System.Net;
using Grpc.Core;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Mentoring.IntegrationTests.EndToEnd;

/// <summary>
/// <c>./platform token admin|person|partner</c> against a gateway (PLATFORM_GATEWAY) in front of an
/// identity with the development seed: it prints only the access token, and the token works.
/// </summary>
[Collection(FrontDoorPlatform.Collection)]
public sealed class PlatformTokenTests(FrontDoorPlatform platform)
{
    private Task<PlatformScript.Result> TokenAsync(string who) =>
        PlatformScript.RunAsync(new Dictionary<string, string> { ["PLATFORM_GATEWAY"] = platform.GatewayOrigin.ToString() }, "token", who);

    private static string SingleLine(PlatformScript.Result result)
    {
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        return lines[0];
    }

    [Fact]
    public async Task Token_admin_prints_an_administrators_token_that_an_administrators_only_rpc_accepts()
    {
        var token = SingleLine(await TokenAsync("admin"));

        var jwt = new JsonWebToken(token);
        Assert.Equal("administrator", jwt.GetClaim("role").Value);
        Assert.Equal("admin-spa", jwt.GetClaim("client_id").Value);
        Assert.Equal(platform.GatewayOrigin.ToString(), jwt.Issuer);
        var profile = new ProfileService.ProfileServiceClient(platform.Gateway.CreateChannel(token));
        await profile.ListAuditRecordsAsync(new ListAuditRecordsRequest()); // administrators only
        using var rest = platform.Gateway.CreateHttpClient(token);
        Assert.Equal(HttpStatusCode.OK, (await rest.GetAsync("/profile/v1/auditRecords")).StatusCode);
    }

    [Fact]
    public async Task Token_person_prints_a_persons_token_which_the_same_rpc_refuses()
    {
        var token = SingleLine(await TokenAsync("person"));

        Assert.Equal("person", new JsonWebToken(token).GetClaim("role").Value);
        var profile = new ProfileService.ProfileServiceClient(platform.Gateway.CreateChannel(token));
        var e = await Assert.ThrowsAsync<RpcException>(() => profile.ListAuditRecordsAsync(new ListAuditRecordsRequest()).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
    }

    [Fact]
    public async Task Token_partner_prints_the_partner_apps_client_credentials_token()
    {
        var token = SingleLine(await TokenAsync("partner"));

        var jwt = new JsonWebToken(token);
        Assert.Equal("partner-demo", jwt.Subject);
        Assert.Contains("events.read", jwt.GetClaim("scope").Value.Split(' '));
        using var rest = platform.Gateway.CreateHttpClient(token);
        Assert.Equal(HttpStatusCode.OK, (await rest.GetAsync("/profile/v1/people")).StatusCode);
    }

    [Fact]
    public async Task Token_refuses_clearly_when_the_platform_is_not_up()
    {
        var nowhere = $"http://127.0.0.1:{FreePort.Next()}";

        var result = await PlatformScript.RunAsync(new Dictionary<string, string> { ["PLATFORM_GATEWAY"] = nowhere }, "token", "admin");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("not up", result.Stderr);
        Assert.Contains("./platform up", result.Stderr);
    }

    [Fact]
    public async Task Token_refuses_an_unknown_kind_of_caller()
    {
        var result = await PlatformScript.RunAsync(new Dictionary<string, string>(), "token", "root");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("admin, person, partner", result.Stderr);
    }
}
