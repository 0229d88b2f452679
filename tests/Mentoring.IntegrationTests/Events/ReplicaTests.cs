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
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Mentoring.IntegrationTests.Events;

/// <summary>
/// Several instances of one service on one database with the postgres transport
/// (docs/adr/0001-postgres-event-transport.md, "Replicas"): the subscribers' work is shared, each
/// effect happens once and in order per subscriber, a stopped instance's work moves to the other,
/// a failed event is redelivered by one instance at a time, and two outbox relays publish each row
/// once. The instances are <see cref="ProbeApp.ReplicaFactory"/> apps (four subscribers of
/// PersonRegistered, effects tagged with the instance).
/// </summary>
public sealed class ReplicaTests : IAsyncLifetime
{
    private TestDatabase db = null!;
    private readonly List<RunningService> running = [];

    public async Task InitializeAsync()
    {
        db = await Databases.FreshAsync();
        await using var admin = db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        await c.ExecuteAsync(ProbeApp.CreateReplicaEffectSql);
    }

    public async Task DisposeAsync()
    {
        foreach (var service in running) await service.DisposeAsync();
    }

    private async Task<RunningService> StartInstanceAsync(string instance, params (string Key, string Value)[] extra)
    {
        var settings = await TestIdentity.ResourceServerSettingsAsync();
        settings["ConnectionStrings:Service"] = db.ServiceConnectionString("feedback");
        settings["Probe:Instance"] = instance;
        foreach (var (key, value) in extra) settings[key] = value;
        var service = await RunningService.StartAsync($"replica {instance}", ProbeApp.ReplicaFactory, settings);
        running.Add(service);
        return service;
    }

    private async Task StopAsync(RunningService service)
    {
        running.Remove(service);
        await service.DisposeAsync();
    }

    /// <summary>
    /// Appends <paramref name="count"/> PersonRegistered events named "{prefix} 00000" on up, in
    /// transactions of <paramref name="perTransaction"/>, one after the other (so log order is name order).
    /// </summary>
    private async Task PublishAsync(string prefix, int count, int perTransaction = 100)
    {
        await using var admin = db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        for (var from = 0; from < count; from += perTransaction)
        {
            var envelopes = Enumerable.Range(from, Math.Min(perTransaction, count - from)).Select(i => CloudEvent.Create(new PersonRegistered
            {
                Person = new Person { Name = $"people/{Guid.NewGuid()}", DisplayName = $"{prefix} {i:D5}" },
            }, "profile", TestIdentity.Acme, TimeProvider.System)).ToList();
            await c.ExecuteAsync(
                """
                INSERT INTO eventbus.log (event_id, topic, type, tenant_id, envelope)
                SELECT id, 'profile.person-registered', @Type, tenant, envelope::jsonb
                FROM unnest(@Ids, @Tenants, @Envelopes) WITH ORDINALITY AS e (id, tenant, envelope, ord)
                ORDER BY ord
                """,
                new
                {
                    envelopes[0].Type,
                    Ids = envelopes.Select(e => e.EventId).ToArray(),
                    Tenants = envelopes.Select(e => e.TenantId).ToArray(),
                    Envelopes = envelopes.Select(e => e.ToJson()).ToArray(),
                });
        }
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var admin = db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        return (await c.ExecuteScalarAsync<T>(sql))!;
    }

    private sealed record Effects(string Subscriber, long Rows, long Distinct, long Instances);

    private async Task<List<Effects>> EffectsAsync()
    {
        await using var admin = db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        return (await c.QueryAsync<Effects>(
            """
            SELECT subscriber, count(*) AS rows, count(DISTINCT event_id) AS distinct, count(DISTINCT instance) AS instances
            FROM feedback.replica_effect GROUP BY subscriber ORDER BY subscriber
            """)).ToList();
    }

