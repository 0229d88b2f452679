using System.Net;
using System.Text.Json;
using Dapper;
using Mentoring.Gateway;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Mentoring.IntegrationTests.Gateway;

/// <summary>
/// What the front-door tests put gateways in front of: a real profile service on its own database,
/// and an echo destination (routed as <c>feedback-rest</c>) that answers every request with the
/// request headers it received, as JSON. Each test starts its own gateway, so limits never leak
/// from one test into another.
/// </summary>
public sealed class FrontDoorFixture : IAsyncLifetime
{
    public TestDatabase Db { get; private set; } = null!;
    public RunningService Profile { get; private set; } = null!;
    public Uri EchoAddress { get; private set; } = null!;

    /// <summary>A partner token of tenant acme: every service route needs a valid token.</summary>
    public string Token { get; private set; } = null!;
    private WebApplication echo = null!;

    public async Task InitializeAsync()
    {
        Db = await Databases.FreshAsync();
        Token = await TestIdentity.PartnerAsync();
        Profile = await Apps.StartAsync("profile", Db);
        (echo, EchoAddress) = await StartEchoAsync();
    }

    private static IEnumerable<string> GatewayClusters()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(Apps.RepositoryRoot(), "services", "gateway", "appsettings.json")));
        return settings.RootElement.GetProperty("ReverseProxy").GetProperty("Clusters").EnumerateObject().Select(c => c.Name).ToList();
    }

    public async Task DisposeAsync()
    {
        await echo.DisposeAsync();
        await Profile.DisposeAsync();
    }

    /// <summary>A gateway in front of profile (gRPC and REST) and the echo (<c>/feedback/…</c>), with extra settings.</summary>
    /// <param name="environment">Development (as in the tests and ./platform up) unless a test needs another's defaults.</param>
    public async Task<RunningService> StartGatewayAsync(IReadOnlyDictionary<string, string?>? settings = null, string environment = "Development")
    {
        var all = await TestIdentity.ResourceServerSettingsAsync();
        // Every other destination on a port nobody listens on, so that services running on this
        // machine at their default ports (a ./platform up) do not answer in their place.
        foreach (var cluster in GatewayClusters()) all[$"ReverseProxy:Clusters:{cluster}:Destinations:primary:Address"] = $"http://127.0.0.1:{FreePort.Next()}/";
        foreach (var (k, v) in new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:profile-grpc:Destinations:primary:Address"] = Profile.GrpcAddress.ToString(),
            ["ReverseProxy:Clusters:profile-rest:Destinations:primary:Address"] = Profile.HttpAddress.ToString(),
            ["ReverseProxy:Clusters:feedback-rest:Destinations:primary:Address"] = EchoAddress.ToString(),
        }) all[k] = v;
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        // The other services are not running, so the gateway is live but never ready.
        var gateway = await RunningService.StartAsync("gateway", GatewayApp.Create, all, waitUntilReady: false,
            contentRoot: Path.Combine(Apps.RepositoryRoot(), "services", "gateway"), environment: environment);
        using var http = gateway.CreateHttpClient();
        await Eventually.True("the gateway is live", async () => (await http.GetAsync("/healthz/live")).IsSuccessStatusCode);
        return gateway;
    }

    /// <summary>How many people with this e-mail profile has stored.</summary>
    public async Task<long> PeopleWithEmailAsync(string email)
    {
        await using var admin = Db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<long>("SELECT count(*) FROM profile.person WHERE email = @email", new { email });
    }

    private static async Task<(WebApplication, Uri)> StartEchoAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = Directory.CreateTempSubdirectory("mentoring-echo-").FullName,
            EnvironmentName = "Development",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        app.Map("/{**path}", (HttpRequest request) =>
        {
            // A destination's own opinion, which the gateway must override.
            request.HttpContext.Response.Headers["X-Frame-Options"] = "SAMEORIGIN";
            return Results.Json(request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToArray()));
        });
        await app.StartAsync();
        return (app, new Uri($"http://127.0.0.1:{port}"));
    }
}
