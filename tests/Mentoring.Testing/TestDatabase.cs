using Dapper;
using Npgsql;

namespace Mentoring.Testing;

/// <summary>
/// A fresh, provisioned database on the shared test server (roles, schemas, event log), so tests
/// never see each other's data and can run in any order. Each one is a copy of a
/// <see cref="DatabaseTemplate"/>.
/// </summary>
public sealed class TestDatabase
{
    private TestDatabase(string admin, string name) => (AdminConnectionString, Name) = (admin, name);

    public string Name { get; }

    /// <summary>Superuser connection to this database.</summary>
    public string AdminConnectionString { get; }

    public static string Password(string service) => "test-" + service;

    /// <summary>Provisioned, with no service schema migrated yet (each service migrates its own as it starts).</summary>
    public static Task<TestDatabase> CreateAsync() => DatabaseTemplate.Provisioned.CreateDatabaseAsync();

    /// <summary>Provisioned on another server (e.g. a <see cref="ThrowAwayCluster"/>).</summary>
    public static Task<TestDatabase> CreateOnAsync(string serverAdminConnectionString) =>
        DatabaseTemplate.Provisioned.CreateDatabaseOnAsync(serverAdminConnectionString);

    internal static string NewName() => "t_" + Guid.NewGuid().ToString("N")[..16];

    internal static TestDatabase On(string serverAdminConnectionString, string name) =>
        new(new NpgsqlConnectionStringBuilder(serverAdminConnectionString) { Database = name }.ConnectionString, name);

    /// <summary>The connection string a service uses: its own role, search_path = its schema.</summary>
    public string ServiceConnectionString(string service) =>
        Mentoring.BuildingBlocks.Provisioning.DatabaseProvisioner.ServiceConnectionString(AdminConnectionString, Name, service, Password(service));

    public NpgsqlDataSource AdminDataSource() => NpgsqlDataSource.Create(AdminConnectionString);

    /// <summary>A count (or any number) read as the superuser, past every schema and tenant policy; 0 for NULL.</summary>
    public async Task<long> CountAsync(string sql, object? args = null)
    {
        await using var admin = AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<long?>(sql, args) ?? 0;
    }

    public NpgsqlDataSource ServiceDataSource(string service) => NpgsqlDataSource.Create(ServiceConnectionString(service));
}
