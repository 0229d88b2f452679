using Mentoring.Bench.Shared;
using Mentoring.BuildingBlocks.Persistence;
using Mentoring.Gateway;
using Mentoring.Identity;
using Mentoring.Identity.Startup;
using Mentoring.Matching;
using Mentoring.Profile;
using Mentoring.Testing;

namespace Mentoring.Platform.Load;

/// <summary>
/// The pieces of the platform the driver hosts in-process, as bench/Mentoring.Scheduling.Load and
/// the integration tests (tests/Mentoring.IntegrationTests/Support/Apps.cs, IdentityServer.cs) do:
/// databases copied from a migrated template, the token server with one partner client, profile or
/// matching instances, and the gateway with its real route table.
/// </summary>
internal static class Platform
{
    public const string Tenant = "acme";
    private static readonly BenchClient Partner = new("partner-acme", "bench-partner-secret-acme", Tenant, "profile.read", "profile.write");

    /// <summary>Profile's and identity's schemas migrated once (gateway scenario).</summary>
    private static readonly DatabaseTemplate ProfileMigrated = new("bench-platform", db =>
    {
        DatabaseMigrator.ApplyService(db.ServiceConnectionString(ProfileApp.Name), ProfileApp.Name, typeof(ProfileApp).Assembly);
        IdentityInitializer.Migrate(db.ServiceConnectionString(IdentityApp.Name));
        return Task.CompletedTask;
    });

    /// <summary>Matching's schema migrated once per server (event scenario); each replica count gets a copy.</summary>
    public static readonly DatabaseTemplate MatchingMigrated = new("bench-platform-events", db =>
    {
        DatabaseMigrator.ApplyService(db.ServiceConnectionString(MatchingApp.Name), MatchingApp.Name, typeof(MatchingApp).Assembly);
        return Task.CompletedTask;
    });

    public static Task<TestDatabase> FreshProfileDatabaseAsync() => ProfileMigrated.CreateDatabaseAsync();

    /// <summary>Added to every host's settings: the readiness probes while a host starts are no news.</summary>
    private static Dictionary<string, string?> Quiet(Dictionary<string, string?> settings)
    {
        settings["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = "None";
        // The gateway probes the clusters of the services not started here: refused connections are no news either.
        settings["Logging:LogLevel:Yarp.ReverseProxy.Health"] = "None";
        return settings;
    }

    /// <summary>The token server, seeded with a partner client of <see cref="Tenant"/> (client credentials).</summary>
    public static Task<RunningService> StartIdentityAsync(TestDatabase db) =>
        RunningService.StartAsync(IdentityApp.Name, IdentityApp.Create, Quiet(BenchIdentity.Settings(db, Partner)));

    /// <summary>An access token of the partner client.</summary>
    public static Task<string> PartnerTokenAsync(RunningService identity) => BenchIdentity.TokenAsync(identity, Partner);

    /// <summary>A profile instance on <paramref name="db"/> accepting the tokens of <paramref name="identity"/>.</summary>
    public static Task<RunningService> StartProfileAsync(TestDatabase db, RunningService identity) =>
        RunningService.StartAsync(ProfileApp.Name, ProfileApp.Create, Quiet(new Dictionary<string, string?>
        {
            ["Authentication:Authority"] = identity.HttpAddress.ToString(),
            ["Authentication:RequireHttpsMetadata"] = "false",
            ["ConnectionStrings:Service"] = db.ServiceConnectionString(ProfileApp.Name),
        }));

    /// <summary>
    /// A matching instance on <paramref name="db"/> (postgres transport, the default). It takes no calls
    /// here, so no token server: any authority will do (keys are fetched on the first call).
    /// </summary>
    public static Task<RunningService> StartMatchingAsync(TestDatabase db, int instance) =>
        RunningService.StartAsync($"{MatchingApp.Name}-{instance}", MatchingApp.Create, Quiet(new Dictionary<string, string?>
        {
            ["Authentication:Authority"] = "http://127.0.0.1:9/",
            ["Authentication:RequireHttpsMetadata"] = "false",
            ["ConnectionStrings:Service"] = db.ServiceConnectionString(MatchingApp.Name),
        }));

    /// <summary>
    /// The gateway with its real route table (services/gateway/appsettings.json) in front of profile and
    /// identity. Its per-client rate limit is raised: the driver times the path, not the limiter.
    /// </summary>
    public static async Task<RunningService> StartGatewayAsync(RunningService identity, RunningService profile)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Authentication:Authority"] = identity.HttpAddress.ToString(),
            ["Authentication:RequireHttpsMetadata"] = "false",
            ["Gateway:RateLimit:PermitLimit"] = "100000000",
            ["ReverseProxy:Clusters:identity:Destinations:primary:Address"] = identity.HttpAddress.ToString(),
            ["ReverseProxy:Clusters:profile-grpc:Destinations:primary:Address"] = profile.GrpcAddress.ToString(),
            ["ReverseProxy:Clusters:profile-rest:Destinations:primary:Address"] = profile.HttpAddress.ToString(),
        };
        // Not ready until every service behind it runs (matching, scheduling, ... are not started here): wait until live.
        var gateway = await RunningService.StartAsync("gateway", GatewayApp.Create, Quiet(settings), waitUntilReady: false,
            contentRoot: Path.Combine(Repository.Root(), "services", "gateway"));
        using var http = gateway.CreateHttpClient();
        await Eventually.True("the gateway is live", async () => (await http.GetAsync("/healthz/live")).IsSuccessStatusCode);
        return gateway;
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
