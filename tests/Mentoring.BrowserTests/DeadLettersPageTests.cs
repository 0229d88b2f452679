using Dapper;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Microsoft.Playwright;
using static Mentoring.BrowserTests.AdminPages;

namespace Mentoring.BrowserTests;

/// <summary>
/// Event dead letters through the gateway: a subscriber's dead letter listed with the kind of its
/// failure, replayed from the page, and gone once the event is handled again (the handler is idempotent).
/// The dead letter is written into the service's table as the subscription worker writes one after its
/// last attempt (how it gets there is Events/DeliveryDurabilityTests' subject).
/// </summary>
[Collection(AdminSpaPlatform.Collection)]
public sealed class DeadLettersPageTests(AdminSpaPlatform platform, Chromium chromium) : IClassFixture<Chromium>
{
    private readonly PlatformApi api = new(platform);

    [Fact]
    public async Task An_administrator_replays_a_dead_letter_and_it_is_handled()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var profile = api.Profile(await api.AdministratorTokenAsync());
        await profile.RegisterPersonAsync(Samples.Register(Cast.Details($"Radia Perlman {tag}", PersonRole.Mentor, SeniorityLevel.Senior)));
        await using var data = platform.Database.AdminDataSource();
        await using var c = await data.OpenConnectionAsync();
        var eventId = Guid.Parse(await Eventually.Until("the registration is in the event log", () => c.QuerySingleOrDefaultAsync<string>(
            "SELECT event_id::text FROM eventbus.log WHERE topic = 'profile.person-registered' AND envelope::text LIKE @tag", new { tag = $"%{tag}%" })));
        await c.ExecuteAsync(
            """
            INSERT INTO matching.event_failure (subscriber, event_id, topic, envelope, attempts, next_attempt_at, last_error, dead_lettered_at)
            SELECT 'candidates', event_id, topic, envelope, 8, now(), 'Timed out.', now() FROM eventbus.log WHERE event_id = @eventId
            """, new { eventId });

        await using var admin = await SignedInBrowser.AdministratorAsync(chromium, platform, "dead-letters");
        var page = admin.Page;
        await admin.OpenAsync("Event dead letters");
        await page.GetByLabel("Service").SelectOptionAsync("matching");
        var letters = page.GetByRole(AriaRole.Region, new() { Name = "Dead letters" });
        var row = letters.GetByRole(AriaRole.Row).Filter(new() { HasText = eventId.ToString() });
        await Assertions.Expect(row).ToContainTextAsync("profile.person-registered");
        await Assertions.Expect(row).ToContainTextAsync("Timed out.");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Not yet published" })).ToBeVisibleAsync();
        await CheckedAsync(page, "dead-letters");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Replay event {eventId} for candidates" }).ClickAsync();
        await Assertions.Expect(letters.GetByText($"Event {eventId} is back in line for candidates.")).ToBeVisibleAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await Eventually.True("the replayed event is handled and its failure row gone", async () =>
            await c.ExecuteScalarAsync<long>("SELECT count(*) FROM matching.event_failure WHERE event_id = @eventId", new { eventId }) == 0);
        Assert.Empty(admin.ConsoleErrors);
    }
}
