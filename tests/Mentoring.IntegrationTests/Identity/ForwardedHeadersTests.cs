using System.Text.Json;
using Mentoring.IntegrationTests.Support;

namespace Mentoring.IntegrationTests.Identity;

/// <summary>
/// Identity believes X-Forwarded-Host/-Proto only from the proxies it trusts: loopback by default
/// (the gateway on the same machine), or exactly those of <c>Identity:ForwardedHeaders</c>.
/// </summary>
public sealed class ForwardedHeadersTests
{
    [Fact]
    public async Task By_default_a_proxy_on_loopback_names_the_address_the_client_used()
    {
        var identity = await TestIdentity.ServerAsync();

        var doc = await DiscoveryAsync(identity, forwardedHost: "front.example:8443", forwardedProto: "https");

        Assert.Equal("https://front.example:8443/connect/token", doc.GetProperty("token_endpoint").GetString());
        Assert.Equal("https://front.example:8443/connect/authorize", doc.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(identity.Issuer, doc.GetProperty("issuer").GetString()); // the issuer is configuration, never a header
    }

    [Fact]
    public async Task With_configured_proxies_anyone_else_is_not_believed()
    {
        await using var identity = await IdentityServer.StartAsync(await Databases.FreshAsync(), tenants: [],
            settings: new Dictionary<string, string?>
            {
                ["Identity:ForwardedHeaders:KnownProxies:0"] = "10.9.8.7",
                ["Identity:ForwardedHeaders:KnownNetworks:0"] = "192.168.100.0/24",
            });

        var doc = await DiscoveryAsync(identity, forwardedHost: "evil.example", forwardedProto: "https");

        Assert.Equal(identity.Address + "connect/token", doc.GetProperty("token_endpoint").GetString());
    }

    private static async Task<JsonElement> DiscoveryAsync(IdentityServer identity, string forwardedHost, string forwardedProto)
    {
        using var http = identity.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/openid-configuration");
        request.Headers.Add("X-Forwarded-Host", forwardedHost);
        request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
