using System.Collections.Concurrent;
using Mentoring.BuildingBlocks.Provisioning;

namespace Mentoring.Testing;

/// <summary>
/// A database prepared once per server (provisioned, then <c>prepare</c>d: typically every schema
/// migrated) and copied for each test with <c>CREATE DATABASE … TEMPLATE</c>. A copy costs a file
/// copy instead of a provisioning and a migration run, and each test still owns its database.
/// PostgreSQL copies only a database nobody is connected to: <c>prepare</c> must close its
/// connections (the migrator's are unpooled).
/// </summary>
public sealed class DatabaseTemplate(string purpose, Func<TestDatabase, Task> prepare)
{
    /// <summary>Provisioned only (roles, schemas, event log): what <see cref="TestDatabase.CreateAsync"/> copies.</summary>
    public static DatabaseTemplate Provisioned { get; } = new("provisioned", _ => Task.CompletedTask);

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> byServer = new();

    /// <summary>A fresh copy on the shared test server.</summary>
    public async Task<TestDatabase> CreateDatabaseAsync() => await CreateDatabaseOnAsync(await PostgresServer.AdminConnectionStringAsync());

    /// <summary>A fresh copy on another server (e.g. a <see cref="ThrowAwayCluster"/>).</summary>
    public async Task<TestDatabase> CreateDatabaseOnAsync(string serverAdminConnectionString)
    {
        var template = await byServer.GetOrAdd(serverAdminConnectionString,
            server => new Lazy<Task<string>>(() => PrepareAsync(server))).Value;
        var name = TestDatabase.NewName();
        await DatabaseProvisioner.CopyAsync(serverAdminConnectionString, template, name);
        return TestDatabase.On(serverAdminConnectionString, name);
    }

    private async Task<string> PrepareAsync(string server)
    {
        var name = $"template_{purpose}_{Guid.NewGuid().ToString("N")[..8]}";
        await DatabaseProvisioner.ProvisionAsync(server, name, TestDatabase.Password);
        await prepare(TestDatabase.On(server, name));
        return name;
    }
}
