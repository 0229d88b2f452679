using System.Net;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;

namespace Mentoring.IntegrationTests.EndToEnd;

public sealed class GatewayReadinessTests() : ServicesUnderTest("profile")
{
    [Fact]
    public async Task The_gateway_is_not_ready_while_a_destination_is_down_and_proxies_answer_502()
    {
        var profile = Service("profile");
        // Matching's destinations point at ports where nothing listens.
        await using var gateway = await RunningService.StartAsync("gateway", Mentoring.Gateway.GatewayApp.Create,
            new Dictionary<string, string?>(await TestIdentity.ResourceServerSettingsAsync())
            {
                ["ReverseProxy:Clusters:profile-grpc:Destinations:primary:Address"] = profile.GrpcAddress.ToString(),
                ["ReverseProxy:Clusters:profile-rest:Destinations:primary:Address"] = profile.HttpAddress.ToString(),
                ["ReverseProxy:Clusters:matching-grpc:Destinations:primary:Address"] = $"http://127.0.0.1:{FreePort.Next()}",
                ["ReverseProxy:Clusters:matching-rest:Destinations:primary:Address"] = $"http://127.0.0.1:{FreePort.Next()}",
            },
            waitUntilReady: false, contentRoot: Path.Combine(Apps.RepositoryRoot(), "services", "gateway"));
        using var http = gateway.CreateHttpClient();

        var ready = await Eventually.Until("the gateway answers", async () =>
        {
            try { return await http.GetAsync("/healthz/ready"); } catch (HttpRequestException) { return null; }
        });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var report = await ready.Content.ReadAsStringAsync();
        Assert.Contains("\"matching-rest\":\"not ready\"", report);
        Assert.Contains("\"profile-rest\":\"ready\"", report);
        using var partner = gateway.CreateHttpClient(await TestIdentity.PartnerAsync());
        Assert.Equal(HttpStatusCode.BadGateway, (await partner.GetAsync($"/matching/v1/people/{Guid.NewGuid()}/candidates")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz/live")).StatusCode);
    }
}
