using Dapper;
using Google.Rpc;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Integration.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;

namespace Mentoring.IntegrationTests.Integration;

/// <summary>
/// Retention (docs/integration.md, "Retention") against real PostgreSQL, with a window of one day
/// and events made older by hand: old events and ended deliveries go, in small batches; recent ones
/// and whatever a pending delivery still needs stay; a cursor older than the log is OUT_OF_RANGE
/// saying where the log starts, and a cursor inside it still resumes with no gap.
/// </summary>
public sealed class RetentionTests : ServicesUnderTest
{
    public RetentionTests() : base("integration") { }

    protected override IReadOnlyDictionary<string, string?>? SettingsOf(string service) =>
        new Dictionary<string, string?>(ServicesBehindGateway.QuickStreams)
        {
            ["Integration:Retention:PartnerLog"] = "1.00:00:00",
            ["Integration:Retention:Deliveries"] = "1.00:00:00",
            ["Integration:Retention:SweepInterval"] = "00:00:00.200",
            ["Integration:Retention:BatchSize"] = "2",
            // A webhook whose endpoint refuses connections keeps its deliveries retrying, an hour apart.
            ["Integration:Webhooks:AllowLoopbackHttp"] = "true",
            ["Integration:Webhooks:AllowPrivateAddresses"] = "true",
            ["Integration:Webhooks:PollInterval"] = "00:00:00.100",
            ["Integration:Webhooks:RetryInitial"] = "01:00:00",
            ["Integration:Webhooks:RetryMax"] = "01:00:00",
        };

    [Fact]
    public async Task Old_events_and_ended_deliveries_go_recent_ones_and_what_pending_deliveries_need_stay()
    {
        var admin = await ClientAsync<IntegrationService.IntegrationServiceClient>("integration", TestIdentity.AdministratorAsync());
        await PartnerEvents.PublishMeetingsAsync(Db, 2);                                   // positions 1, 2
        await PartnerEvents.RecordedAsync(Db, TestIdentity.Acme, 2);
        var webhook = await admin.CreateWebhookAsync(new CreateWebhookRequest
        {
            Webhook = new Webhook { Url = $"http://127.0.0.1:{FreePort.Next()}/hooks", EventTypes = { MeetingScheduled.Descriptor.FullName } },
        });
        var pending = await PartnerEvents.PublishMeetingsAsync(Db, 2);                     // 3, 4: deliveries
        await PartnerEvents.RecordedAsync(Db, TestIdentity.Acme, 4);
        await Eventually.True("both deliveries are retrying", async () =>
            (await admin.ListDeliveriesAsync(new ListDeliveriesRequest { Parent = webhook.Name })).Deliveries
                .Count(d => d.State == DeliveryState.Retrying) == 2);
        await PublishHeldMeetingsAsync(3);                                                 // 5, 6, 7: no deliveries
        await PartnerEvents.RecordedAsync(Db, TestIdentity.Acme, 7);

        // Everything but 7 is old; the delivery of 4 ended long ago, that of 3 still retries.
        await SqlAsync("UPDATE integration.partner_event SET recorded_at = now() - interval '5 days' WHERE position <= 6");
        await SqlAsync(
            """
            UPDATE integration.webhook_delivery SET state = 2, delivered_at = now() - interval '3 days', finished_at = now() - interval '3 days'
            WHERE position = 4;
            DELETE FROM integration.webhook_delivery_due WHERE delivery_id IN (SELECT id FROM integration.webhook_delivery WHERE position = 4);
            """);

        // The log goes up to the event the retrying delivery needs, and no further. A sweep may run
        // between the two updates above, so the ended delivery can go one sweep after the events.
        await Eventually.True("positions 1-2 and the ended delivery are deleted", async () =>
            await HorizonAsync() == 2
            && (await admin.ListDeliveriesAsync(new ListDeliveriesRequest { Parent = webhook.Name })).Deliveries.Count == 1);
        Assert.Equal([3L, 4L, 5L, 6L, 7L], await PositionsAsync());
        var deliveries = (await admin.ListDeliveriesAsync(new ListDeliveriesRequest { Parent = webhook.Name })).Deliveries;
        Assert.Equal([3L], deliveries.Select(d => d.Position)); // the ended one went, the retrying one stayed
        Assert.Equal(DeliveryState.Retrying, deliveries[0].State);

        // Once that delivery ends (recently), the old events go too, and the recent one stays.
        await SqlAsync(
            """
            UPDATE integration.webhook_delivery SET state = 4, finished_at = now(), next_attempt_at = NULL WHERE position = 3;
            DELETE FROM integration.webhook_delivery_due;
            """);
        await Eventually.True("positions 3-6 are deleted", async () => await HorizonAsync() == 6);
        Assert.Equal([7L], await PositionsAsync());
        var dead = Assert.Single((await admin.ListDeliveriesAsync(new ListDeliveriesRequest { Parent = webhook.Name })).Deliveries);
        Assert.Equal(pending[0], dead.EventId);

        // Its event is gone: replaying it is refused, and changes nothing.
        var replay = await Assert.ThrowsAsync<RpcException>(async () => await admin.ReplayDeliveryAsync(new ReplayDeliveryRequest { Name = dead.Name }));
        Assert.Equal(StatusCode.FailedPrecondition, replay.StatusCode);
        Assert.Equal(DeliveryState.DeadLettered,
            Assert.Single((await admin.ListDeliveriesAsync(new ListDeliveriesRequest { Parent = webhook.Name })).Deliveries).State);
    }

