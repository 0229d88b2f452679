using Microsoft.Playwright;

namespace Mentoring.BrowserTests;

/// <summary>
/// An administrator signs in to the admin SPA through the real login page (authorization code +
/// PKCE against the token server, through the gateway) and manages the organisation's programmes.
/// </summary>
[Collection(AdminSpaPlatform.Collection)]
public sealed class ProgrammesPageTests(AdminSpaPlatform platform, Chromium chromium) : IClassFixture<Chromium>
{
    private static readonly TimeSpan Patience = SignedInBrowser.Patience;

    [Fact]
    public async Task An_administrator_signs_in_creates_a_programme_and_sees_it_in_the_list()
    {
        await using var browser = await SignedInBrowser.AdministratorAsync(chromium, platform, nameof(An_administrator_signs_in_creates_a_programme_and_sees_it_in_the_list));
        var page = browser.Page;
        var name = $"Engineering mentoring {Guid.NewGuid():N}"[..30];

        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Mentoring model").SelectOptionAsync("MENTORING_MODEL_ONE_TO_ONE");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create programme" }).ClickAsync();

        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = (float)Patience.TotalMilliseconds });
        await Assertions.Expect(row).ToContainTextAsync("One to one");
        Assert.Empty(await Accessibility.SeriousViolationsAsync(page));
        await Screenshots.SaveAsync(page, "programme-created");
    }

    [Fact]
    public async Task Bad_input_shows_the_servers_field_violation_next_to_its_field_and_creates_nothing()
    {
        await using var browser = await SignedInBrowser.AdministratorAsync(chromium, platform, nameof(Bad_input_shows_the_servers_field_violation_next_to_its_field_and_creates_nothing));
        var page = browser.Page;
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "The organisation's programmes" })).ToBeVisibleAsync();
        var rowsBefore = await ProgrammeCountAsync(page);
        var posted = page.WaitForResponseAsync(r => r.Url.Contains("/matching/v1/programmes") && r.Request.Method == "POST");

        await page.GetByLabel("Mentoring model").SelectOptionAsync("MENTORING_MODEL_GROUP"); // a model, but no name
        await page.GetByRole(AriaRole.Button, new() { Name = "Create programme" }).ClickAsync();

        Assert.Equal(400, (await posted).Status);
        var nameField = page.GetByLabel("Name");
        await Assertions.Expect(nameField).ToHaveAttributeAsync("aria-invalid", "true");
        // the violation is the field's description, and sits right after it
        var violation = page.Locator("#displayName-error");
        await Assertions.Expect(violation).ToBeVisibleAsync();
        await Assertions.Expect(nameField).ToHaveAttributeAsync("aria-describedby", "displayName-error");
        Assert.Equal("displayName", await violation.EvaluateAsync<string>("e => e.previousElementSibling.id"));
        await Assertions.Expect(page.GetByLabel("Mentoring model")).ToHaveAttributeAsync("aria-invalid", "false");
        Assert.Empty(await Accessibility.SeriousViolationsAsync(page));
        await Screenshots.SaveAsync(page, "field-violation");

        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "The organisation's programmes" })).ToBeVisibleAsync();
        Assert.Equal(rowsBefore, await ProgrammeCountAsync(page));
    }

    private static async Task<int> ProgrammeCountAsync(IPage page)
    {
        await Assertions.Expect(page.GetByText("Loading…")).ToHaveCountAsync(0);
        return await page.Locator("tbody tr").CountAsync();
    }
}
