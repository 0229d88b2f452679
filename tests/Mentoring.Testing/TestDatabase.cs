using Mentoring.BuildingBlocks.Provisioning;
using Npgsql;

namespace Mentoring.Testing;

/// <summary>
/// A fresh, provisioned database on the shared test server (roles, schemas, event log), so tests
/// never see each other's data and can run in any order.
/// </summary>
public sealed class TestDatabase
{
    private TestDatabase(string admin, string name) => (AdminConnectionString, Name) = (admin, name);

    public string Name { get; }

    /// <summary>Superuser connection to this database.</summary>
    public string AdminConnectionString { get; }

    public static string Password(string service) => "test-" + service;

    public static async Task<TestDatabase> CreateAsync()
    {
        var server = await PostgresServer.AdminConnectionStringAsync();
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await DatabaseProvisioner.ProvisionAsync(server, name, Password);
        return new TestDatabase(new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString, name);
    }

    /// <summary>A fresh, provisioned database on another server (e.g. a <see cref="ThrowAwayCluster"/>).</summary>
    public static async Task<TestDatabase> CreateOnAsync(string serverAdminConnectionString)
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await DatabaseProvisioner.ProvisionAsync(serverAdminConnectionString, name, Password);
        return new TestDatabase(new NpgsqlConnectionStringBuilder(serverAdminConnectionString) { Database = name }.ConnectionString, name);
    }

    /// <summary>The connection string a service uses: its own role, search_path = its schema.</summary>
    public string ServiceConnectionString(string service) =>
        DatabaseProvisioner.ServiceConnectionString(AdminConnectionString, Name, service, Password(service));

    public NpgsqlDataSource AdminDataSource() => NpgsqlDataSource.Create(AdminConnectionString);

    public NpgsqlDataSource ServiceDataSource(string service) => NpgsqlDataSource.Create(ServiceConnectionString(service));
}
