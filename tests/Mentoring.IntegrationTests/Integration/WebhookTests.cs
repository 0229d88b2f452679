using System.Security.Cryptography;
using Dapper;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Integration.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace Mentoring.IntegrationTests.Integration;

/// <summary>
/// Webhooks (docs/integration.md, "Webhooks") against real HTTP receivers (Kestrel in the test) that
/// verify every delivery's Standard Webhooks signature: delivery, retry after a 500, dead letter
/// after the last attempt, replay, secret rotation, secrets sealed at rest, one organisation only, bad input.
/// </summary>
public sealed class WebhookTests : ServicesUnderTest
{
    public WebhookTests() : base("integration") { }

    protected override IReadOnlyDictionary<string, string?>? SettingsOf(string service) => new Dictionary<string, string?>
    {
        ["Integration:Webhooks:AllowLoopbackHttp"] = "true",
        ["Integration:Webhooks:AllowPrivateAddresses"] = "true", // the receivers listen on 127.0.0.1
        ["Integration:Webhooks:MaxAttempts"] = "3",
        ["Integration:Webhooks:RetryInitial"] = "00:00:00.100",
        ["Integration:Webhooks:RetryMax"] = "00:00:00.300",
        ["Integration:Webhooks:PollInterval"] = "00:00:00.100",
        ["Integration:Webhooks:Timeout"] = "00:00:05",
    };

    private Task<IntegrationService.IntegrationServiceClient> AdminAsync(string tenant = TestIdentity.Acme) =>
        ClientAsync<IntegrationService.IntegrationServiceClient>("integration", TestIdentity.AdministratorAsync(tenant));

    [Fact]
    public async Task Deliveries_are_signed_as_standard_webhooks_say_and_listed_as_delivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var admin = await AdminAsync();
        var webhook = await admin.CreateWebhookAsync(new CreateWebhookRequest
        {
            Webhook = new Webhook { Url = receiver.Url, EventTypes = { MeetingScheduled.Descriptor.FullName } },
        });
        Assert.StartsWith("whsec_", webhook.Secret);
        Assert.Equal(32, Convert.FromBase64String(webhook.Secret["whsec_".Length..]).Length);
        receiver.Secret = webhook.Secret;
        Assert.Equal("", (await admin.ListWebhooksAsync(new ListWebhooksRequest())).Webhooks.Single().Secret); // shown once

        var person = await PublishAsync(new PersonRegistered { Person = new Person { Name = $"people/{Guid.NewGuid()}", Email = "x@example.org" } }, "profile");
        var meeting = await PublishAsync(new MeetingScheduled { Meeting = $"meetings/{Guid.NewGuid()}" }, "scheduling");

        var received = await Eventually.Until("the receiver got the meeting", () => Task.FromResult(receiver.Verified.FirstOrDefault()));
        Assert.Equal(meeting, received.Headers["webhook-id"]);
        Assert.Equal(meeting, received.Body.GetProperty("id").GetString());
        Assert.Equal(MeetingScheduled.Descriptor.FullName, received.Body.GetProperty("type").GetString());
        Assert.True(received.Body.GetProperty("data").TryGetProperty("meeting", out _));
        Assert.Empty(receiver.Rejected);

