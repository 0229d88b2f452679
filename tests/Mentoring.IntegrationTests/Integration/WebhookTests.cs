using System.Collections.Concurrent;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Integration.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StandardWebhooks;

namespace Mentoring.IntegrationTests.Integration;

/// <summary>
/// Webhooks (docs/integration.md, "Webhooks") against real HTTP receivers (Kestrel in the test) that
/// verify every delivery's Standard Webhooks signature: delivery, retry after a 500, dead letter
/// after the last attempt, replay, secret rotation, one organisation only, bad input.
/// </summary>
public sealed class WebhookTests : ServicesUnderTest
{
    public WebhookTests() : base("integration") { }

    protected override IReadOnlyDictionary<string, string?>? SettingsOf(string service) => new Dictionary<string, string?>
    {
        ["Integration:Webhooks:AllowLoopbackHttp"] = "true",
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
        await using var receiver = await Receiver.StartAsync();
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
        await using var receiver = await Receiver.StartAsync(500); // 500 first, then 200
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
        await using var receiver = await Receiver.StartAsync(500, 500, 500);
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
        await using var receiver = await Receiver.StartAsync();
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

    // ---------------------------------------------------------------------------------------------

    private async Task<string> PublishAsync(Google.Protobuf.IMessage @event, string source)
    {
        var envelope = CloudEvent.Create(@event, source, TestIdentity.Acme, TimeProvider.System);
        await EventBus.PublishEnvelopeAsync(Db, envelope);
        return envelope.Id;
    }

    private static Task<Delivery> DeliveryAsync(IntegrationService.IntegrationServiceClient admin, Webhook webhook, params DeliveryState[] states) =>
        Eventually.Until($"a delivery {string.Join(" or ", states)}", async () =>
            (await admin.ListDeliveriesAsync(new ListDeliveriesRequest { Parent = webhook.Name })).Deliveries.FirstOrDefault(d => states.Contains(d.State)));

    private sealed record Received(IReadOnlyDictionary<string, string> Headers, JsonElement Body, string Raw);

    /// <summary>
    /// A partner's endpoint on a real Kestrel port: verifies the signature with the StandardWebhooks
    /// package (403 when it does not verify) and answers the given statuses in turn, then 200.
    /// </summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication app;
        private readonly ConcurrentQueue<int> script;

        private Receiver(WebApplication app, ConcurrentQueue<int> script, string url) => (this.app, this.script, Url) = (app, script, url);

        public string Url { get; }
        public string? Secret { get; set; }
        public ConcurrentQueue<Received> Verified { get; } = new();
        public ConcurrentQueue<string> Rejected { get; } = new();
        public List<int> Answers { get; } = [];

        public static async Task<Receiver> StartAsync(params int[] statuses)
        {
            var port = FreePort.Next();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var receiver = new Receiver(app, new ConcurrentQueue<int>(statuses), $"http://127.0.0.1:{port}/hooks");
            app.MapPost("/hooks", async (HttpContext http) =>
            {
                var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
                try
                {
                    new StandardWebhook(receiver.Secret!).Verify(body, http.Request.Headers);
                }
                catch (Exception e)
                {
                    receiver.Rejected.Enqueue(e.Message);
                    return Results.StatusCode(403);
                }
                var status = receiver.script.TryDequeue(out var s) ? s : 200;
                lock (receiver.Answers) receiver.Answers.Add(status);
                receiver.Verified.Enqueue(new Received(
                    http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
                    JsonDocument.Parse(body).RootElement.Clone(), body));
                return Results.StatusCode(status);
            });
            await app.StartAsync();
            return receiver;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
