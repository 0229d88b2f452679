using Dapper;
using Mentoring.BuildingBlocks.Persistence;
using Npgsql;

namespace Mentoring.BuildingBlocks.Provisioning;

/// <summary>
/// Prepares a PostgreSQL database for the platform, idempotently, with an administrator
/// connection: the database itself, one login role and one schema per service (the role owns
/// its schema, its search_path is that schema, and it has no rights on any other), and the
/// shared <c>eventbus</c> schema of the postgres transport (append and read for every service,
/// plus the subscriber positions and the retention sweep).
/// Run by <c>./platform up</c>, the provisioning job in a cluster, and the test fixtures.
/// </summary>
public static class DatabaseProvisioner
{
    public static readonly string[] Services = ["profile", "matching", "scheduling", "feedback", "integration", "identity", "reporting"];

    /// <param name="adminConnectionString">A superuser (or CREATEROLE + CREATEDB) connection; its database is ignored.</param>
    /// <param name="database">The database to create or reuse.</param>
    /// <param name="password">Password of each service role (development default only; use secrets in clusters).</param>
    public static async Task ProvisionAsync(string adminConnectionString, string database, Func<string, string> password, CancellationToken ct = default)
    {
        var admin = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = "postgres", Pooling = false };
        await using var server = new NpgsqlConnection(admin.ConnectionString);
        await server.OpenAsync(ct);
        // Roles are cluster-wide: serialise concurrent provisioners (parallel test fixtures on one cluster).
        await server.ExecuteAsync("SELECT pg_advisory_lock(727274)");
        try
        {
            var exists = await server.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @database)", new { database });
            if (!exists) await server.ExecuteAsync($"CREATE DATABASE {Quote(database)}");
            foreach (var service in Services)
            {
                var roleExists = await server.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = @service)", new { service });
                var verb = roleExists ? "ALTER" : "CREATE";
                await server.ExecuteAsync($"{verb} ROLE {Quote(service)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD {Literal(password(service))}");
            }

            admin.Database = database;
            await using var db = new NpgsqlConnection(admin.ConnectionString);
            await db.OpenAsync(ct);
            await db.ExecuteAsync("REVOKE ALL ON SCHEMA public FROM PUBLIC");
            await db.ExecuteAsync("CREATE SCHEMA IF NOT EXISTS eventbus");
            DatabaseMigrator.Apply(admin.ConnectionString, "eventbus", typeof(DatabaseProvisioner).Assembly,
                "Mentoring.BuildingBlocks.Provisioning.EventBus.");
            foreach (var service in Services)
            {
                var role = Quote(service);
                await db.ExecuteAsync($"CREATE SCHEMA IF NOT EXISTS {role} AUTHORIZATION {role}");
                await db.ExecuteAsync($"GRANT USAGE ON SCHEMA eventbus TO {role}");
                await db.ExecuteAsync($"GRANT SELECT, INSERT ON eventbus.log TO {role}");
                // Retention (docs/adr/0001-postgres-event-transport.md): positions in a shared
                // table (row-level security: a role writes only its own rows), deletion only
                // through the sweep function.
                await db.ExecuteAsync($"GRANT SELECT, INSERT, UPDATE ON eventbus.subscriber TO {role}");
                await db.ExecuteAsync($"GRANT SELECT ON eventbus.log_pruned TO {role}");
                await db.ExecuteAsync($"GRANT EXECUTE ON FUNCTION eventbus.prune_log(interval, integer) TO {role}");
            }
            await GrantDatabaseAsync(server, database);
        }
        finally
        {
            await server.ExecuteAsync("SELECT pg_advisory_unlock(727274)");
        }
    }

    /// <summary>
    /// Creates <paramref name="database"/> as a copy of <paramref name="template"/>, a database this
    /// provisioner prepared on the same server (with its roles), and grants what a copy does not
    /// inherit: the database's own privileges and each role's search_path in it. Nobody may be
    /// connected to the template while it is copied.
    /// </summary>
    public static async Task CopyAsync(string adminConnectionString, string template, string database, CancellationToken ct = default)
    {
        var admin = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = "postgres", Pooling = false };
        await using var server = new NpgsqlConnection(admin.ConnectionString);
        await server.OpenAsync(ct);
        await server.ExecuteAsync($"CREATE DATABASE {Quote(database)} TEMPLATE {Quote(template)}");
        await GrantDatabaseAsync(server, database);
    }

    /// <summary>What lives in the catalogue rather than in the database: its ACL and per-database role settings.</summary>
    private static async Task GrantDatabaseAsync(NpgsqlConnection server, string database)
    {
        await server.ExecuteAsync($"REVOKE ALL ON DATABASE {Quote(database)} FROM PUBLIC");
        foreach (var service in Services)
        {
            var role = Quote(service);
            await server.ExecuteAsync($"GRANT CONNECT ON DATABASE {Quote(database)} TO {role}");
            await server.ExecuteAsync($"ALTER ROLE {role} IN DATABASE {Quote(database)} SET search_path = {role}");
        }
    }

    /// <summary>The connection string a service uses: its own role on the provisioned database.</summary>
    public static string ServiceConnectionString(string adminConnectionString, string database, string service, string password) =>
        new NpgsqlConnectionStringBuilder(adminConnectionString)
        {
            Database = database,
            Username = service,
            Password = password,
        }.ConnectionString;

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    private static string Literal(string value) => "'" + value.Replace("'", "''") + "'";
}
