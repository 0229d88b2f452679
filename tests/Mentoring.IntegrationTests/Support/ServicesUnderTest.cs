using Grpc.Core;
using Mentoring.Testing;

namespace Mentoring.IntegrationTests.Support;

/// <summary>
/// The setup most test classes share: a database of their own with the named services running on
/// it, accepting <see cref="TestIdentity"/>'s tokens. xunit makes one instance per test, so each
/// test gets its own database and hosts. Derive, name the services, and add what is particular.
/// </summary>
public abstract class ServicesUnderTest(params string[] services) : IAsyncLifetime
{
    private readonly Dictionary<string, RunningService> running = new();

    protected TestDatabase Db { get; private set; } = null!;

    /// <summary>A running service of this test, by name.</summary>
    protected RunningService Service(string name) => running[name];

    /// <summary>Puts a restarted service in place of the one of that name (which the test stopped itself).</summary>
    protected void ReplaceService(string name, RunningService service) => running[name] = service;

    /// <summary>Extra settings of one service (none by default).</summary>
    protected virtual IReadOnlyDictionary<string, string?>? SettingsOf(string service) => null;

    /// <summary>A gRPC client of <paramref name="service"/> whose calls carry <paramref name="token"/>.</summary>
    protected TClient Client<TClient>(string service, string token) where TClient : ClientBase<TClient> =>
        (TClient)Activator.CreateInstance(typeof(TClient), Service(service).CreateChannel(token))!;

    /// <summary>A gRPC client of <paramref name="service"/> for the token of <paramref name="who"/> (e.g. <c>TestIdentity.PartnerAsync()</c>).</summary>
    protected async Task<TClient> ClientAsync<TClient>(string service, Task<string> who) where TClient : ClientBase<TClient> =>
        Client<TClient>(service, await who);

    public virtual async Task InitializeAsync()
    {
        Db = await Databases.FreshAsync();
        foreach (var name in services) running[name] = await Apps.StartAsync(name, Db, SettingsOf(name));
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var service in running.Values.Reverse()) await service.DisposeAsync();
    }
}
