using System.Net;
using Mentoring.Gateway.AdminSpa;

namespace Mentoring.IntegrationTests.Gateway;

/// <summary>The gateway serves the admin SPA's built files at /admin, client routes included, anonymously.</summary>
public sealed class AdminSpaFilesTests(FrontDoorFixture fixture) : IClassFixture<FrontDoorFixture>
{
    [Fact]
    public async Task Files_client_routes_and_missing_assets_are_answered_as_a_static_spa_needs()
    {
        var dist = Directory.CreateTempSubdirectory("admin-dist-").FullName;
        Directory.CreateDirectory(Path.Combine(dist, "assets"));
        await File.WriteAllTextAsync(Path.Combine(dist, "index.html"), "<!doctype html><title>admin</title>");
        await File.WriteAllTextAsync(Path.Combine(dist, "assets", "index-abc.js"), "console.log(1)");
        await using var gateway = await fixture.StartGatewayAsync(new Dictionary<string, string?> { [AdminSpaEndpoints.PathSetting] = dist });
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = gateway.HttpAddress };

        var bare = await http.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);
        Assert.Equal("/admin/", bare.Headers.Location?.OriginalString);

        foreach (var route in new[] { "/admin/", "/admin/programmes", "/admin/callback?code=x&state=y" })
        {
            var page = await http.GetAsync(route);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<title>admin</title>", await page.Content.ReadAsStringAsync());
            Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single()); // the front door's headers
            Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        }

        var asset = await http.GetAsync("/admin/assets/index-abc.js");
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal("text/javascript", asset.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", asset.Headers.CacheControl?.ToString());

        // Sign-in is registered for 127.0.0.1: a page asked for at localhost is the same page there.
        using var atLocalhost = new HttpRequestMessage(HttpMethod.Get, "/admin/programmes?x=1");
        atLocalhost.Headers.Host = $"localhost:{gateway.HttpAddress.Port}";
        var moved = await http.SendAsync(atLocalhost);
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal($"http://127.0.0.1:{gateway.HttpAddress.Port}/admin/programmes?x=1", moved.Headers.Location?.OriginalString);

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/admin/assets/missing.js")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/admin/..%2F..%2Fetc%2Fpasswd.txt")).StatusCode);
    }

    [Fact]
    public async Task Without_a_built_spa_the_gateway_still_starts_and_says_what_is_missing()
    {
        var empty = Directory.CreateTempSubdirectory("admin-dist-").FullName;
        await using var gateway = await fixture.StartGatewayAsync(new Dictionary<string, string?> { [AdminSpaEndpoints.PathSetting] = empty });
        using var http = gateway.CreateHttpClient();

        var page = await http.GetAsync("/admin/programmes");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("npm run build", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz/live")).StatusCode);
    }
}
