using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Mentoring.Testing;

/// <summary>Creates a service's WebApplication from arguments and extra configuration (each service's <c>XxxApp.Create</c>).</summary>
public delegate WebApplication AppFactory(string[] args, Action<IConfigurationBuilder>? configure);

/// <summary>
/// A service running in the test process on real Kestrel ports (HTTP/2 for gRPC, HTTP/1.1 for
/// REST and health), against a real database, exactly as it runs in production but in-process.
/// </summary>
public sealed class RunningService : IAsyncDisposable
{
    private string? ownContentRoot;

    private RunningService(string name, WebApplication app, int grpcPort, int httpPort)
    {
        Name = name;
        App = app;
        GrpcAddress = new Uri($"http://127.0.0.1:{grpcPort}");
        HttpAddress = new Uri($"http://127.0.0.1:{httpPort}");
    }

    public string Name { get; }
    public WebApplication App { get; }
    public Uri GrpcAddress { get; }
    public Uri HttpAddress { get; }
    public IServiceProvider Services => App.Services;

    /// <summary>Settings every hosted test service gets: fast polling and retries, quiet logs.</summary>
    public static IReadOnlyDictionary<string, string?> TestDefaults { get; } = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
        ["Events:PollInterval"] = "00:00:00.200",
        ["Events:PublishRetryInitial"] = "00:00:00.100",
        ["Events:PublishRetryMax"] = "00:00:00.500",
        ["Events:DeliveryRetryInitial"] = "00:00:00.100",
        ["Events:DeliveryRetryMax"] = "00:00:00.300",
        ["Tenancy:DevelopmentTenant"] = "acme",
    };

    /// <param name="ports">Fixed ports, for an address that must be known before the service starts (default: free ones).</param>
    /// <param name="environment">The host environment; Development unless a test needs what other environments do.</param>
    public static async Task<RunningService> StartAsync(
        string name, AppFactory create, IReadOnlyDictionary<string, string?> settings, bool waitUntilReady = true,
        string? contentRoot = null, (int Grpc, int Http)? ports = null, string environment = "Development")
    {
        var grpcPort = ports?.Grpc ?? FreePort.Next();
        var httpPort = ports?.Http ?? FreePort.Next();
        var config = new Dictionary<string, string?>(TestDefaults)
        {
            ["Service:GrpcPort"] = grpcPort.ToString(),
            ["Service:HttpPort"] = httpPort.ToString(),
        };
        foreach (var (key, value) in settings) config[key] = value;

        // By default an empty content root: the test output folder holds some service's
        // appsettings.json, which must not leak into another service.
        var ownRoot = contentRoot is null ? Directory.CreateTempSubdirectory("mentoring-host-").FullName : null;
        var app = create(["--contentRoot", contentRoot ?? ownRoot!, "--environment", environment], c => c.AddInMemoryCollection(config));
        await app.StartAsync();
        var service = new RunningService(name, app, grpcPort, httpPort) { ownContentRoot = ownRoot };
        if (waitUntilReady) await service.WaitUntilReadyAsync();
        return service;
    }

    public async Task WaitUntilReadyAsync()
    {
        using var http = CreateHttpClient();
        await Eventually.True($"{Name} answers /healthz/ready", async () =>
            (await http.GetAsync("/healthz/ready")).IsSuccessStatusCode);
    }

    /// <summary>A gRPC channel; with <paramref name="accessToken"/> every call carries it as a bearer token.</summary>
    public GrpcChannel CreateChannel(string? accessToken = null) => TestChannels.For(GrpcAddress, accessToken);

    /// <summary>An HTTP client for the REST port; with <paramref name="accessToken"/> it sends it as a bearer token.</summary>
    public HttpClient CreateHttpClient(string? accessToken = null)
    {
        var client = new HttpClient { BaseAddress = HttpAddress };
        if (accessToken is not null)
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (ownContentRoot is not null) Directory.Delete(ownContentRoot, recursive: true);
    }
}
