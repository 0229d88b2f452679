using System.Security.Cryptography;
using Dapper;
using Mentoring.BuildingBlocks.Events;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Integration.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;

namespace Mentoring.IntegrationTests.Integration;

/// <summary>
/// Rotating the master key that seals webhook secrets (docs/integration.md, "Webhooks"), as for
/// feedback: a replica with a new active key reseals every secret at start, and once the old key is
/// removed deliveries are still signed with the same secrets.
/// </summary>
public sealed class WebhookMasterKeyTests() : ServicesUnderTest("integration")
{
    private static readonly string OldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string NewKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static Dictionary<string, string?> Settings(params (string Id, string Key)[] keys)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Integration:Webhooks:AllowLoopbackHttp"] = "true",
            ["Integration:Webhooks:AllowPrivateAddresses"] = "true",
            ["Integration:Webhooks:PollInterval"] = "00:00:00.100",
            ["Integration:Encryption:ActiveMasterKey"] = keys[^1].Id,
        };
        foreach (var (id, key) in keys) settings[$"Integration:Encryption:MasterKeys:{id}"] = key;
        return settings;
    }

    protected override IReadOnlyDictionary<string, string?>? SettingsOf(string service) => Settings(("old", OldKey));

    [Fact]
    public async Task A_new_master_key_reseals_the_secrets_and_deliveries_stay_verifiable()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var admin = await ClientAsync<IntegrationService.IntegrationServiceClient>("integration", TestIdentity.AdministratorAsync());
        var webhook = await admin.CreateWebhookAsync(new CreateWebhookRequest { Webhook = new Webhook { Url = receiver.Url } });
        receiver.Secret = webhook.Secret;
        Assert.Equal(["old"], await KeyIdsAsync());

        // Rolling restart: a replica with both keys, the new one active, reseals at start.
        await Service("integration").DisposeAsync();
        await using (var rotated = await Apps.StartAsync("integration", Db, Settings(("old", OldKey), ("new", NewKey))))
            await Eventually.True("every secret is sealed by the new master key", async () => (await KeyIdsAsync()).SequenceEqual(["new"]));

        // The old key is gone from configuration: the same secret still signs.
        var after = await Apps.StartAsync("integration", Db, Settings(("new", NewKey)));
        ReplaceService("integration", after);
        var envelope = CloudEvent.Create(new MeetingScheduled { Meeting = $"meetings/{Guid.NewGuid()}" }, "scheduling", TestIdentity.Acme, TimeProvider.System);
        await EventBus.PublishEnvelopeAsync(Db, envelope);
        var received = await Eventually.Until("a delivery verified with the secret", () => Task.FromResult(receiver.Verified.FirstOrDefault()));
        Assert.Equal(envelope.Id, received.Headers["webhook-id"]);
        Assert.Empty(receiver.Rejected);
    }

    private async Task<List<string>> KeyIdsAsync()
    {
        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        return (await c.QueryAsync<string>("SELECT DISTINCT secret_key_id FROM integration.webhook ORDER BY 1")).ToList();
    }
}
