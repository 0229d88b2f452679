using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Microsoft.Playwright;
using static Mentoring.BrowserTests.AdminPages;

namespace Mentoring.BrowserTests;

/// <summary>
/// The Webhooks page: a private address is refused by its field; a public one is registered and its
/// secret shown once; an event recorded afterwards shows as a delivery (the endpoint does not exist
/// here, so it is retried), which can be sent again; the secret rotates; the webhook is deleted.
/// </summary>
[Collection(AdminSpaPlatform.Collection)]
public sealed class WebhooksPageTests(AdminSpaPlatform platform, Chromium chromium) : IClassFixture<Chromium>
{
    private readonly PlatformApi api = new(platform);

    [Fact]
    public async Task An_administrator_registers_follows_rotates_and_deletes_a_webhook()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var endpoint = $"https://partner.example/hooks/{tag}";
        await using var admin = await SignedInBrowser.AdministratorAsync(chromium, platform, "webhooks");
        var page = admin.Page;
        await admin.OpenAsync("Webhooks");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Webhooks", Level = 1 })).ToBeVisibleAsync();

        await page.GetByLabel("Endpoint").FillAsync("https://10.0.0.7/hooks");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register webhook" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-field='webhook-url']")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Article, new() { Name = "Webhook https://10.0.0.7/hooks" })).ToHaveCountAsync(0);

        await page.GetByLabel("Endpoint").FillAsync(endpoint);
        await page.GetByLabel("Event types (optional)").FillAsync("mentoring.events.v1.PersonRegistered");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register webhook" }).ClickAsync();
        var secret = page.GetByLabel($"Signing secret of {endpoint} (shown only now)");
        await Assertions.Expect(secret).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^whsec_"));
        var first = await secret.InputValueAsync();
        var webhook = page.GetByRole(AriaRole.Article, new() { Name = $"Webhook {endpoint}" });
        await Assertions.Expect(webhook).ToContainTextAsync("mentoring.events.v1.PersonRegistered");

        // An event after the registration: a delivery, retried since partner.example does not answer here.
        await api.Profile(await api.AdministratorTokenAsync()).RegisterPersonAsync(Samples.Register(Cast.Details($"Hook {tag}", PersonRole.Mentee, SeniorityLevel.Junior)));
        var delivery = webhook.GetByRole(AriaRole.Row).Filter(new() { HasText = "mentoring.events.v1.PersonRegistered" });
        await Assertions.Expect(delivery).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await delivery.GetByRole(AriaRole.Button, new() { Name = "Send again: mentoring.events.v1.PersonRegistered" }).ClickAsync();
        await Assertions.Expect(webhook.GetByRole(AriaRole.Status)).Not.ToContainTextAsync("Refused");
        await CheckedAsync(page, "webhooks");

        await webhook.GetByRole(AriaRole.Button, new() { Name = "Rotate secret" }).ClickAsync();
        await Assertions.Expect(secret).Not.ToHaveValueAsync(first);
        await Assertions.Expect(secret).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^whsec_"));
        await webhook.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(webhook).ToHaveCountAsync(0);
        Assert.Empty(admin.ConsoleErrors);
    }
}