    /// <summary>Every subscriber has exactly one effect per event on the log, in log order (display names are numbered in log order).</summary>
    private async Task AssertEveryEffectOnceInOrderAsync(int events)
    {
        var effects = await EffectsAsync();
        Assert.Equal(ProbeApp.ReplicaSubscribers, effects.Select(e => e.Subscriber));
        Assert.All(effects, e => Assert.Equal((events, events), (e.Rows, e.Distinct)));
        Assert.Equal(0, await ScalarAsync<long>(
            "SELECT count(*) FROM feedback.replica_effect e WHERE NOT EXISTS (SELECT 1 FROM eventbus.log l WHERE l.event_id = e.event_id)"));
        Assert.Equal((long)events, await ScalarAsync<long>("SELECT count(*) FROM eventbus.log"));
        // Per subscriber, in the order effects were written, the names (log order) only go up:
        // one instance at a time delivered each subscriber's events, in order.
        Assert.Equal(0, await ScalarAsync<long>(
            """
            SELECT count(*) FROM (
                SELECT display_name, lag(display_name) OVER (PARTITION BY subscriber ORDER BY seq) AS before
                FROM feedback.replica_effect) o
            WHERE before IS NOT NULL AND before >= display_name
            """));
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM feedback.event_failure"));
    }

    [Fact]
    public async Task Two_instances_share_the_subscribers_work_and_each_effect_happens_once_in_order()
    {
        const int events = 1500; // enough for both instances to take turns many times over (the shares are asserted)
        var a = await StartInstanceAsync("a");
        var b = await StartInstanceAsync("b");

        await PublishAsync("Person", events);

        await Eventually.True("every subscriber handled every event", async () =>
            (await EffectsAsync()).Sum(e => e.Rows) >= events * ProbeApp.ReplicaSubscribers.Length, TimeSpan.FromSeconds(90));
        await AssertEveryEffectOnceInOrderAsync(events);
        // Both instances did part of the work: batches of the subscribers went to each.
        var byInstance = (await ScalarAsync<string>(
            "SELECT string_agg(instance || '=' || n, ',' ORDER BY instance) FROM (SELECT instance, count(*) AS n FROM feedback.replica_effect GROUP BY instance) i"))
            .Split(',').ToDictionary(p => p.Split('=')[0], p => long.Parse(p.Split('=')[1]));
        Assert.Equal(["a", "b"], byInstance.Keys.Order());
        Assert.All(byInstance.Values, n => Assert.True(n > 0));
        // No event was handled twice anywhere, not even in a transaction that rolled back.
        var calls = new[] { a, b }.SelectMany(s => s.Services.GetRequiredService<ProbeApp.ReplicaProbe>().Calls)
            .GroupBy(kv => kv.Key).Select(g => g.Sum(kv => kv.Value)).ToList();
        Assert.Equal(events * ProbeApp.ReplicaSubscribers.Length, calls.Count);
        Assert.All(calls, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task When_one_instance_stops_mid_stream_the_other_finishes_every_event_once()
    {
        const int events = 2000;
        var a = await StartInstanceAsync("a");
        await StartInstanceAsync("b");

        var publishing = PublishAsync("Person", events, perTransaction: 50);
        await Eventually.True("the instances are under way", async () => await ScalarAsync<long>("SELECT count(*) FROM feedback.replica_effect") >= 500,
            TimeSpan.FromSeconds(60));
        await StopAsync(a);
        await publishing;
        var stoppedAt = await ScalarAsync<long>("SELECT count(*) FROM feedback.replica_effect WHERE instance = 'a'");

        await Eventually.True("the other instance handled everything", async () =>
            (await EffectsAsync()).Sum(e => e.Rows) >= events * ProbeApp.ReplicaSubscribers.Length, TimeSpan.FromSeconds(120));
        await AssertEveryEffectOnceInOrderAsync(events);
        Assert.Equal(stoppedAt, await ScalarAsync<long>("SELECT count(*) FROM feedback.replica_effect WHERE instance = 'a'"));
        Assert.True(await ScalarAsync<long>("SELECT count(*) FROM feedback.replica_effect WHERE instance = 'b'") > 0);
    }

    [Fact]
    public async Task A_failed_event_is_redelivered_by_one_instance_at_a_time_until_it_is_a_dead_letter()
    {
        (string, string)[] settings = [("Events:MaxDeliveryAttempts", "4"), ("Events:BatchSize", "1")];
        var a = await StartInstanceAsync("a", settings);
        var b = await StartInstanceAsync("b", settings);

        await PublishAsync("Fail", 10, perTransaction: 5);
        await PublishAsync("Fine", 20, perTransaction: 5);

        var expected = 10 * ProbeApp.ReplicaSubscribers.Length;
        await Eventually.True("every failing event is a dead letter", async () =>
            await ScalarAsync<long>("SELECT count(*) FROM feedback.event_failure WHERE dead_lettered_at IS NOT NULL") == expected,
            TimeSpan.FromSeconds(60));
        await Eventually.True("the fine events are handled", async () =>
            await ScalarAsync<long>("SELECT count(*) FROM feedback.replica_effect") == 20 * ProbeApp.ReplicaSubscribers.Length);
        Assert.Equal(4, await ScalarAsync<int>("SELECT max(attempts) FROM feedback.event_failure"));
        Assert.Equal(4, await ScalarAsync<int>("SELECT min(attempts) FROM feedback.event_failure"));
        // Each failing event ran exactly as often as its attempts say, summed over both instances:
        // no attempt was made twice.
        var calls = new[] { a, b }.SelectMany(s => s.Services.GetRequiredService<ProbeApp.ReplicaProbe>().Calls)
            .GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));
        Assert.Equal(30 * ProbeApp.ReplicaSubscribers.Length, calls.Count);
        Assert.Equal(expected, calls.Values.Count(n => n == 4));
        Assert.Equal(20 * ProbeApp.ReplicaSubscribers.Length, calls.Values.Count(n => n == 1));
    }

