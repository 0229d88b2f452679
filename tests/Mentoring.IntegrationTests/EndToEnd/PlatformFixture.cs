using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;

namespace Mentoring.IntegrationTests.EndToEnd;

/// <summary>The whole platform on one fresh database: four services and the gateway in front.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private readonly List<RunningService> services = [];

    public RunningService Gateway { get; private set; } = null!;

    /// <summary>The platform's database, for tests that seed or inspect rows directly.</summary>
    public TestDatabase Database { get; private set; } = null!;

    /// <summary>A running service by name: profile, matching, scheduling, feedback.</summary>
    public RunningService Service(string name) => services.Single(s => s.Name == name);

    public async Task InitializeAsync()
    {
        var db = Database = await Databases.FreshAsync();
        foreach (var name in Apps.Factories.Keys) services.Add(await Apps.StartAsync(name, db));
        Gateway = await Apps.StartGatewayAsync(services);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        foreach (var service in services) await service.DisposeAsync();
    }
}
