using Mentoring.BuildingBlocks.Persistence;
using Mentoring.Identity.Data;
using Mentoring.Identity.Seeding;

namespace Mentoring.Identity.Startup;

/// <summary>
/// At start-up: applies the versioned SQL migrations of the identity schema (DbUp, journal
/// <c>identity.schema_versions</c>), then seeds the configured clients and users. Retries while
/// the database is unreachable; the service reports ready only when both are done.
/// </summary>
public sealed class IdentityInitializer(
    IServiceScopeFactory scopes, IdentityDatabase database, IdentityOptions options, MigrationStatus status,
    ILogger<IdentityInitializer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var delay = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                Migrate(database.ConnectionString);
                await using (var scope = scopes.CreateAsyncScope())
                    await scope.ServiceProvider.GetRequiredService<Seeder>().SeedAsync(options.Seed, stoppingToken);
                status.MarkApplied();
                logger.LogInformation("Identity schema migrated and seeded ({Clients} clients, {Users} users)",
                    options.Seed.Clients.Count, options.Seed.Users.Count);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                status.MarkFailed(e.Message);
                logger.LogWarning(e, "Identity schema not migrated/seeded yet; retrying in {Delay}", delay);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    /// <summary>
    /// Applies the identity schema's migrations (no seeding), with the identity role's connection
    /// string: the building blocks' (inbox and subscriber state, for the person directory), then its own.
    /// </summary>
    public static void Migrate(string connectionString) =>
        DatabaseMigrator.ApplyService(connectionString, IdentityDbContext.Schema, typeof(IdentityApp).Assembly);
}

/// <summary>The service's connection string (its own role; search_path = identity).</summary>
public sealed record IdentityDatabase(string ConnectionString);
