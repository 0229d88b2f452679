using System.Net;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Microsoft.Playwright;
using static Mentoring.BrowserTests.AdminPages;

namespace Mentoring.BrowserTests;

/// <summary>
/// A person's own pages besides the relationships: self-assessment against the competency
/// framework, the application for a mentor credential and its progress, and the secret calendar
/// feed that a calendar application reads without signing in. Bad input shows the server's
/// violations by the right fields.
/// </summary>
[Collection(AdminSpaPlatform.Collection)]
public sealed class MyOwnPagesTests(AdminSpaPlatform platform, Chromium chromium) : IClassFixture<Chromium>
{
    private readonly PlatformApi api = new(platform);

    [Fact]
    public async Task A_person_assesses_themself_applies_for_a_credential_and_subscribes_to_their_meetings()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var profile = api.Profile(await api.AdministratorTokenAsync());
        var katherine = Cast.Details("Katherine Johnson", PersonRole.Mentee, SeniorityLevel.Intermediate);
        katherine.Email = AdminSpaPlatform.OwnPagesEmail;
        await profile.RegisterPersonAsync(Samples.Register(katherine));
        var competency = new Competency { DisplayName = $"Orbital mechanics {tag}", Area = $"own-{tag}" };
        foreach (var label in new[] { "Aware", "Practising", "Fluent", "Teaching" }) competency.Levels.Add(new CompetencyLevel { Label = label, Description = $"{label} in orbital mechanics" });
        await profile.CreateCompetencyAsync(new CreateCompetencyRequest { Competency = competency });

        await using var browser = await SignedInBrowser.PersonAsync(chromium, platform, AdminSpaPlatform.OwnPagesEmail, AdminSpaPlatform.WorkPassword, "own-pages");
        var page = browser.Page;

        // Self-assessment: without a level the server refuses by that field; then a level and a target.
        await browser.OpenAsync("My competencies");
        await page.GetByLabel("Competency", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = $"own-{tag}: Orbital mechanics {tag}" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Record my assessment" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-field='assess-currentLevel']")).ToBeVisibleAsync();
        await page.GetByLabel("Where I am now").SelectOptionAsync(new SelectOptionValue { Label = "2. Practising" });
        await page.GetByLabel("Where I aim to be (optional)").SelectOptionAsync(new SelectOptionValue { Label = "4. Teaching" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Record my assessment" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Orbital mechanics {tag} assessed.");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = $"Orbital mechanics {tag}" });
        await Assertions.Expect(row.GetByRole(AriaRole.Cell)).ToHaveTextAsync([$"own-{tag}", $"Orbital mechanics {tag}", "2", "4", "2", "no"]);
        await CheckedAsync(page, "my-competencies");

        // The application: the declaration is required, and its refusal shows by the checkbox.
        await browser.OpenAsync("My credentialing");
        await page.GetByLabel("Why I want to mentor").FillAsync("I was helped; I want to help");
        await page.GetByLabel("What I can pass on").FillAsync("orbital mechanics, programming");
        await page.GetByLabel("Hours a month I commit").FillAsync("4");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-field='apply-declares']")).ToBeVisibleAsync();
        await page.GetByLabel("I do not line-manage anyone who might be my mentee").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Assertions.Expect(page.GetByText("In progress")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".facts")).ToContainTextAsync("Selection");
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "The steps" }).GetByRole(AriaRole.Listitem).First).ToContainTextAsync("Application passed");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Apply" })).ToHaveCountAsync(0);
        await CheckedAsync(page, "my-credentialing");

        // The calendar feed: its address works without a token, and not after revoking.
        await browser.OpenAsync("My calendar feed");
        await Assertions.Expect(page.GetByText("You have no feed.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Make my feed address" }).ClickAsync();
        var address = await page.GetByLabel("Your feed’s address (shown only now)").InputValueAsync();
        Assert.True(platform.OnGateway(new Uri(address)), address);
        using var calendarApp = new HttpClient();
        using (var feed = await calendarApp.GetAsync(address))
        {
            Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
            Assert.StartsWith("BEGIN:VCALENDAR", await feed.Content.ReadAsStringAsync());
        }
        await Assertions.Expect(page.GetByText("Your feed is active since")).ToBeVisibleAsync();
        await CheckedAsync(page, "my-calendar-feed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke the feed" }).ClickAsync();
        await Assertions.Expect(page.GetByText("You have no feed.")).ToBeVisibleAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.GetAsync(address)).StatusCode);
        Assert.Empty(browser.ConsoleErrors);
    }
}
