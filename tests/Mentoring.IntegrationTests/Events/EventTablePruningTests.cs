using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Events.Housekeeping;
using Mentoring.BuildingBlocks.Persistence;
using Mentoring.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Mentoring.IntegrationTests.Events;

/// <summary>
/// Old outbox rows that were published and old inbox rows are deleted in batches; rows not yet
/// published, however old, and recent rows are kept. Two pruners side by side delete each row once.
/// </summary>
public sealed class EventTablePruningTests : IAsyncLifetime
{
    private TestDatabase db = null!;
    private NpgsqlDataSource profile = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync();
        DatabaseMigrator.Apply(db.ServiceConnectionString("profile"), "profile", typeof(DatabaseMigrator).Assembly, "Mentoring.BuildingBlocks.Migrations.");
        profile = db.ServiceDataSource("profile");
    }

    public async Task DisposeAsync() => await profile.DisposeAsync();

    private EventTablePruning Pruner(int batchSize)
    {
        var migrations = new MigrationStatus();
        migrations.MarkApplied();
        var options = new EventingOptions { Pruning = new EventTablePruningOptions { Window = TimeSpan.FromDays(30), BatchSize = batchSize } };
        return new EventTablePruning(profile, migrations, options, NullLogger<EventTablePruning>.Instance);
    }

    /// <summary>Outbox rows created <paramref name="daysAgo"/> days ago, published then too unless <paramref name="published"/> is false.</summary>
    private async Task AddOutboxAsync(int count, int daysAgo, bool published = true, string label = "")
    {
        await using var c = await profile.OpenConnectionAsync();
        await c.ExecuteAsync(
            """
            INSERT INTO outbox (event_id, topic, type, tenant_id, envelope, created_at, published_at)
            SELECT gen_random_uuid(), 'profile.person-registered', 'mentoring.events.v1.PersonRegistered', 'acme',
                   jsonb_build_object('label', @label), now() - make_interval(days => @daysAgo),
                   CASE WHEN @published THEN now() - make_interval(days => @daysAgo) END
            FROM generate_series(1, @count)
            """, new { count, daysAgo, published, label });
    }

    private async Task AddInboxAsync(int count, int daysAgo)
    {
        await using var c = await profile.OpenConnectionAsync();
        await c.ExecuteAsync(
            "INSERT INTO inbox (subscriber, event_id, handled_at) SELECT 'candidates', gen_random_uuid(), now() - make_interval(days => @daysAgo) FROM generate_series(1, @count)",
            new { count, daysAgo });
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var c = await profile.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<long>(sql);
    }

    [Fact]
    public async Task Old_published_outbox_rows_and_old_inbox_rows_go_in_batches_and_nothing_unpublished_or_recent_goes()
    {
        await AddOutboxAsync(25, daysAgo: 40, label: "old published");
        await AddOutboxAsync(3, daysAgo: 40, published: false, label: "old unpublished");
        await AddOutboxAsync(4, daysAgo: 2, label: "recent published");
        await AddInboxAsync(17, daysAgo: 31);
        await AddInboxAsync(5, daysAgo: 29);

        var (outbox, inbox) = await Pruner(batchSize: 10).PruneAsync(default);

        Assert.Equal((25, 17), (outbox, inbox));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM outbox WHERE envelope->>'label' = 'old published'"));
        Assert.Equal(3, await CountAsync("SELECT count(*) FROM outbox WHERE envelope->>'label' = 'old unpublished'"));
        Assert.Equal(4, await CountAsync("SELECT count(*) FROM outbox WHERE envelope->>'label' = 'recent published'"));
        Assert.Equal(5, await CountAsync("SELECT count(*) FROM inbox"));
        Assert.Equal((0, 0), await Pruner(batchSize: 10).PruneAsync(default));
    }

    [Fact]
    public async Task Two_pruners_side_by_side_delete_each_row_once_between_them()
    {
        await AddOutboxAsync(3000, daysAgo: 45);
        await AddInboxAsync(3000, daysAgo: 45);

        var results = await Task.WhenAll(Pruner(batchSize: 100).PruneAsync(default), Pruner(batchSize: 100).PruneAsync(default));

        Assert.Equal(3000, results.Sum(r => r.Outbox));
        Assert.Equal(3000, results.Sum(r => r.Inbox));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM outbox") + await CountAsync("SELECT count(*) FROM inbox"));
    }
}
