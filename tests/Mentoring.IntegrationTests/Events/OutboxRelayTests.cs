using System.Collections.Concurrent;
using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.BuildingBlocks.Events.Outbox;
using Mentoring.BuildingBlocks.Events.Transports;
using Mentoring.BuildingBlocks.Events.Transports.Postgres;
using Mentoring.BuildingBlocks.Hosting;
using Mentoring.BuildingBlocks.Persistence;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Mentoring.IntegrationTests.Events;

/// <summary>The outbox and its relay against a real schema, with a transport that fails on demand.</summary>
public sealed class OutboxRelayTests : IAsyncLifetime
{
    private TestDatabase db = null!;
    private NpgsqlDataSource profile = null!;
    private readonly FlakyPublisher publisher = new();
    private readonly EventingOptions options = new()
    {
        PublishRetryInitial = TimeSpan.FromMilliseconds(200), PublishRetryMax = TimeSpan.FromMilliseconds(400), BatchSize = 10,
    };
    private Outbox outbox = null!;

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync();
        DatabaseMigrator.Apply(db.ServiceConnectionString("profile"), "profile", typeof(DatabaseMigrator).Assembly, "Mentoring.BuildingBlocks.Migrations.");
        profile = db.ServiceDataSource("profile");
        outbox = new Outbox(new ServiceOptions { Name = "profile" }, new OutboxSignal(), TimeProvider.System);
    }

    public async Task DisposeAsync() => await profile.DisposeAsync();

    private OutboxRelay Relay(IEventPublisher? with = null)
    {
        var migrations = new MigrationStatus();
        migrations.MarkApplied();
        return new OutboxRelay(profile, with ?? publisher, new OutboxSignal(), migrations, options, TimeProvider.System, NullLogger<OutboxRelay>.Instance);
    }

    private async Task<CloudEvent> EnqueueAsync(bool commit = true)
    {
        await using var c = await profile.OpenConnectionAsync();
        await using var tx = await c.BeginTransactionAsync();
        var envelope = await outbox.EnqueueAsync(new PersonRegistered { Person = new Person { Name = $"people/{Guid.NewGuid()}" } }, "acme", c, tx, default);
        if (commit) await tx.CommitAsync(); else await tx.RollbackAsync();
        return envelope;
    }

    private async Task<OutboxRow> RowAsync(CloudEvent e)
    {
        await using var c = await profile.OpenConnectionAsync();
        return await c.QuerySingleAsync<OutboxRow>(
            "SELECT attempts, last_error AS LastError, next_attempt_at AS NextAttemptAt, published_at AS PublishedAt FROM outbox WHERE event_id = @EventId",
            new { e.EventId });
    }

    private sealed record OutboxRow(int Attempts, string? LastError, DateTime NextAttemptAt, DateTime? PublishedAt);

    [Fact]
    public async Task An_event_of_a_rolled_back_transaction_is_never_published()
    {
        await EnqueueAsync(commit: false);
        Assert.Equal(0, await Relay().RelayBatchAsync(default));
        Assert.Empty(publisher.Published);
    }

    [Fact]
    public async Task A_committed_event_is_published_once_with_its_topic()
    {
        var e = await EnqueueAsync();
        Assert.Equal(1, await Relay().RelayBatchAsync(default));
        Assert.Equal(0, await Relay().RelayBatchAsync(default));

        Assert.Equal([("profile.person-registered", e.Id)], publisher.Published.Select(p => (p.Topic, p.Envelope.Id)));
        var row = await RowAsync(e);
        Assert.NotNull(row.PublishedAt);
        Assert.Equal(1, row.Attempts);
    }

    [Fact]
    public async Task A_failed_publish_stays_visible_backs_off_and_is_retried_until_it_succeeds()
    {
        publisher.FailNext(2);
        var e = await EnqueueAsync();
        var relay = Relay();

        Assert.Equal(1, await relay.RelayBatchAsync(default));
        var failed = await RowAsync(e);
        Assert.Equal(1, failed.Attempts);
        // The kind of failure is kept (FailureSummary), never the exception's own text.
        Assert.Equal("An HTTP call could not connect.", failed.LastError);
        Assert.Null(failed.PublishedAt);
        Assert.True(failed.NextAttemptAt > DateTime.UtcNow, "the next attempt waits for the backoff");
        Assert.Equal(0, await relay.RelayBatchAsync(default)); // not due yet

        await Eventually.True("published after the retries", async () =>
        {
            await relay.RelayBatchAsync(default);
            return (await RowAsync(e)).PublishedAt is not null;
        });
        var done = await RowAsync(e);
        Assert.Equal(3, done.Attempts);
        Assert.Null(done.LastError);
        Assert.Single(publisher.Published);
    }

    [Fact]
    public async Task Concurrent_relays_never_publish_a_row_twice()
    {
        var events = new List<CloudEvent>();
        for (var i = 0; i < 40; i++) events.Add(await EnqueueAsync());
        var slow = new FlakyPublisher { Delay = TimeSpan.FromMilliseconds(5) };

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var relay = Relay(slow);
            while (await relay.RelayBatchAsync(default) > 0) { }
        })));

        Assert.Equal(events.Select(e => e.Id).Order(), slow.Published.Select(p => p.Envelope.Id).Order());
    }

    [Fact]
    public async Task The_postgres_transport_appends_once_even_when_the_relay_repeats_a_publish()
    {
        var e = await EnqueueAsync();
        var log = new PostgresEventPublisher(profile);
        await log.PublishAsync("profile.person-registered", e, default);
        await log.PublishAsync("profile.person-registered", e, default);

        await using var admin = db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        Assert.Equal(1, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM eventbus.log WHERE event_id = @EventId", new { e.EventId }));
    }

    [Fact]
    public async Task To_the_postgres_log_the_relay_appends_a_batch_per_transaction_in_outbox_order()
    {
        var events = new List<CloudEvent>();
        for (var i = 0; i < 25; i++) events.Add(await EnqueueAsync());
        var relay = Relay(new PostgresEventPublisher(profile)); // batches of 10

        while (await relay.RelayBatchAsync(default) > 0) { }

        await using var admin = db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        Assert.Equal(events.Select(e => e.EventId), await c.QueryAsync<Guid>("SELECT event_id FROM eventbus.log ORDER BY tx, position"));
        Assert.Equal(3, await c.ExecuteScalarAsync<long>("SELECT count(DISTINCT tx) FROM eventbus.log"));
        foreach (var e in events)
        {
            var row = await RowAsync(e);
            Assert.Equal((1, null, true), (row.Attempts, row.LastError, row.PublishedAt.HasValue));
        }
    }

    private sealed class FlakyPublisher : IEventPublisher
    {
        private int failures;
        public TimeSpan Delay { get; init; }
        public ConcurrentQueue<(string Topic, CloudEvent Envelope)> Published { get; } = new();

        public void FailNext(int count) => failures = count;

        public async Task PublishAsync(string topic, CloudEvent envelope, CancellationToken ct)
        {
            if (Delay > TimeSpan.Zero) await Task.Delay(Delay, ct);
            if (Interlocked.Decrement(ref failures) >= 0) throw new HttpRequestException("transport unavailable");
            Published.Enqueue((topic, envelope));
        }
    }
}
