using Mentoring.Testing;

namespace Mentoring.IntegrationTests.Support;

/// <summary>
/// The named services behind the real gateway (its route table), as partner apps reach them, with the
/// integration service's heartbeats and polls quick enough for tests of event streams. Either can be
/// restarted at the same address while a client keeps running.
/// </summary>
public abstract class ServicesBehindGateway(params string[] services) : ServicesUnderTest(services)
{
    /// <summary>Heartbeats every half second, the partner log polled every 200 ms.</summary>
    public static readonly IReadOnlyDictionary<string, string?> QuickStreams = new Dictionary<string, string?>
    {
        ["Integration:HeartbeatInterval"] = "00:00:00.500",
        ["Integration:PollInterval"] = "00:00:00.200",
    };

    private readonly string[] behind = services;

    protected RunningService Gateway { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string?>? SettingsOf(string service) => service == "integration" ? QuickStreams : null;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Gateway = await StartGatewayAsync(ports: null);
    }

    public override async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>Stops the gateway, runs <paramref name="whileDown"/>, and starts it again at the same address.</summary>
    protected async Task RestartGatewayAsync(Func<Task>? whileDown = null)
    {
        var ports = (Gateway.GrpcAddress.Port, Gateway.HttpAddress.Port);
        await Gateway.DisposeAsync();
        if (whileDown is not null) await whileDown();
        Gateway = await StartGatewayAsync(ports);
    }

    /// <summary>Stops <paramref name="name"/>, runs <paramref name="whileDown"/>, and starts it again at the same address and settings.</summary>
    protected async Task RestartServiceAsync(string name, Func<Task>? whileDown = null)
    {
        var old = Service(name);
        var ports = (old.GrpcAddress.Port, old.HttpAddress.Port);
        await old.DisposeAsync();
        if (whileDown is not null) await whileDown();
        ReplaceService(name, await Apps.StartAsync(name, Db, SettingsOf(name), ports: ports));
    }

    private Task<RunningService> StartGatewayAsync((int Grpc, int Http)? ports) =>
        Apps.StartGatewayAsync(behind.Select(Service), ports: ports, waitUntilReady: false);
}
