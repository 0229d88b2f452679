using Mentoring.BuildingBlocks.Persistence;
using Mentoring.Identity.Startup;
using Mentoring.Testing;

namespace Mentoring.IntegrationTests.Support;

/// <summary>Fresh databases for tests that run services: copies of one with every schema already migrated.</summary>
public static class Databases
{
    /// <summary>Every service's schema migrated as its start-up would; nothing seeded, no rows.</summary>
    private static readonly DatabaseTemplate Migrated = new("migrated", db =>
    {
        foreach (var (service, create) in Apps.Factories)
            DatabaseMigrator.ApplyService(db.ServiceConnectionString(service), service, create.Method.DeclaringType!.Assembly);
        IdentityInitializer.Migrate(db.ServiceConnectionString("identity"));
        return Task.CompletedTask;
    });

    /// <summary>A database of its own, ready for any service to start on without migrating.</summary>
    public static Task<TestDatabase> FreshAsync() => Migrated.CreateDatabaseAsync();
}
