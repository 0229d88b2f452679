using Mentoring.BuildingBlocks.Persistence;
using Mentoring.Testing;

namespace Mentoring.IntegrationTests.Faults;

/// <summary>Replicas that start together migrate one after the other: every script runs once, none fails.</summary>
public sealed class ConcurrentMigrationTests
{
    [Fact]
    public async Task Four_replicas_migrating_one_schema_at_once_apply_each_script_exactly_once()
    {
        var db = await TestDatabase.CreateOnAsync(await PostgresServer.AdminConnectionStringAsync());
        var profile = typeof(Mentoring.Profile.ProfileApp).Assembly;
        var connection = db.ServiceConnectionString("profile");
        using var start = new Barrier(4);

        var replicas = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            DatabaseMigrator.Apply(connection, "profile", typeof(DatabaseMigrator).Assembly, "Mentoring.BuildingBlocks.Migrations.");
            DatabaseMigrator.Apply(connection, "profile", profile, $"{profile.GetName().Name}.Migrations.");
        })).ToArray();
        await Task.WhenAll(replicas);

        var scripts = profile.GetManifestResourceNames().Count(n => n.StartsWith($"{profile.GetName().Name}.Migrations.", StringComparison.Ordinal))
            + typeof(DatabaseMigrator).Assembly.GetManifestResourceNames().Count(n => n.StartsWith("Mentoring.BuildingBlocks.Migrations.", StringComparison.Ordinal));
        await using var admin = db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        var journal = (await Dapper.SqlMapper.QueryAsync<string>(c, "SELECT scriptname FROM profile.schema_versions")).ToList();
        Assert.Equal(scripts, journal.Count);
        Assert.Equal(journal.Count, journal.Distinct().Count());
    }
}