    [Fact]
    public async Task Two_outbox_relays_publish_every_row_exactly_once()
    {
        const int rows = 1500;
        await using var feedback = db.ServiceDataSource("feedback");
        var options = new EventingOptions { BatchSize = 50, PollInterval = TimeSpan.FromMilliseconds(50) };
        var signal = new OutboxSignal();
        var outbox = new Outbox(new ServiceOptions { Name = "feedback" }, signal, TimeProvider.System);
        var migrations = new MigrationStatus();
        migrations.MarkApplied();
        var publishers = new[] { new CountingPublisher(new PostgresEventPublisher(feedback)), new CountingPublisher(new PostgresEventPublisher(feedback)) };
        var relays = publishers.Select(p => new OutboxRelay(feedback, p, signal, migrations, options, TimeProvider.System, NullLogger<OutboxRelay>.Instance)).ToList();
        foreach (var relay in relays) await relay.StartAsync(default);
        try
        {
            var enqueued = new List<Guid>();
            for (var from = 0; from < rows; from += 25)
            {
                await using var c = await feedback.OpenConnectionAsync();
                await using var tx = await c.BeginTransactionAsync();
                var events = Enumerable.Range(from, 25).Select(i => (Google.Protobuf.IMessage)new PersonRegistered
                {
                    Person = new Person { Name = $"people/{Guid.NewGuid()}", DisplayName = $"Relayed {i:D5}" },
                }).ToList();
                await outbox.EnqueueAllAsync(events, TestIdentity.Acme, c, tx, default);
                await tx.CommitAsync();
            }
            await Eventually.True("every row is published", async () =>
                await ScalarAsync<long>("SELECT count(*) FROM feedback.outbox WHERE published_at IS NULL") == 0
                && await ScalarAsync<long>("SELECT count(*) FROM feedback.outbox") == rows, TimeSpan.FromSeconds(60));
        }
        finally
        {
            foreach (var relay in relays) await relay.StopAsync(default);
        }

        var published = publishers.SelectMany(p => p.Published).ToList();
        Assert.Equal(rows, published.Count);
        Assert.Equal(rows, published.Distinct().Count());
        Assert.All(publishers, p => Assert.NotEmpty(p.Published));
        Assert.Equal(rows, await ScalarAsync<long>("SELECT count(*) FROM eventbus.log"));
        Assert.Equal(0, await ScalarAsync<long>(
            "SELECT count(*) FROM feedback.outbox o WHERE o.attempts <> 1 OR NOT EXISTS (SELECT 1 FROM eventbus.log l WHERE l.event_id = o.event_id)"));
    }

    /// <summary>Publishes through <paramref name="inner"/> and keeps the ids it published (batches included).</summary>
    private sealed class CountingPublisher(IBatchEventPublisher inner) : IBatchEventPublisher
    {
        public ConcurrentQueue<Guid> Published { get; } = new();

        public async Task PublishAsync(string topic, CloudEvent envelope, CancellationToken ct)
        {
            await inner.PublishAsync(topic, envelope, ct);
            Published.Enqueue(envelope.EventId);
        }

        public async Task PublishBatchAsync(IReadOnlyList<(string Topic, CloudEvent Envelope)> events, CancellationToken ct)
        {
            await inner.PublishBatchAsync(events, ct);
            foreach (var e in events) Published.Enqueue(e.Envelope.EventId);
        }
    }
}
