using Dapper;
using Mentoring.Testing;
using Npgsql;

namespace Mentoring.IntegrationTests.Isolation;

/// <summary>Each service's role owns its schema and nothing else; the event log is append and read only.</summary>
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
    public async Task A_service_role_is_denied_outside_its_schema(string service, string sql) => await DeniedAsync(service, sql);

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
