using Mentoring.Feedback;
using Mentoring.Gateway;
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
    };

    /// <summary>Starts a service on the test database, accepting tokens of <see cref="TestIdentity"/>.</summary>
    public static async Task<RunningService> StartAsync(
        string service, TestDatabase db, IReadOnlyDictionary<string, string?>? settings = null, bool waitUntilReady = true)
    {
        var all = await TestIdentity.ResourceServerSettingsAsync();
        all["ConnectionStrings:Service"] = db.ServiceConnectionString(service);
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        return await RunningService.StartAsync(service, Factories[service], all, waitUntilReady);
    }

    /// <summary>
    /// The gateway with its real route table (services/gateway/appsettings.json), pointed at the given
    /// services; without <paramref name="waitUntilReady"/>, only until it is live (it is ready only
    /// when every destination is).
    /// </summary>
    public static async Task<RunningService> StartGatewayAsync(IEnumerable<RunningService> services, bool waitUntilReady = true)
    {
        var settings = await TestIdentity.ResourceServerSettingsAsync();
        var identity = await TestIdentity.ServerAsync();
        settings["ReverseProxy:Clusters:identity:Destinations:primary:Address"] = identity.Service.HttpAddress.ToString();
        foreach (var s in services)
        {
            settings[$"ReverseProxy:Clusters:{s.Name}-grpc:Destinations:primary:Address"] = s.GrpcAddress.ToString();
            settings[$"ReverseProxy:Clusters:{s.Name}-rest:Destinations:primary:Address"] = s.HttpAddress.ToString();
        }
        var gateway = await RunningService.StartAsync("gateway", GatewayApp.Create, settings, waitUntilReady,
            contentRoot: Path.Combine(RepositoryRoot(), "services", "gateway"));
        if (!waitUntilReady)
        {
            using var http = gateway.CreateHttpClient();
            await Eventually.True("the gateway is live", async () => (await http.GetAsync("/healthz/live")).IsSuccessStatusCode);
        }
        return gateway;
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "platform.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("platform.sln not found above the test output folder");
    }
}
