using Dapper;
using Mentoring.Testing;
using Npgsql;

namespace Mentoring.IntegrationTests.Isolation;

/// <summary>
/// Each service's role owns its schema and nothing else; the event log is append and read only, and
/// of the subscriber positions a role writes only its own (docs/adr/0001-postgres-event-transport.md).
/// </summary>
public sealed class SchemaIsolationTests : IAsyncLifetime
{
    private TestDatabase db = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync();
        foreach (var service in new[] { "profile", "matching" })
        {
            await using var own = db.ServiceDataSource(service);
            await using var c = await own.OpenConnectionAsync();
            await c.ExecuteAsync("CREATE TABLE secrets (id int)");
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<PostgresException> DeniedAsync(string service, string sql)
    {
        await using var ds = db.ServiceDataSource(service);
        await using var c = await ds.OpenConnectionAsync();
        var e = await Assert.ThrowsAsync<PostgresException>(() => c.ExecuteAsync(sql));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState);
        return e;
    }

    [Theory]
    [InlineData("profile", "SELECT * FROM matching.secrets")]
    [InlineData("matching", "SELECT * FROM profile.secrets")]
    [InlineData("scheduling", "INSERT INTO profile.secrets VALUES (1)")]
    [InlineData("feedback", "CREATE TABLE matching.intruder (id int)")]
    [InlineData("profile", "CREATE TABLE public.intruder (id int)")]
    [InlineData("profile", "UPDATE eventbus.log SET topic = 'x'")]
    [InlineData("matching", "DELETE FROM eventbus.log")]
    [InlineData("profile", "DELETE FROM eventbus.subscriber")]
    [InlineData("matching", "UPDATE eventbus.log_pruned SET tx = 0")]
    [InlineData("feedback", "INSERT INTO eventbus.log_pruned (topic, tx, position) VALUES ('x', 1, 1)")]
    [InlineData("scheduling", "INSERT INTO eventbus.subscriber (service, subscriber, topic, tx, position) VALUES ('matching', 'x', 'x', 0, 0)")]
    public async Task A_service_role_is_denied_outside_its_schema(string service, string sql) => await DeniedAsync(service, sql);

    [Fact]
    public async Task A_service_role_reads_every_subscriber_position_writes_only_its_own_and_may_run_the_sweep()
    {
        await using var matching = db.ServiceDataSource("matching");
        await using (var c = await matching.OpenConnectionAsync())
            await c.ExecuteAsync("INSERT INTO eventbus.subscriber (subscriber, topic, tx, position) VALUES ('candidates', 'profile.person-registered', 5, 7)");

        await using var profile = db.ServiceDataSource("profile");
        await using var p = await profile.OpenConnectionAsync();
        Assert.Equal("matching", await p.ExecuteScalarAsync<string>("SELECT service FROM eventbus.subscriber WHERE subscriber = 'candidates'"));
        Assert.Equal(0, await p.ExecuteAsync("UPDATE eventbus.subscriber SET tx = 0, position = 0"));
        Assert.Equal(0, await p.ExecuteScalarAsync<int?>("SELECT eventbus.prune_log(interval '1 hour', 10)"));
        Assert.Equal(7, await p.ExecuteScalarAsync<long>("SELECT position FROM eventbus.subscriber WHERE subscriber = 'candidates'"));
    }

    [Fact]
    public async Task A_service_role_works_in_its_own_schema_by_default()
    {
        await using var ds = db.ServiceDataSource("profile");
        await using var c = await ds.OpenConnectionAsync();
        Assert.Equal("profile", await c.ExecuteScalarAsync<string>("SELECT current_schema()"));
        await c.ExecuteAsync("INSERT INTO secrets VALUES (42)");
        Assert.Equal(42, await c.ExecuteScalarAsync<int>("SELECT id FROM profile.secrets"));
    }
}
