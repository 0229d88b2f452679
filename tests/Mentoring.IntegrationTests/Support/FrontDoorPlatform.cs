using Mentoring.Testing;

namespace Mentoring.IntegrationTests.Support;

/// <summary>
/// The platform as a browser, a partner and <c>./platform token</c> see it: through the gateway only.
/// Identity runs with the development seed of services/identity (the client <c>admin-spa</c>,
/// <c>admin@demo.example</c>, <c>ada@demo.example</c>, <c>partner-demo</c>) and issues its tokens
/// under the gateway's address (<c>Identity:Issuer</c>, as <c>./platform up</c> sets it), so the
/// gateway's ports are chosen before anything starts. Profile and the gateway fetch the discovery
/// document and keys from identity directly (<c>Authentication:Authority</c>), as in the development
/// run: the tokens' issuer must still validate in both. Every service runs behind it, as after
/// <c>./platform up</c>, so the README's examples run here too.
/// </summary>
public class FrontDoorPlatform : IAsyncLifetime
{
    private readonly string[] behind;
    private readonly IReadOnlyDictionary<string, string?>? gatewaySettings;
    private readonly IReadOnlyDictionary<string, string?>? identitySettings;

    public FrontDoorPlatform() : this([.. Apps.Factories.Keys]) { }

    /// <param name="behind">The services to run behind the gateway (default: all; with fewer the gateway is live, not ready).</param>
    /// <param name="gatewaySettings">Extra gateway settings, e.g. <c>Gateway:AdminSpaPath</c>.</param>
    /// <param name="identitySettings">Extra token-server settings, e.g. more seeded users.</param>
    protected FrontDoorPlatform(string[] behind, IReadOnlyDictionary<string, string?>? gatewaySettings = null,
        IReadOnlyDictionary<string, string?>? identitySettings = null)
    {
        this.behind = behind;
        this.gatewaySettings = gatewaySettings;
        this.identitySettings = identitySettings;
    }

    public const string Collection = "front door platform";

    public const string SpaClient = "admin-spa";
    public const string AdminEmail = "admin@demo.example";
    public const string AdminPassword = "dev-only-admin";
    public const string PersonEmail = "ada@demo.example";
    public const string PersonPassword = "dev-only-ada";

    /// <summary>The scopes the development SPA may ask for.</summary>
    public static readonly string[] SpaScopes =
        ["openid", "profile.read", "profile.write", "matching.read", "matching.write", "scheduling.read", "scheduling.write",
         "feedback.read", "feedback.write"];

    /// <summary>Identity at its own address (the resource servers' view).</summary>
    public IdentityServer Identity { get; private set; } = null!;

    /// <summary>Identity as clients reach it: every flow through the gateway.</summary>
    public IdentityServer ThroughGateway { get; private set; } = null!;

    private readonly List<RunningService> services = [];

    /// <summary>The database every service of the platform runs against.</summary>
    public TestDatabase Database { get; private set; } = null!;

    public RunningService Profile => Service("profile");

    /// <summary>A running service by name: profile, matching, scheduling, feedback.</summary>
    public RunningService Service(string name) => services.Single(s => s.Name == name);
    public RunningService Gateway { get; private set; } = null!;

    /// <summary>The gateway's HTTP origin, e.g. <c>http://127.0.0.1:41234</c>: the issuer, and where every browser hop must stay.</summary>
    public Uri GatewayOrigin => Gateway.HttpAddress;

    public async Task InitializeAsync()
    {
        var db = Database = await Databases.FreshAsync();
        var ports = (Grpc: FreePort.Next(), Http: FreePort.Next());
        var origin = $"http://127.0.0.1:{ports.Http}";
        var seed = DevelopmentSeed.SpaRedirectSettings(origin);
        seed["Identity:Issuer"] = origin + "/";
        foreach (var (key, value) in identitySettings ?? new Dictionary<string, string?>()) seed[key] = value;
        Identity = await IdentityServer.StartAsync(db, tenants: [], settings: seed, contentRoot: DevelopmentSeed.IdentityContentRoot);
        foreach (var name in behind) services.Add(await Apps.StartAsync(name, db, Apps.ResourceServerSettings(Identity)));
        Gateway = await Apps.StartGatewayAsync(services, Identity, ports,
            waitUntilReady: behind.Length == Apps.Factories.Count, settings: gatewaySettings);
        ThroughGateway = Identity.Through(Gateway.HttpAddress);
    }

    public async Task DisposeAsync()
    {
        await ThroughGateway.DisposeAsync();
        await Gateway.DisposeAsync();
        foreach (var service in services) await service.DisposeAsync();
        await Identity.DisposeAsync();
    }

    /// <summary>Is <paramref name="url"/> on the gateway's origin (scheme, host and port)?</summary>
    public bool OnGateway(Uri url) =>
        Uri.Compare(url, GatewayOrigin, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}

[CollectionDefinition(FrontDoorPlatform.Collection)]
public sealed class FrontDoorPlatformCollection : ICollectionFixture<FrontDoorPlatform>;
