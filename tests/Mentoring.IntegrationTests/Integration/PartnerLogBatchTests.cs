using Dapper;
using Google.Protobuf.WellKnownTypes;
using Mentoring.BuildingBlocks.Events;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Integration.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;

namespace Mentoring.IntegrationTests.Integration;

/// <summary>
/// Events that wait on the bus while the integration service is down reach the partner log as one
/// batch (docs/integration.md, "How"): positions stay dense and in publication order per organisation
/// when the batch mixes organisations, and every event gets its webhook deliveries.
/// </summary>
public sealed class PartnerLogBatchTests() : ServicesUnderTest("integration")
{
    protected override IReadOnlyDictionary<string, string?>? SettingsOf(string service) =>
        new Dictionary<string, string?> { ["Events:BatchSize"] = "50" };

    [Fact]
    public async Task A_batch_of_two_organisations_events_is_appended_densely_in_order_with_its_deliveries()
    {
        var admin = await ClientAsync<IntegrationService.IntegrationServiceClient>("integration", TestIdentity.AdministratorAsync());
        await admin.CreateWebhookAsync(new CreateWebhookRequest
        {
            Webhook = new Webhook { Url = "https://partner.example/hooks", EventTypes = { MeetingScheduled.Descriptor.FullName } },
        });
        await Service("integration").DisposeAsync();

        var published = new List<(string Tenant, string Id)>();
        for (var i = 0; i < 15; i++)
        {
            var tenant = i % 5 == 4 ? TestIdentity.Globex : TestIdentity.Acme;
            var envelope = CloudEvent.Create(new MeetingScheduled
            {
                Meeting = $"meetings/{Guid.NewGuid()}", Relationship = $"relationships/{Guid.NewGuid()}",
                StartTime = Timestamp.FromDateTime(DateTime.UtcNow.AddDays(1)), Format = MeetingFormat.Video,
            }, "scheduling", tenant, TimeProvider.System);
            await EventBus.PublishEnvelopeAsync(Db, envelope);
            published.Add((tenant, envelope.Id));
        }
        ReplaceService("integration", await Apps.StartAsync("integration", Db, SettingsOf("integration")));

        await PartnerEvents.RecordedAsync(Db, TestIdentity.Acme, 12);
        await PartnerEvents.RecordedAsync(Db, TestIdentity.Globex, 3);
        await using var data = Db.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        foreach (var tenant in new[] { TestIdentity.Acme, TestIdentity.Globex })
        {
            var log = (await c.QueryAsync<(long Position, Guid EventId)>(
                "SELECT position, event_id FROM integration.partner_event WHERE tenant_id = @tenant ORDER BY position", new { tenant })).ToList();
            var expected = published.Where(p => p.Tenant == tenant).Select(p => Guid.Parse(p.Id)).ToList();
            Assert.Equal(Enumerable.Range(1, expected.Count).Select(p => (long)p), log.Select(l => l.Position));
            Assert.Equal(expected, log.Select(l => l.EventId));
        }
        // Batches took several at once: rows written by one transaction share its xmin (how the log
        // splits into batches depends on the transactions running elsewhere on the server).
        Assert.InRange(await c.ExecuteScalarAsync<long>("SELECT count(DISTINCT xmin::text) FROM integration.partner_event"), 1, 14);
        var deliveries = (await c.QueryAsync<(long Position, Guid EventId)>(
            "SELECT position, event_id FROM integration.webhook_delivery WHERE tenant_id = @Acme ORDER BY position", new { TestIdentity.Acme })).ToList();
        Assert.Equal(Enumerable.Range(1, 12).Select(p => (long)p), deliveries.Select(d => d.Position));
        Assert.Equal(published.Where(p => p.Tenant == TestIdentity.Acme).Select(p => Guid.Parse(p.Id)), deliveries.Select(d => d.EventId));
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM integration.webhook_delivery WHERE tenant_id = @Globex", new { TestIdentity.Globex }));
    }
}
