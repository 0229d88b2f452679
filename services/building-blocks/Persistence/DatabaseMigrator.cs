using System.Reflection;
using DbUp;
using DbUp.Engine;
using Mentoring.BuildingBlocks.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Mentoring.BuildingBlocks.Persistence;

/// <summary>
/// Applies versioned SQL migrations at start-up: first the building blocks' (outbox, inbox,
/// subscriber state), then the service's own embedded <c>Migrations/*.sql</c>. Keeps retrying
/// while the database is unreachable; the service reports ready only once they are applied.
/// </summary>
public sealed class DatabaseMigrator(
    DatabaseOptions database, ServiceOptions service, ServiceMigrations migrations, MigrationStatus status,
    ILogger<DatabaseMigrator> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                ApplyService(database.ConnectionString, service.Name, migrations.Assembly);
                status.MarkApplied();
                logger.LogInformation("Migrations of {Service} applied", service.Name);
                return;
            }
            catch (Exception e) when (e is NpgsqlException or MigrationFailedException or System.Net.Sockets.SocketException)
            {
                status.MarkFailed(e.Message);
                logger.LogWarning(e, "Migrations of {Service} not applied yet; retrying in {Delay}", service.Name, delay);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    /// <summary>What a service applies at start-up: the building blocks' scripts, then its own <c>Migrations/*.sql</c>.</summary>
    public static void ApplyService(string connectionString, string schema, Assembly serviceAssembly)
    {
        Apply(connectionString, schema, typeof(DatabaseMigrator).Assembly, "Mentoring.BuildingBlocks.Migrations.");
        Apply(connectionString, schema, serviceAssembly, $"{serviceAssembly.GetName().Name}.Migrations.");
    }

    /// <summary>
    /// Applies the scripts not yet in the schema's journal. Replicas starting together take turns:
    /// each holds a PostgreSQL advisory lock keyed by the schema while it migrates, so the second
    /// finds the journal complete instead of running the same scripts at the same time.
    /// </summary>
    public static void Apply(string connectionString, string schema, Assembly assembly, string resourcePrefix)
    {
        // Unpooled: migrations run once; a pool per connection string would idle on for minutes.
        var unpooled = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        using var lockConnection = new NpgsqlConnection(unpooled);
        lockConnection.Open();
        using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended(@key, 0))", lockConnection))
        {
            take.Parameters.AddWithValue("key", LockKey(schema));
            take.CommandTimeout = 0; // wait as long as the other replica migrates
            take.ExecuteNonQuery();
        }
        // The lock is the session's: closing lockConnection releases it, whatever happens below.
        Upgrade(unpooled, schema, assembly, resourcePrefix);
    }

    /// <summary>The advisory lock's key text: one lock per schema, shared by every replica.</summary>
    public static string LockKey(string schema) => "mentoring.migrations/" + schema;

    private static void Upgrade(string unpooled, string schema, Assembly assembly, string resourcePrefix)
    {
        var result = DeployChanges.To
            .PostgresqlDatabase(unpooled)
            .WithScriptsEmbeddedInAssembly(assembly, name => name.StartsWith(resourcePrefix, StringComparison.Ordinal))
            .JournalToPostgresqlTable(schema, "schema_versions")
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build()
            .PerformUpgrade();
        if (!result.Successful)
            throw new MigrationFailedException($"Migration {result.ErrorScript?.Name} failed: {result.Error?.Message}", result.Error);
    }
}

/// <summary>The assembly holding a service's embedded <c>Migrations/*.sql</c>.</summary>
public sealed record ServiceMigrations(Assembly Assembly);

public sealed class MigrationFailedException(string message, Exception? inner) : Exception(message, inner);