        var deliveries = await Eventually.Until("the delivery is listed as delivered", async () =>
        {
            var list = await admin.ListDeliveriesAsync(new ListDeliveriesRequest { Parent = webhook.Name });
            return list.Deliveries.All(d => d.State == DeliveryState.Delivered) && list.Deliveries.Count > 0 ? list : null;
        });
        var delivery = Assert.Single(deliveries.Deliveries); // not the person: the webhook wants meetings only
        Assert.Equal((meeting, 1, 200), (delivery.EventId, delivery.Attempts, delivery.LastStatusCode));
        Assert.Equal(delivery.Position, received.Body.GetProperty("position").GetInt64());
        Assert.NotNull(delivery.DeliverTime);
        Assert.DoesNotContain(receiver.Verified, r => r.Headers["webhook-id"] == person);
    }

    [Fact]
    public async Task A_failed_delivery_is_retried_and_succeeds_when_the_endpoint_recovers()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500); // 500 first, then 200
        var admin = await AdminAsync();
        var webhook = await admin.CreateWebhookAsync(new CreateWebhookRequest { Webhook = new Webhook { Url = receiver.Url } });
        receiver.Secret = webhook.Secret;
        var meeting = await PublishAsync(new MeetingScheduled { Meeting = $"meetings/{Guid.NewGuid()}" }, "scheduling");

        var delivery = await DeliveryAsync(admin, webhook, DeliveryState.Delivered);
        Assert.Equal(2, delivery.Attempts);
        Assert.Equal([500, 200], receiver.Answers);
        Assert.Equal([meeting, meeting], receiver.Verified.Select(r => r.Headers["webhook-id"])); // the same id on the retry
    }

    [Fact]
    public async Task After_the_last_attempt_a_delivery_is_dead_lettered_and_replay_sends_it_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500, 500, 500);
        var admin = await AdminAsync();
        var webhook = await admin.CreateWebhookAsync(new CreateWebhookRequest { Webhook = new Webhook { Url = receiver.Url } });
        receiver.Secret = webhook.Secret;
        var meeting = await PublishAsync(new MeetingScheduled { Meeting = $"meetings/{Guid.NewGuid()}" }, "scheduling");

        var dead = await DeliveryAsync(admin, webhook, DeliveryState.DeadLettered);
        Assert.Equal((3, 500), (dead.Attempts, dead.LastStatusCode));
        Assert.Contains("500", dead.LastError);
        Assert.Null(dead.NextAttemptTime);
        Assert.Equal(3, receiver.Answers.Count); // nothing more is tried

        var replayed = await admin.ReplayDeliveryAsync(new ReplayDeliveryRequest { Name = dead.Name });
        Assert.Equal(DeliveryState.Pending, replayed.State);
        var delivered = await DeliveryAsync(admin, webhook, DeliveryState.Delivered);
        Assert.Equal(1, delivered.Attempts);
        Assert.Equal([500, 500, 500, 200], receiver.Answers);
        Assert.All(receiver.Verified, r => Assert.Equal(meeting, r.Headers["webhook-id"]));
    }

    [Fact]
    public async Task A_rotated_secret_signs_from_then_on()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var admin = await AdminAsync();
        var webhook = await admin.CreateWebhookAsync(new CreateWebhookRequest { Webhook = new Webhook { Url = receiver.Url } });
        var rotated = await admin.RotateWebhookSecretAsync(new RotateWebhookSecretRequest { Name = webhook.Name });
        Assert.StartsWith("whsec_", rotated.Secret);
        Assert.NotEqual(webhook.Secret, rotated.Secret);
        receiver.Secret = rotated.Secret;
        await PublishAsync(new MeetingScheduled { Meeting = $"meetings/{Guid.NewGuid()}" }, "scheduling");

        var received = await Eventually.Until("the receiver verified a delivery with the new secret", () => Task.FromResult(receiver.Verified.FirstOrDefault()));
        var headers = new HeaderDictionary();
        foreach (var (k, v) in received.Headers) headers[k] = v;
        Assert.ThrowsAny<Exception>(() => new StandardWebhook(webhook.Secret).Verify(received.Raw, headers)); // the old secret no longer verifies
    }

    [Fact]
    public async Task Webhooks_are_the_organisations_own_and_bad_input_changes_nothing()
    {
        var acme = await AdminAsync();
        var globex = await AdminAsync(TestIdentity.Globex);
        var webhook = await acme.CreateWebhookAsync(new CreateWebhookRequest { Webhook = new Webhook { Url = "https://partner.example/hooks" } });

        Assert.Empty((await globex.ListWebhooksAsync(new ListWebhooksRequest())).Webhooks);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(async () =>
            await globex.DeleteWebhookAsync(new DeleteWebhookRequest { Name = webhook.Name }))).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(async () =>
            await globex.ListDeliveriesAsync(new ListDeliveriesRequest { Parent = webhook.Name }))).StatusCode);

        async Task<IReadOnlyList<string>> Violated(Webhook w) =>
            Samples.ViolatedFields(await Assert.ThrowsAsync<RpcException>(async () => await acme.CreateWebhookAsync(new CreateWebhookRequest { Webhook = w })));
        Assert.Equal(["webhook.url"], await Violated(new Webhook { Url = "http://partner.example/hooks" })); // http beyond loopback
        Assert.Equal(["webhook.url"], await Violated(new Webhook { Url = "ftp://partner.example" }));
        Assert.Equal(["webhook.url"], await Violated(new Webhook { Url = "" }));
        Assert.Equal(["webhook.url"], await Violated(new Webhook { Url = "https://user:pw@partner.example/" }));
        Assert.Equal(["webhook.event_types[0]"], await Violated(new Webhook { Url = "https://p.example/", EventTypes = { MeetingReminderDue.Descriptor.FullName } }));
        Assert.Equal(["name"], Samples.ViolatedFields(await Assert.ThrowsAsync<RpcException>(async () =>
            await acme.DeleteWebhookAsync(new DeleteWebhookRequest { Name = "hooks/1" }))));
        Assert.Single((await acme.ListWebhooksAsync(new ListWebhooksRequest())).Webhooks);

        await acme.DeleteWebhookAsync(new DeleteWebhookRequest { Name = webhook.Name });
        Assert.Empty((await acme.ListWebhooksAsync(new ListWebhooksRequest())).Webhooks);
        var partner = await ClientAsync<IntegrationService.IntegrationServiceClient>("integration", TestIdentity.PartnerAsync());
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(async () =>
            await partner.ListWebhooksAsync(new ListWebhooksRequest()))).StatusCode);
    }

    [Fact]
    public async Task Secrets_are_stored_sealed_and_plain_text_rows_from_before_are_sealed_at_start()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var admin = await AdminAsync();
        var created = await admin.CreateWebhookAsync(new CreateWebhookRequest
        {
            Webhook = new Webhook { Url = "https://partner.example/hooks", EventTypes = { PersonRegistered.Descriptor.FullName } },
        });
        var rotated = await admin.RotateWebhookSecretAsync(new RotateWebhookSecretRequest { Name = created.Name });
        // A webhook as stored before secrets were sealed.
        var legacySecret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await AdminSqlAsync(
            "INSERT INTO integration.webhook (tenant_id, id, url, event_types, plaintext_secret) VALUES (@tenant, @id, @url, '{}', @legacySecret)",
            new { tenant = TestIdentity.Acme, id = Guid.NewGuid(), url = receiver.Url, legacySecret });

        // The service seals it at start-up.
        await Service("integration").DisposeAsync();
        ReplaceService("integration", await Apps.StartAsync("integration", Db, SettingsOf("integration")));
        await Eventually.True("no secret is stored in plain text", async () =>
            await AdminScalarAsync<long>("SELECT count(*) FROM integration.webhook WHERE plaintext_secret IS NOT NULL") == 0);

        receiver.Secret = legacySecret;
        var meeting = await PublishAsync(new MeetingScheduled { Meeting = $"meetings/{Guid.NewGuid()}" }, "scheduling");
        var received = await Eventually.Until("the sealed legacy secret signs", () => Task.FromResult(receiver.Verified.FirstOrDefault()));
        Assert.Equal(meeting, received.Headers["webhook-id"]);
        Assert.Empty(receiver.Rejected);

        // Every column of every webhook table, as text: no secret in any form.
        var stored = string.Join("\n", await AdminQueryAsync<string>(
            """
            SELECT row_to_json(w)::text FROM integration.webhook w
            UNION ALL SELECT row_to_json(d)::text FROM integration.webhook_delivery d
            UNION ALL SELECT row_to_json(q)::text FROM integration.webhook_delivery_due q
            """));
        Assert.Contains("secret_sealed", stored);
        foreach (var secret in new[] { created.Secret, rotated.Secret, legacySecret })
        {
            var key = Convert.FromBase64String(secret["whsec_".Length..]);
            Assert.DoesNotContain(secret["whsec_".Length..], stored);
            Assert.DoesNotContain(Convert.ToHexString(key), stored, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(secret)), stored, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal([1, 2], await AdminQueryAsync<int>(
            "SELECT secret_version FROM integration.webhook WHERE secret_version > 1 OR url = @url ORDER BY 1", new { url = receiver.Url }));
    }

    [Fact]
    public async Task A_sealed_secret_copied_to_another_webhook_does_not_open_there()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var admin = await AdminAsync();
        var a = await admin.CreateWebhookAsync(new CreateWebhookRequest
        {
            Webhook = new Webhook { Url = "https://partner.example/a", EventTypes = { PersonRegistered.Descriptor.FullName } },
        });
        var b = await admin.CreateWebhookAsync(new CreateWebhookRequest { Webhook = new Webhook { Url = receiver.Url } });
        receiver.Secret = a.Secret;
        await AdminSqlAsync(
            """
            UPDATE integration.webhook b SET secret_sealed = a.secret_sealed, secret_key_id = a.secret_key_id
            FROM integration.webhook a WHERE a.id = @a AND b.id = @b
            """, new { a = Guid.Parse(a.Name["webhooks/".Length..]), b = Guid.Parse(b.Name["webhooks/".Length..]) });

        await PublishAsync(new MeetingScheduled { Meeting = $"meetings/{Guid.NewGuid()}" }, "scheduling");
        var failed = await Eventually.Until("the delivery failed", async () =>
            (await admin.ListDeliveriesAsync(new ListDeliveriesRequest { Parent = b.Name })).Deliveries.FirstOrDefault(d => d.Attempts > 0));
        Assert.Contains("secret cannot be opened", failed.LastError);
        Assert.NotEqual(DeliveryState.Delivered, failed.State);
        Assert.Empty(receiver.Verified);
        Assert.Empty(receiver.Rejected); // nothing was sent
    }

    // ---------------------------------------------------------------------------------------------

    private async Task AdminSqlAsync(string sql, object? parameters = null)
    {
        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        await c.ExecuteAsync(sql, parameters);
    }

    private async Task<T> AdminScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        return (await c.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    private async Task<List<T>> AdminQueryAsync<T>(string sql, object? parameters = null)
    {
        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        return (await c.QueryAsync<T>(sql, parameters)).ToList();
    }

    private async Task<string> PublishAsync(Google.Protobuf.IMessage @event, string source)
    {
        var envelope = CloudEvent.Create(@event, source, TestIdentity.Acme, TimeProvider.System);
        await EventBus.PublishEnvelopeAsync(Db, envelope);
        return envelope.Id;
    }

    private static Task<Delivery> DeliveryAsync(IntegrationService.IntegrationServiceClient admin, Webhook webhook, params DeliveryState[] states) =>
        Eventually.Until($"a delivery {string.Join(" or ", states)}", async () =>
            (await admin.ListDeliveriesAsync(new ListDeliveriesRequest { Parent = webhook.Name })).Deliveries.FirstOrDefault(d => states.Contains(d.State)));
}
