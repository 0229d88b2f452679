using System.Net;
using Dapper;
using Mentoring.Identity;
using Mentoring.Identity.Data;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mentoring.IntegrationTests.Identity;

/// <summary>Readiness, the versioned schema and idempotent seeding of the identity service.</summary>
public sealed class IdentityDatabaseTests : IAsyncLifetime
{
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestDatabase.CreateAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Ready_once_its_schema_is_migrated_and_seeded_and_everything_lives_in_the_identity_schema()
    {
        await using var identity = await IdentityServer.StartAsync(db); // waits for /healthz/ready
        using var http = identity.CreateHttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz/ready")).StatusCode);

        await using var admin = db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        var tables = (await c.QueryAsync<string>(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema = 'identity' ORDER BY 1")).ToList();
        Assert.Equal(
            ["identity.OpenIddictApplications", "identity.OpenIddictAuthorizations", "identity.OpenIddictScopes",
             "identity.OpenIddictTokens",
             // the building blocks' event infrastructure, for the person directory it keeps from profile's events
             "identity.audit_log", "identity.event_cursor", "identity.event_failure", "identity.inbox", "identity.outbox",
             "identity.person_directory", "identity.schema_versions", "identity.users"],
            tables);
        Assert.Equal(0, await c.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' OR table_name ILIKE '%migrations%'"));
        Assert.Equal("identity", await c.ExecuteScalarAsync<string>(
            "SELECT tableowner FROM pg_tables WHERE schemaname = 'identity' AND tablename = 'users'"));
    }

    [Fact]
    public async Task The_EF_model_matches_the_migrated_tables()
    {
        await using var identity = await IdentityServer.StartAsync(db);
        await using var scope = identity.Service.Services.CreateAsyncScope();
        var model = scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Model;

        await using var admin = db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        var columns = (await c.QueryAsync<(string Table, string Column)>(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'identity'")).ToHashSet();
        foreach (var entity in model.GetEntityTypes())
        {
            Assert.Equal(IdentityDbContext.Schema, entity.GetSchema());
            var table = entity.GetTableName()!;
            foreach (var property in entity.GetProperties())
                Assert.Contains((table, property.GetColumnName()), columns);
        }
    }

    [Fact]
    public async Task Seeding_is_idempotent_across_restarts_and_passwords_are_hashed()
    {
        await using (await IdentityServer.StartAsync(db, ["demo", "acme"])) { }
        await using var again = await IdentityServer.StartAsync(db, ["demo", "acme"]);

        await using var admin = db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        Assert.Equal(6, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM identity.\"OpenIddictApplications\""));
        // Per tenant: the administrator, the person, and the cast of relationship tests.
        Assert.Equal(2 * (2 + TestTenant.CastRoles.Length), await c.ExecuteScalarAsync<long>("SELECT count(*) FROM identity.users"));
        var demo = again.Tenant("demo");
        var stored = await c.QuerySingleAsync<(string Tenant, string Hash, string[] Roles, string? Person)>(
            "SELECT tenant, password_hash, roles, person FROM identity.users WHERE email = @email", new { email = demo.PersonEmail });
        Assert.Equal("demo", stored.Tenant);
        Assert.DoesNotContain(demo.PersonPassword, stored.Hash);
        Assert.Equal(["person"], stored.Roles);
        Assert.Equal(demo.Person, stored.Person); // the second start's seed is authoritative
        var secret = await c.ExecuteScalarAsync<string>(
            "SELECT \"ClientSecret\" FROM identity.\"OpenIddictApplications\" WHERE \"ClientId\" = @id", new { id = demo.PartnerClientId });
        Assert.DoesNotContain(demo.PartnerSecret, secret);

        // Tokens still come out after the second seeding.
        await again.ClientCredentialsTokenAsync(demo.PartnerClientId, demo.PartnerSecret, "profile.read");
        await again.UserTokenAsync(demo.PersonEmail, demo.PersonPassword, "openid");
    }

    [Fact]
    public async Task Live_but_not_ready_while_its_database_is_unreachable()
    {
        var unreachable = new Npgsql.NpgsqlConnectionStringBuilder(db.ServiceConnectionString(IdentityApp.Name))
        {
            Port = FreePort.Next(), Timeout = 1,
        }.ConnectionString;
        await using var identity = await IdentityServer.StartAsync(db, settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:Service"] = unreachable,
        }, waitUntilReady: false);
        using var http = identity.CreateHttpClient();

        await Eventually.True("live answers", async () => (await http.GetAsync("/healthz/live")).StatusCode == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/healthz/ready")).StatusCode);
    }
}
