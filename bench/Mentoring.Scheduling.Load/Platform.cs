using Mentoring.Bench.Shared;
using Mentoring.BuildingBlocks.Persistence;
using Mentoring.Gateway;
using Mentoring.Identity;
using Mentoring.Identity.Startup;
using Mentoring.Scheduling;
using Mentoring.Testing;

namespace Mentoring.Scheduling.Load;

/// <summary>
/// The pieces of the platform the load driver hosts in-process (as the integration tests do, see
/// tests/Mentoring.IntegrationTests/Support/Apps.cs and IdentityServer.cs; the minimum copied here):
/// databases copied from a migrated template, the token server with one partner client, scheduling
/// instances, and the gateway with its real route table.
/// </summary>
internal static class Platform
{
    public const string Tenant = "acme";
    private static readonly BenchClient Partner = new("partner-acme", "bench-partner-secret-acme", Tenant, "scheduling.read", "scheduling.write");

    /// <summary>Scheduling's and identity's schemas migrated once; each scenario gets a copy.</summary>
    private static readonly DatabaseTemplate Migrated = new("bench", db =>
    {
        DatabaseMigrator.ApplyService(db.ServiceConnectionString(SchedulingApp.Name), SchedulingApp.Name, typeof(SchedulingApp).Assembly);
        IdentityInitializer.Migrate(db.ServiceConnectionString(IdentityApp.Name));
        return Task.CompletedTask;
    });

    public static Task<TestDatabase> FreshDatabaseAsync() => Migrated.CreateDatabaseAsync();

    /// <summary>Added to every host's settings: the readiness probes while a host starts are no news.</summary>
    private static Dictionary<string, string?> Quiet(Dictionary<string, string?> settings)
    {
        settings["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = "None";
        return settings;
    }

    /// <summary>The token server, seeded with a partner client of <see cref="Tenant"/> (client credentials).</summary>
    public static Task<RunningService> StartIdentityAsync(TestDatabase db) =>
        RunningService.StartAsync(IdentityApp.Name, IdentityApp.Create, Quiet(BenchIdentity.Settings(db, Partner)));

    /// <summary>An access token of the partner client.</summary>
    public static Task<string> PartnerTokenAsync(RunningService identity) => BenchIdentity.TokenAsync(identity, Partner);

    /// <summary>A scheduling instance on <paramref name="db"/> accepting the tokens of <paramref name="identity"/> (none: no caller needed).</summary>
    public static Task<RunningService> StartSchedulingAsync(TestDatabase db, RunningService? identity, IReadOnlyDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>
        {
            // Without a token server (the reminder scenario makes no calls) any address will do: keys are fetched on the first call.
            ["Authentication:Authority"] = identity?.HttpAddress.ToString() ?? "http://127.0.0.1:9/",
            ["Authentication:RequireHttpsMetadata"] = "false",
            ["ConnectionStrings:Service"] = db.ServiceConnectionString(SchedulingApp.Name),
        };
        foreach (var (k, v) in settings) all[k] = v;
        return RunningService.StartAsync(SchedulingApp.Name, SchedulingApp.Create, Quiet(all));
    }

    /// <summary>
    /// The gateway with its real route table (services/gateway/appsettings.json) in front of scheduling and
    /// identity. Its per-client rate limit (1,000 per 10 s) is raised: the bench times the path, not the limiter.
    /// </summary>
    public static async Task<RunningService> StartGatewayAsync(RunningService identity, RunningService scheduling)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Authentication:Authority"] = identity.HttpAddress.ToString(),
            ["Authentication:RequireHttpsMetadata"] = "false",
            ["Gateway:RateLimit:PermitLimit"] = "100000000",
            ["ReverseProxy:Clusters:identity:Destinations:primary:Address"] = identity.HttpAddress.ToString(),
            ["ReverseProxy:Clusters:scheduling-grpc:Destinations:primary:Address"] = scheduling.GrpcAddress.ToString(),
            ["ReverseProxy:Clusters:scheduling-rest:Destinations:primary:Address"] = scheduling.HttpAddress.ToString(),
        };
        // Not ready until every service behind it runs (profile, matching, feedback are not started here): wait until live.
        var gateway = await RunningService.StartAsync("gateway", GatewayApp.Create, Quiet(settings), waitUntilReady: false,
            contentRoot: Path.Combine(Repository.Root(), "services", "gateway"));
        using var http = gateway.CreateHttpClient();
        await Eventually.True("the gateway is live", async () => (await http.GetAsync("/healthz/live")).IsSuccessStatusCode);
        return gateway;
    }
}
