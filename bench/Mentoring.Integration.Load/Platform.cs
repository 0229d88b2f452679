using Mentoring.BuildingBlocks.Persistence;
using Mentoring.Client;
using Mentoring.Gateway;
using Mentoring.Identity;
using Mentoring.Identity.Startup;
using Mentoring.Integration;
using Mentoring.Testing;

namespace Mentoring.Integration.Load;

/// <summary>
/// The pieces of the platform the benchmark hosts in-process, as the integration tests and
/// bench/Mentoring.Scheduling.Load do: a database copied from a migrated template, the token server
/// with one partner client, the integration service, and the gateway with its real route table.
/// </summary>
internal sealed class Platform : IAsyncDisposable
{
    public const string Tenant = "acme";
    private const string PartnerClient = "partner-acme", PartnerSecret = "bench-partner-secret-acme";
    private static readonly string[] Scopes = ["events.read", "scheduling.read"];

    private static readonly DatabaseTemplate Migrated = new("bench-integration", db =>
    {
        DatabaseMigrator.ApplyService(db.ServiceConnectionString(IntegrationApp.Name), IntegrationApp.Name, typeof(IntegrationApp).Assembly);
        IdentityInitializer.Migrate(db.ServiceConnectionString(IdentityApp.Name));
        return Task.CompletedTask;
    });

    private readonly List<RunningService> hosts = [];

    public required TestDatabase Db { get; init; }
    public RunningService Gateway => hosts[^1];
    public RunningService Identity => hosts[0];

    public static async Task<Platform> StartAsync(IReadOnlyDictionary<string, string?> integrationSettings)
    {
        var platform = new Platform { Db = await Migrated.CreateDatabaseAsync() };
        var identity = await Host(platform, IdentityApp.Name, IdentityApp.Create, new()
        {
            ["ConnectionStrings:Service"] = platform.Db.ServiceConnectionString(IdentityApp.Name),
            ["Identity:RequireHttps"] = "false", ["Identity:Issuer"] = "", ["Identity:AccessTokenLifetime"] = "04:00:00",
            ["Identity:Seed:Clients:0:ClientId"] = PartnerClient, ["Identity:Seed:Clients:0:ClientSecret"] = PartnerSecret,
            ["Identity:Seed:Clients:0:Tenant"] = Tenant, ["Identity:Seed:Clients:0:GrantTypes:0"] = "client_credentials",
            ["Identity:Seed:Clients:0:Scopes:0"] = Scopes[0], ["Identity:Seed:Clients:0:Scopes:1"] = Scopes[1],
        });
        var settings = new Dictionary<string, string?>
        {
            ["Authentication:Authority"] = identity.HttpAddress.ToString(), ["Authentication:RequireHttpsMetadata"] = "false",
            ["ConnectionStrings:Service"] = platform.Db.ServiceConnectionString(IntegrationApp.Name),
        };
        foreach (var (k, v) in integrationSettings) settings[k] = v;
        var integration = await Host(platform, IntegrationApp.Name, IntegrationApp.Create, settings);
        // Not ready until every service behind it runs (only integration is here): wait until live.
        var gateway = await Host(platform, "gateway", GatewayApp.Create, new()
        {
            ["Authentication:Authority"] = identity.HttpAddress.ToString(), ["Authentication:RequireHttpsMetadata"] = "false",
            ["ReverseProxy:Clusters:identity:Destinations:primary:Address"] = identity.HttpAddress.ToString(),
            ["ReverseProxy:Clusters:integration-grpc:Destinations:primary:Address"] = integration.GrpcAddress.ToString(),
            ["ReverseProxy:Clusters:integration-rest:Destinations:primary:Address"] = integration.HttpAddress.ToString(),
        }, waitUntilReady: false, contentRoot: Path.Combine(Repository.Root(), "services", "gateway"));
        using var http = gateway.CreateHttpClient();
        await Eventually.True("the gateway is live", async () => (await http.GetAsync("/healthz/live")).IsSuccessStatusCode);
        return platform;
    }

    /// <summary>A partner app's client through the gateway (its token from the token server, by client credentials).</summary>
    public MentoringClient CreatePartnerClient() => new(new MentoringClientOptions
    {
        GrpcAddress = Gateway.GrpcAddress, TokenAddress = Identity.HttpAddress,
        ClientId = PartnerClient, ClientSecret = PartnerSecret, Scopes = Scopes,
    });

    private static async Task<RunningService> Host(Platform platform, string name, AppFactory create, Dictionary<string, string?> settings,
        bool waitUntilReady = true, string? contentRoot = null)
    {
        // The readiness probes while a host starts are no news.
        settings["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = "None";
        var host = await RunningService.StartAsync(name, create, settings, waitUntilReady, contentRoot);
        platform.hosts.Add(host);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = hosts.Count - 1; i >= 0; i--) await hosts[i].DisposeAsync();
    }
}
