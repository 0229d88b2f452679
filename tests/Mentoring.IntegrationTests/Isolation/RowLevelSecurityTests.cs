using Dapper;
using Mentoring.BuildingBlocks.Persistence;
using Mentoring.BuildingBlocks.Tenancy;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Npgsql;

namespace Mentoring.IntegrationTests.Isolation;

/// <summary>Tenancy is enforced by PostgreSQL row-level security, not only by WHERE clauses in code.</summary>
public sealed class RowLevelSecurityTests : IAsyncLifetime
{
    private TestDatabase db = null!;
    private NpgsqlDataSource profile = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync();
        foreach (var (service, factory) in Apps.Factories)
        {
            var assembly = factory.Method.DeclaringType!.Assembly;
            DatabaseMigrator.Apply(db.ServiceConnectionString(service), service, typeof(DatabaseMigrator).Assembly, "Mentoring.BuildingBlocks.Migrations.");
            DatabaseMigrator.Apply(db.ServiceConnectionString(service), service, assembly, $"{assembly.GetName().Name}.Migrations.");
        }
        profile = db.ServiceDataSource("profile");
    }

    public async Task DisposeAsync() => await profile.DisposeAsync();

    private async Task<T> AsTenantAsync<T>(string? tenant, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work)
    {
        await using var c = await profile.OpenConnectionAsync();
        await using var tx = await c.BeginTransactionAsync();
        if (tenant is not null) await TenantScope.EnterAsync(c, tx, tenant, default);
        var result = await work(c, tx);
        await tx.CommitAsync();
        return result;
    }

    private static Task<int> InsertPersonAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenant) => c.ExecuteAsync(
        """
        INSERT INTO person (tenant_id, id, display_name, email, area_of_work, seniority_level, roles, time_zone)
        VALUES (@tenant, gen_random_uuid(), 'X', gen_random_uuid() || '@example.org', 'a', 1, '{1}', 'UTC')
        """, new { tenant }, tx);

    [Fact]
    public async Task A_query_without_a_tenant_filter_sees_only_the_bound_tenant()
    {
        await AsTenantAsync("acme", (c, tx) => InsertPersonAsync(c, tx, "acme"));
        await AsTenantAsync("acme", (c, tx) => InsertPersonAsync(c, tx, "acme"));
        await AsTenantAsync("globex", (c, tx) => InsertPersonAsync(c, tx, "globex"));

        Assert.Equal(2, await AsTenantAsync("acme", (c, tx) => c.ExecuteScalarAsync<long>("SELECT count(*) FROM person", transaction: tx)));
        Assert.Equal(1, await AsTenantAsync("globex", (c, tx) => c.ExecuteScalarAsync<long>("SELECT count(*) FROM person", transaction: tx)));
        Assert.Equal(0, await AsTenantAsync("initech", (c, tx) => c.ExecuteScalarAsync<long>("SELECT count(*) FROM person", transaction: tx)));
    }

    [Fact]
    public async Task Without_a_bound_tenant_nothing_is_visible_or_writable()
    {
        await AsTenantAsync("acme", (c, tx) => InsertPersonAsync(c, tx, "acme"));

        Assert.Equal(0, await AsTenantAsync(null, (c, tx) => c.ExecuteScalarAsync<long>("SELECT count(*) FROM person", transaction: tx)));
        var e = await Assert.ThrowsAsync<PostgresException>(() => AsTenantAsync(null, (c, tx) => InsertPersonAsync(c, tx, "acme")));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState);
    }

    [Fact]
    public async Task A_tenant_cannot_write_update_or_delete_another_tenants_rows()
    {
        await AsTenantAsync("globex", (c, tx) => InsertPersonAsync(c, tx, "globex"));

        var e = await Assert.ThrowsAsync<PostgresException>(() => AsTenantAsync("acme", (c, tx) => InsertPersonAsync(c, tx, "globex")));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState);
        Assert.Equal(0, await AsTenantAsync("acme", (c, tx) => c.ExecuteAsync("UPDATE person SET display_name = 'pwned'", transaction: tx)));
        Assert.Equal(0, await AsTenantAsync("acme", (c, tx) => c.ExecuteAsync("DELETE FROM person", transaction: tx)));
        Assert.Equal("X", await AsTenantAsync("globex", (c, tx) => c.ExecuteScalarAsync<string>("SELECT display_name FROM person", transaction: tx)));
    }

    [Fact]
    public async Task Every_tenant_owned_table_of_every_service_has_forced_row_level_security()
    {
        await using var admin = db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        var tables = (await c.QueryAsync<(string Schema, string Table, bool Enabled, bool Forced)>(
            """
            SELECT n.nspname, t.relname, t.relrowsecurity, t.relforcerowsecurity
            FROM pg_class t
            JOIN pg_namespace n ON n.oid = t.relnamespace
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
            WHERE t.relkind = 'r' AND n.nspname = ANY(@schemas)
              -- Read across tenants by the relay and matching's time-box sweeper (ids and times only); never served to callers.
              -- scheduling: calendar_feed is found by a token's hash before the tenant is known; meeting_clock and
              -- reminder_sent are the reminder sweeper's (ids, hashes and times only); external_calendar_due is the
              -- external calendar sweeper's (ids and due times only). feedback: health_check_due is the health
              -- sweeper's (ids and due times only). integration: webhook_delivery_due is the webhook sender's queue (ids
              -- and due times only).
              AND t.relname NOT IN ('outbox', 'relationship_deadline', 'calendar_feed', 'meeting_clock', 'reminder_sent',
                                    'external_calendar_due', 'health_check_due', 'webhook_delivery_due')
            ORDER BY 1, 2
            """, new { schemas = Apps.Factories.Keys.ToArray() })).ToList();

        Assert.Contains(tables, t => t.Table == "person");
        Assert.Contains(tables, t => t.Table == "candidate");
        Assert.All(tables, t => Assert.True(t.Enabled && t.Forced, $"{t.Schema}.{t.Table} lacks forced row-level security"));
    }
}