    [Fact]
    public async Task A_cursor_before_the_oldest_kept_position_is_out_of_range_and_one_inside_still_resumes()
    {
        var published = await PartnerEvents.PublishMeetingsAsync(Db, 4);
        await PartnerEvents.RecordedAsync(Db, TestIdentity.Acme, 4);
        await SqlAsync("UPDATE integration.partner_event SET recorded_at = now() - interval '5 days' WHERE position <= 2");
        await Eventually.True("positions 1-2 are deleted", async () => await HorizonAsync() == 2);
        var partner = await ClientAsync<IntegrationService.IntegrationServiceClient>("integration", TestIdentity.PartnerAsync());

        foreach (var stale in new[] { "0", "1" })
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => FirstMessagesAsync(partner, stale, 1));
            Assert.Equal(StatusCode.OutOfRange, error.StatusCode);
            Assert.Contains("starts at position 3", error.Status.Detail);
            var info = error.GetRpcStatus()!.GetDetail<ErrorInfo>();
            Assert.Equal(("POSITION_EXPIRED", "3", "2"), (info.Reason, info.Metadata["oldest_position"], info.Metadata["resume_after"]));
        }

        // Resuming where the log starts, or from now, works as before.
        var resumed = await FirstMessagesAsync(partner, "2", 3);
        Assert.Equal(2, resumed[0].Heartbeat.Position);
        Assert.Equal([3L, 4L], resumed.Skip(1).Select(m => m.Event.Position));
        Assert.Equal(published[2..], resumed.Skip(1).Select(m => m.Event.Id));
        Assert.Equal(4, (await FirstMessagesAsync(partner, "", 1))[0].Heartbeat.Position);
        Assert.Equal([4L], (await FirstMessagesAsync(partner, "3", 2)).Skip(1).Select(m => m.Event.Position));
    }

    // ---------------------------------------------------------------------------------------------

    /// <summary>The first <paramref name="count"/> messages of a stream (heartbeats after the first skipped).</summary>
    private static async Task<List<WatchEventsResponse>> FirstMessagesAsync(IntegrationService.IntegrationServiceClient client, string resumeAfter, int count)
    {
        using var deadline = new CancellationTokenSource(Eventually.DefaultDeadline);
        using var call = client.WatchEvents(new WatchEventsRequest { ResumeAfter = resumeAfter }, cancellationToken: deadline.Token);
        var messages = new List<WatchEventsResponse>();
        while (messages.Count < count && await call.ResponseStream.MoveNext(deadline.Token))
            if (messages.Count == 0 || call.ResponseStream.Current.Event is not null) messages.Add(call.ResponseStream.Current);
        return messages;
    }

    private async Task PublishHeldMeetingsAsync(int count)
    {
        for (var i = 0; i < count; i++)
            await EventBus.PublishEnvelopeAsync(Db, CloudEvent.Create(
                new MeetingHeld { Meeting = $"meetings/{Guid.NewGuid()}" }, "scheduling", TestIdentity.Acme, TimeProvider.System));
    }

    private async Task<long> HorizonAsync()
    {
        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<long?>(
            "SELECT pruned_through FROM integration.partner_log_horizon WHERE tenant_id = @tenant", new { tenant = TestIdentity.Acme }) ?? 0;
    }

    private async Task<List<long>> PositionsAsync()
    {
        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        return (await c.QueryAsync<long>(
            "SELECT position FROM integration.partner_event WHERE tenant_id = @tenant ORDER BY position", new { tenant = TestIdentity.Acme })).ToList();
    }

    private async Task SqlAsync(string sql)
    {
        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        await c.ExecuteAsync(sql);
    }
}
