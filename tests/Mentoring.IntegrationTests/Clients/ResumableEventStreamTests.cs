using Grpc.Core;
using Mentoring.Client;
using Mentoring.Contracts.Events.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;

namespace Mentoring.IntegrationTests.Clients;

/// <summary>
/// The .NET client's resumable WatchEvents (<see cref="ResumableEventStream"/>) through the real gateway
/// with its own client-credentials token: it carries on across a restart of the integration service
/// and of the Gateway, yielding every event once and in order; it starts after a saved cursor;
/// heartbeats only when asked; a refusal (scopes, credentials) is not retried.
/// </summary>
public sealed class ResumableEventStreamTests() : ServicesBehindGateway("integration")
{
    private async Task<MentoringClient> ClientAsync(params string[] scopes)
    {
        var identity = await TestIdentity.ServerAsync();
        var tenant = await TestIdentity.TenantAsync(TestIdentity.Acme);
        return new MentoringClient(new MentoringClientOptions
        {
            GrpcAddress = Gateway.GrpcAddress, TokenAddress = identity.ClientAddress,
            ClientId = tenant.PartnerClientId, ClientSecret = tenant.PartnerSecret, Scopes = scopes,
        });
    }

    private static readonly string[] Meetings = [MeetingScheduled.Descriptor.FullName];

    [Fact]
    public async Task Every_event_arrives_once_and_in_order_across_a_service_restart_and_a_gateway_restart()
    {
        using var client = await ClientAsync("events.read", "scheduling.read");
        var stream = client.WatchEvents(new WatchEventsOptions
        {
            EventTypes = Meetings, ResumeAfter = 0, InitialBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(500),
            IdleTimeout = TimeSpan.FromSeconds(5),
        });
        await using var consumer = new Consumer(stream);
        var published = await PartnerEvents.PublishMeetingsAsync(Db, 3);
        await consumer.EventsAsync(3);

        // The integration service restarts under the live stream; events are published meanwhile.
        await RestartServiceAsync("integration", async () => published.AddRange(await PartnerEvents.PublishMeetingsAsync(Db, 2)));
        published.AddRange(await PartnerEvents.PublishMeetingsAsync(Db, 2));
        await consumer.EventsAsync(7);

        // Then the gateway (same address).
        await RestartGatewayAsync(async () => published.AddRange(await PartnerEvents.PublishMeetingsAsync(Db, 2)));
        published.AddRange(await PartnerEvents.PublishMeetingsAsync(Db, 2));
        var events = await consumer.EventsAsync(11);

        Assert.Equal(Enumerable.Range(1, 11).Select(i => (long)i), events.Select(e => e.Position));
        Assert.Equal(published, events.Select(e => e.Event!.Id));
        Assert.True(stream.Reconnects >= 2, $"reconnected {stream.Reconnects} times");
        Assert.Equal(11, stream.Cursor);
        Assert.DoesNotContain(consumer.Items, i => i.IsHeartbeat);
    }

    [Fact]
    public async Task It_starts_after_a_saved_cursor_yields_heartbeats_when_asked_and_does_not_retry_a_refusal()
    {
        var published = await PartnerEvents.PublishMeetingsAsync(Db, 4);
        await PartnerEvents.RecordedAsync(Db, TestIdentity.Acme, 4); // a cursor beyond the log's end is INVALID_ARGUMENT
        using var client = await ClientAsync("events.read", "scheduling.read");

        await using (var consumer = new Consumer(client.WatchEvents(new WatchEventsOptions { ResumeAfter = 2, IncludeHeartbeats = true })))
        {
            var events = await consumer.EventsAsync(2);
            Assert.Equal([3L, 4L], events.Select(e => e.Position));
            Assert.Equal(published.Skip(2), events.Select(e => e.Event!.Id));
            await Eventually.True("a heartbeat at position 4", () => Task.FromResult(consumer.Snapshot().Any(i => i.IsHeartbeat && i.Position == 4)));
            var first = consumer.Snapshot()[0];
            Assert.True(first.IsHeartbeat && first.Position == 2, "the stream starts with a heartbeat at the cursor");
        }

        // From now: the first heartbeat sets the cursor; only later events come.
        var fromNow = client.WatchEvents(new WatchEventsOptions { EventTypes = Meetings });
        await using (var consumer = new Consumer(fromNow))
        {
            await Eventually.True("the stream started", () => Task.FromResult(fromNow.Cursor == 4));
            var later = await PartnerEvents.PublishMeetingsAsync(Db, 1);
            var events = await consumer.EventsAsync(1);
            Assert.Equal(later, events.Select(e => e.Event!.Id));
            Assert.Equal(5, events[0].Position);
            Assert.DoesNotContain(consumer.Snapshot(), i => i.IsHeartbeat);
        }

        // A token without the area's read scope: PERMISSION_DENIED at once, not retried.
        using var narrow = await ClientAsync("events.read", "profile.read");
        var refused = narrow.WatchEvents(new WatchEventsOptions { EventTypes = Meetings, ResumeAfter = 0 });
        var denied = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in refused.WithCancellation(new CancellationTokenSource(Eventually.DefaultDeadline).Token)) { }
        });
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Equal(0, refused.Reconnects);

        // Credentials the token server refuses: not retried either.
        var identity = await TestIdentity.ServerAsync();
        using var wrong = new MentoringClient(new MentoringClientOptions
        {
            GrpcAddress = Gateway.GrpcAddress, TokenAddress = identity.ClientAddress,
            ClientId = (await TestIdentity.TenantAsync(TestIdentity.Acme)).PartnerClientId, ClientSecret = "not-the-secret", Scopes = ["events.read"],
        });
        var unknown = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in wrong.WatchEvents().WithCancellation(new CancellationTokenSource(Eventually.DefaultDeadline).Token)) { }
        });
        Assert.IsType<MentoringClientException>(unknown.Status.DebugException);
    }

    /// <summary>Reads a stream in the background into a list the test polls (never a sleep).</summary>
    private sealed class Consumer : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly List<WatchItem> items = [];
        private readonly Task run;

        public Consumer(ResumableEventStream stream) => run = Task.Run(async () =>
        {
            await foreach (var item in stream.WithCancellation(stop.Token))
                lock (items) items.Add(item);
        });

        public IReadOnlyList<WatchItem> Items => Snapshot();

        public List<WatchItem> Snapshot()
        {
            lock (items) return [.. items];
        }

        /// <summary>The events read, once there are at least <paramref name="count"/>; throws what ended the enumeration if it ended.</summary>
        public async Task<List<WatchItem>> EventsAsync(int count)
        {
            var events = await Eventually.Until($"{count} events", () =>
            {
                var events = Snapshot().Where(i => !i.IsHeartbeat).ToList();
                return Task.FromResult(events.Count >= count || run.IsCompleted ? events : null);
            }, TimeSpan.FromSeconds(60));
            if (events.Count < count) await run; // rethrows
            return events;
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            try { await run; }
            catch (OperationCanceledException) { }
            stop.Dispose();
        }
    }
}
