using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Mentoring.BuildingBlocks.Events;
using Microsoft.Extensions.DependencyInjection;
using Mentoring.Contracts;
using Mentoring.BuildingBlocks.Events.Operations;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Events;

/// <summary>
/// The dapr transport, tested at the sidecar's documented boundary: what a service sends to the
/// sidecar's gRPC PublishEvent, what it answers on <c>GET /dapr/subscribe</c>, and what a CloudEvent
/// posted to a subscription route (as the sidecar does) does.
/// </summary>
public sealed class DaprBoundaryTests : IAsyncLifetime
{
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await Databases.FreshAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static Dictionary<string, string?> Dapr(string? sidecar = null) => new()
    {
        ["Events:Transport"] = "dapr",
        ["Events:PubSubName"] = "pubsub",
        ["DAPR_GRPC_ENDPOINT"] = sidecar,
    };

    [Fact]
    public async Task Publishing_sends_our_cloud_event_to_the_sidecar_publish_api()
    {
        await using var sidecar = await FakeDaprSidecar.StartAsync();
        await using var profileService = await Apps.StartAsync("profile", db, Dapr(sidecar.GrpcEndpoint));
        var profile = new ProfileService.ProfileServiceClient(profileService.CreateChannel(await TestIdentity.PartnerAsync()));

        var person = await profile.RegisterPersonAsync(Register(Person("Ada", PersonRole.Mentor, SeniorityLevel.Senior)));

        var request = await Eventually.Until("the sidecar received the event", () => Task.FromResult(
            sidecar.Published.TryPeek(out var r) ? r : null));
        Assert.Equal("pubsub", request.PubsubName);
        Assert.Equal(EventCatalogue.For<PersonRegistered>().Topic, request.Topic);
        Assert.Equal("application/cloudevents+json", request.DataContentType);
        var envelope = CloudEvent.FromJson(request.Data.ToStringUtf8());
        Assert.Equal("mentoring.events.v1.PersonRegistered", envelope.Type);
        Assert.Equal("/mentoring/profile", envelope.Source);
        Assert.Equal("acme", envelope.TenantId);
        Assert.Equal(person, ((PersonRegistered)envelope.ParseData()).Person);
        Assert.Single(sidecar.Published);
    }

    [Fact]
    public async Task While_the_sidecar_is_down_events_wait_in_the_outbox_and_go_out_when_it_is_back()
    {
        var port = FreePort.Next();
        await using var profileService = await Apps.StartAsync("profile", db, Dapr($"http://127.0.0.1:{port}"));
        var profile = new ProfileService.ProfileServiceClient(profileService.CreateChannel(await TestIdentity.PartnerAsync()));
        using var ops = profileService.CreateHttpClient(await TestIdentity.AdministratorAsync());

        await profile.RegisterPersonAsync(Register(Person("Ada", PersonRole.Mentor, SeniorityLevel.Senior)));
        var pending = await Eventually.Until("the failure is visible", async () =>
            (await ops.GetFromJsonAsync<PendingOutboxEvent[]>("/ops/events/outbox")) is [{ Attempts: > 0 } p] ? p : null);
        Assert.False(string.IsNullOrEmpty(pending.LastError));

        await using var sidecar = await FakeDaprSidecar.StartAsync(port);
        await Eventually.True("published once the sidecar answers", () => Task.FromResult(sidecar.Published.Count == 1));
        await Eventually.True("the outbox is drained", async () =>
            (await ops.GetFromJsonAsync<PendingOutboxEvent[]>("/ops/events/outbox"))!.Length == 0);
    }

    [Fact]
    public async Task The_subscribe_endpoint_lists_every_subscription_with_a_dead_letter_topic()
    {
        await using var matching = await Apps.StartAsync("matching", db, Dapr());
        using var http = matching.CreateHttpClient();

        using var subscriptions = JsonDocument.Parse(await http.GetStringAsync("/dapr/subscribe"));
        var listed = subscriptions.RootElement.EnumerateArray()
            .Select(e => (
                Pubsub: e.GetProperty("pubsubName").GetString(),
                Topic: e.GetProperty("topic").GetString(),
                // The SDK writes routes without their leading slash; the sidecar calls /dapr/events/<subscriber>.
                Route: e.GetProperty("route").GetString()!.TrimStart('/'),
                DeadLetter: e.GetProperty("deadLetterTopic").GetString()))
            .OrderBy(e => e.Topic).ToList();

        var declared = matching.Services.GetRequiredService<EventSubscriptions>().All
            .Select(d => ((string?)"pubsub", (string?)d.Event.Topic, $"dapr/events/{d.Name}", (string?)(d.Event.Topic + ".dead-letter")))
            .OrderBy(e => e.Item2).ToList();
        Assert.Equal(declared, listed);
        Assert.Contains(listed, e => e.Topic == "profile.person-registered" && e.Route == "dapr/events/candidates");
    }

    [Fact]
    public async Task A_cloud_event_posted_twice_to_a_topic_route_has_one_effect()
    {
        await using var matching = await Apps.StartAsync("matching", db, Dapr());
        using var http = matching.CreateHttpClient();
        var personId = Guid.NewGuid();
        var envelope = CloudEvent.Create(new PersonRegistered
        {
            Person = new Person
            {
                Name = $"people/{personId}", DisplayName = "Ada", AreaOfWork = "engineering",
                SeniorityLevel = SeniorityLevel.Senior, Roles = { PersonRole.Mentor },
            },
        }, "profile", "acme", TimeProvider.System);

        for (var i = 0; i < 2; i++)
        {
            using var content = new StringContent(envelope.ToJson(), Encoding.UTF8, "application/cloudevents+json");
            var response = await http.PostAsync("/dapr/events/candidates", content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("SUCCESS", await response.Content.ReadAsStringAsync());
        }

        await using var admin = db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        Assert.Equal(1, await c.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM matching.candidate WHERE person_id = @personId AND tenant_id = 'acme'", new { personId }));
        Assert.Equal(1, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM matching.inbox"));
    }

    [Fact]
    public async Task With_an_app_api_token_only_the_sidecar_can_deliver()
    {
        var settings = Dapr();
        settings["Events:AppApiToken"] = "sidecar-secret";
        await using var matching = await Apps.StartAsync("matching", db, settings);
        using var http = matching.CreateHttpClient();
        var envelope = CloudEvent.Create(new PersonRegistered
        {
            Person = new Person { Name = $"people/{Guid.NewGuid()}", DisplayName = "Ada", SeniorityLevel = SeniorityLevel.Senior },
        }, "profile", "acme", TimeProvider.System);

        async Task<HttpStatusCode> PostAsync(string? token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/dapr/events/candidates")
            {
                Content = new StringContent(envelope.ToJson(), Encoding.UTF8, "application/cloudevents+json"),
            };
            if (token is not null) request.Headers.Add("dapr-api-token", token);
            return (await http.SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(null));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync("guess"));
        Assert.Equal(HttpStatusCode.OK, await PostAsync("sidecar-secret"));
    }

    [Fact]
    public async Task A_malformed_delivery_is_dropped_rather_than_retried_forever()
    {
        await using var matching = await Apps.StartAsync("matching", db, Dapr());
        using var http = matching.CreateHttpClient();
        using var content = new StringContent("""{"specversion":"1.0","data":{}}""", Encoding.UTF8, "application/cloudevents+json");

        var response = await http.PostAsync("/dapr/events/candidates", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("DROP", await response.Content.ReadAsStringAsync());
    }
}
