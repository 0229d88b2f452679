using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Integration.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;

namespace Mentoring.IntegrationTests.Integration;

/// <summary>
/// Webhooks never reach private addresses when <c>Integration:Webhooks:AllowPrivateAddresses</c> is
/// off, as in production (docs/integration.md, "Webhooks"): such URLs are refused at registration,
/// and a name that resolves to loopback at delivery time is not connected to.
/// </summary>
public sealed class WebhookAddressTests : ServicesUnderTest
{
    public WebhookAddressTests() : base("integration") { }

    protected override IReadOnlyDictionary<string, string?>? SettingsOf(string service) => new Dictionary<string, string?>
    {
        ["Integration:Webhooks:AllowLoopbackHttp"] = "true", // the scheme is not what refuses below
        ["Integration:Webhooks:AllowPrivateAddresses"] = "false",
        ["Integration:Webhooks:PollInterval"] = "00:00:00.100",
        ["Integration:Webhooks:RetryInitial"] = "00:00:00.100",
        ["Integration:Webhooks:RetryMax"] = "00:00:00.300",
        ["Integration:Webhooks:MaxAttempts"] = "2",
    };

    [Fact]
    public async Task Urls_of_private_addresses_or_this_machine_are_invalid_and_nothing_is_stored()
    {
        var admin = await ClientAsync<IntegrationService.IntegrationServiceClient>("integration", TestIdentity.AdministratorAsync());
        string[] urls =
        [
            "https://127.0.0.1/hooks", "https://10.0.0.1/", "https://[::1]/", "https://localhost/",
            "https://169.254.169.254/latest/meta-data", "https://[::ffff:192.168.0.1]/", "http://127.0.0.1:8080/hooks",
        ];
        foreach (var url in urls)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(async () =>
                await admin.CreateWebhookAsync(new CreateWebhookRequest { Webhook = new Webhook { Url = url } }));
            Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
            Assert.Equal(["webhook.url"], Samples.ViolatedFields(refused));
        }
        Assert.Empty((await admin.ListWebhooksAsync(new ListWebhooksRequest())).Webhooks);
        Assert.NotNull(await admin.CreateWebhookAsync(new CreateWebhookRequest { Webhook = new Webhook { Url = "https://partner.example/hooks" } }));
    }

    [Fact]
    public async Task A_delivery_whose_name_resolves_to_loopback_is_not_made_and_says_why()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var admin = await ClientAsync<IntegrationService.IntegrationServiceClient>("integration", TestIdentity.AdministratorAsync());
        var webhook = await admin.CreateWebhookAsync(new CreateWebhookRequest { Webhook = new Webhook { Url = "https://partner.example/hooks" } });
        receiver.Secret = webhook.Secret;
        // The name now leads to this machine (as after DNS rebinding): localhost resolves to 127.0.0.1 and ::1.
        await using (var data = Db.AdminDataSource())
        await using (var c = await data.OpenConnectionAsync())
            await c.ExecuteAsync("UPDATE integration.webhook SET url = @url",
                new { url = $"http://localhost:{new Uri(receiver.Url).Port}/hooks" });

        var envelope = CloudEvent.Create(new MeetingScheduled { Meeting = $"meetings/{Guid.NewGuid()}" }, "scheduling", TestIdentity.Acme, TimeProvider.System);
        await EventBus.PublishEnvelopeAsync(Db, envelope);

        var dead = await Eventually.Until("the delivery is dead-lettered", async () =>
            (await admin.ListDeliveriesAsync(new ListDeliveriesRequest { Parent = webhook.Name })).Deliveries
                .FirstOrDefault(d => d.State == DeliveryState.DeadLettered));
        Assert.Equal((2, 0), (dead.Attempts, dead.LastStatusCode));
        Assert.Contains("no public address", dead.LastError);
        Assert.Empty(receiver.Verified);
        Assert.Empty(receiver.Rejected); // no request reached it
    }
}
