using Mentoring.Feedback;
using Mentoring.Gateway;
using Mentoring.Integration;
using Mentoring.Matching;
using Mentoring.Profile;
using Mentoring.Scheduling;
using Mentoring.Testing;

namespace Mentoring.IntegrationTests.Support;

/// <summary>Starts the real services against a test database.</summary>
public static class Apps
{
    public static readonly IReadOnlyDictionary<string, AppFactory> Factories = new Dictionary<string, AppFactory>
    {
        [ProfileApp.Name] = ProfileApp.Create,
        [MatchingApp.Name] = MatchingApp.Create,
        [SchedulingApp.Name] = SchedulingApp.Create,
        [FeedbackApp.Name] = FeedbackApp.Create,
        [IntegrationApp.Name] = IntegrationApp.Create,
    };

    /// <summary>Starts a service on the test database, accepting tokens of <see cref="TestIdentity"/>.</summary>
    /// <param name="ports">Fixed ports, e.g. to restart a service where the gateway expects it (default: free ones).</param>
    public static async Task<RunningService> StartAsync(
        string service, TestDatabase db, IReadOnlyDictionary<string, string?>? settings = null, bool waitUntilReady = true,
        (int Grpc, int Http)? ports = null)
    {
        var all = await TestIdentity.ResourceServerSettingsAsync();
        all["ConnectionStrings:Service"] = db.ServiceConnectionString(service);
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        return await RunningService.StartAsync(service, Factories[service], all, waitUntilReady, ports: ports);
    }

    /// <summary>
    /// The gateway with its real route table (services/gateway/appsettings.json), pointed at the given
    /// services and at a token server (default <see cref="TestIdentity"/>), whose tokens it accepts.
    /// Several instances of one service become destinations of the same clusters, named as
    /// <c>./platform up --replicas</c> names them (<see cref="DestinationName"/>).
    /// </summary>
    /// <param name="ports">Fixed ports, when its address must be known beforehand (e.g. to be the issuer).</param>
    /// <param name="waitUntilReady">false: wait until it is live only (it is ready only when every service runs).</param>
    /// <param name="settings">Extra gateway settings.</param>
    public static async Task<RunningService> StartGatewayAsync(
        IEnumerable<RunningService> services, IdentityServer? identity = null, (int Grpc, int Http)? ports = null,
        bool waitUntilReady = true, IReadOnlyDictionary<string, string?>? settings = null)
    {
        identity ??= await TestIdentity.ServerAsync();
        var all = ResourceServerSettings(identity);
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        all["ReverseProxy:Clusters:identity:Destinations:primary:Address"] = identity.Service.HttpAddress.ToString();
        foreach (var instances in services.GroupBy(s => s.Name))
        {
            foreach (var (s, destination) in instances.Select((s, i) => (s, DestinationName(s.Name, i + 1))))
            {
                all[$"ReverseProxy:Clusters:{s.Name}-grpc:Destinations:{destination}:Address"] = s.GrpcAddress.ToString();
                all[$"ReverseProxy:Clusters:{s.Name}-rest:Destinations:{destination}:Address"] = s.HttpAddress.ToString();
            }
        }
        var gateway = await RunningService.StartAsync("gateway", GatewayApp.Create, all, waitUntilReady,
            contentRoot: Path.Combine(RepositoryRoot(), "services", "gateway"), ports: ports);
        if (!waitUntilReady)
        {
            using var http = gateway.CreateHttpClient();
            await Eventually.True("the gateway is live", async () => (await http.GetAsync("/healthz/live")).IsSuccessStatusCode);
        }
        return gateway;
    }

    /// <summary>The gateway's destination for instance <paramref name="instance"/> (from 1) of a service: <c>primary</c>, <c>profile-2</c>, ….</summary>
    public static string DestinationName(string service, int instance) => instance == 1 ? "primary" : $"{service}-{instance}";

    /// <summary>
    /// What a service or the gateway needs to accept the tokens of <paramref name="identity"/>: its
    /// discovery document and keys, fetched from the server directly (whatever issuer it names).
    /// </summary>
    public static Dictionary<string, string?> ResourceServerSettings(IdentityServer identity) => new()
    {
        ["Authentication:Authority"] = identity.Address.ToString(),
        ["Authentication:RequireHttpsMetadata"] = "false",
    };

    public static string RepositoryRoot() => Repository.Root();
}
