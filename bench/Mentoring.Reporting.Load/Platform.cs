using Mentoring.Feedback;
using Mentoring.Gateway;
using Mentoring.Identity;
using Mentoring.Matching;
using Mentoring.Profile;
using Mentoring.Scheduling;
using Mentoring.Testing;

namespace Mentoring.Reporting.Load;

/// <summary>
/// The platform as the reporting job meets it, hosted in-process on real Kestrel ports (as the
/// integration tests do): the token server with the organisation's reporting client, the four
/// services whose sections make a report, and the gateway with its real route table in front of them.
/// </summary>
internal sealed class Platform : IAsyncDisposable
{
    public const string ReportingClient = "reporting-acme", ReportingSecret = "bench-reporting-secret-acme";

    private readonly List<RunningService> running = [];
    public RunningService Identity => running[0];
    public RunningService Gateway => running[^1];

    public static async Task<Platform> StartAsync(TestDatabase db)
    {
        var platform = new Platform();
        platform.running.Add(await RunningService.StartAsync(IdentityApp.Name, IdentityApp.Create, Quiet(new()
        {
            ["ConnectionStrings:Service"] = db.ServiceConnectionString(IdentityApp.Name),
            ["Identity:RequireHttps"] = "false",
            ["Identity:Issuer"] = "",
            ["Identity:Seed:Clients:0:ClientId"] = ReportingClient,
            ["Identity:Seed:Clients:0:ClientSecret"] = ReportingSecret,
            ["Identity:Seed:Clients:0:Tenant"] = Organisation.Tenant,
            ["Identity:Seed:Clients:0:GrantTypes:0"] = "client_credentials",
            ["Identity:Seed:Clients:0:Scopes:0"] = "reporting.read",
        })));
        var gatewaySettings = new Dictionary<string, string?>
        {
            ["Authentication:Authority"] = platform.Identity.HttpAddress.ToString(),
            ["Authentication:RequireHttpsMetadata"] = "false",
            ["Gateway:RateLimit:PermitLimit"] = "100000000",
            ["ReverseProxy:Clusters:identity:Destinations:primary:Address"] = platform.Identity.HttpAddress.ToString(),
        };
        foreach (var (name, create) in new (string, AppFactory)[]
                 {
                     (MatchingApp.Name, MatchingApp.Create), (SchedulingApp.Name, SchedulingApp.Create),
                     (FeedbackApp.Name, FeedbackApp.Create), (ProfileApp.Name, ProfileApp.Create),
                 })
        {
            var service = await RunningService.StartAsync(name, create, Quiet(new()
            {
                ["Authentication:Authority"] = platform.Identity.HttpAddress.ToString(),
                ["Authentication:RequireHttpsMetadata"] = "false",
                ["ConnectionStrings:Service"] = db.ServiceConnectionString(name),
            }));
            platform.running.Add(service);
            gatewaySettings[$"ReverseProxy:Clusters:{name}-grpc:Destinations:primary:Address"] = service.GrpcAddress.ToString();
            gatewaySettings[$"ReverseProxy:Clusters:{name}-rest:Destinations:primary:Address"] = service.HttpAddress.ToString();
        }
        // Not ready until every service behind it runs (integration is not started here): wait until live.
        var gateway = await RunningService.StartAsync("gateway", GatewayApp.Create, Quiet(gatewaySettings), waitUntilReady: false,
            contentRoot: Path.Combine(Repository.Root(), "services", "gateway"));
        platform.running.Add(gateway);
        using var http = gateway.CreateHttpClient();
        await Eventually.True("the gateway is live", async () => (await http.GetAsync("/healthz/live")).IsSuccessStatusCode);
        return platform;
    }

    /// <summary>Readiness probes while hosts start, and every request's log line, are no news here.</summary>
    private static Dictionary<string, string?> Quiet(Dictionary<string, string?> settings)
    {
        settings["Logging:LogLevel:Default"] = "Warning";
        settings["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = "None";
        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = running.Count - 1; i >= 0; i--) await running[i].DisposeAsync();
    }
}
