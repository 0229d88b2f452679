using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Microsoft.Playwright;
using static Mentoring.BrowserTests.AdminPages;

namespace Mentoring.BrowserTests;

/// <summary>
/// An administrator's page of one person: the reporting line set from it, and the credentialing
/// pipeline moved on step by step with its evidence (a step without a reviewer is refused by that
/// field and records nothing).
/// </summary>
[Collection(AdminSpaPlatform.Collection)]
public sealed class PersonPageTests(AdminSpaPlatform platform, Chromium chromium) : IClassFixture<Chromium>
{
    private readonly PlatformApi api = new(platform);

    [Fact]
    public async Task An_administrator_sets_a_line_manager_and_records_credentialing_steps()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var profile = api.Profile(await api.AdministratorTokenAsync());
        var candidate = (await profile.RegisterPersonAsync(Samples.Register(Cast.Details($"Dorothy Vaughan {tag}", PersonRole.Mentor, SeniorityLevel.Senior)))).Name;
        await profile.RegisterPersonAsync(Samples.Register(Cast.Details($"Mae Jemison {tag}", PersonRole.Mentee, SeniorityLevel.Principal)));
        await profile.ApplyForCredentialAsync(new ApplyForCredentialRequest
        {
            Name = candidate + "/credentialing",
            Application = new MentorApplication { Motivation = "To pass it on", Competencies = { "computing" }, MonthlyHours = 6, DeclaresNoSupervisionOfMentees = true },
        });

        await using var admin = await SignedInBrowser.AdministratorAsync(chromium, platform, "person-page");
        var page = admin.Page;
        await admin.OpenAsync("People");
        await page.GetByLabel("Search by name, e-mail or area").FillAsync(tag);
        await page.GetByRole(AriaRole.Link, new() { Name = $"Dorothy Vaughan {tag}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Dorothy Vaughan {tag}", Level = 1 })).ToBeVisibleAsync();

        var line = page.GetByRole(AriaRole.Region, new() { Name = "Reporting line" });
        await line.GetByLabel("Line manager", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = $"Mae Jemison {tag}" });
        await line.GetByRole(AriaRole.Button, new() { Name = "Set line manager" }).ClickAsync();
        await Assertions.Expect(line.GetByText($"Line manager: Mae Jemison {tag}")).ToBeVisibleAsync();

        var credentialing = page.GetByRole(AriaRole.Region, new() { Name = "Credentialing" });
        await Assertions.Expect(credentialing.Locator(".facts")).ToContainTextAsync("Selection");
        await credentialing.GetByRole(AriaRole.Button, new() { Name = "Record step" }).ClickAsync();
        await Assertions.Expect(credentialing.Locator("[data-field='credentialing-reviewer']")).ToBeVisibleAsync();
        await Assertions.Expect(credentialing.Locator(".facts")).ToContainTextAsync("Selection");
        await credentialing.GetByLabel("Reviewed by").SelectOptionAsync(new SelectOptionValue { Label = "Someone from outside the organisation" });
        await credentialing.GetByLabel("Their name").FillAsync("Programme office");
        await credentialing.GetByRole(AriaRole.Button, new() { Name = "Record step" }).ClickAsync();
        await Assertions.Expect(credentialing.GetByText("Selection recorded.")).ToBeVisibleAsync();
        await Assertions.Expect(credentialing.Locator(".facts")).ToContainTextAsync("Content training");

        await credentialing.GetByLabel("Module").SelectOptionAsync("adult-learning");
        await credentialing.GetByRole(AriaRole.Button, new() { Name = "Record step" }).ClickAsync();
        await Assertions.Expect(credentialing.GetByText("Content training recorded.")).ToBeVisibleAsync();
        var steps = credentialing.GetByRole(AriaRole.List, new() { Name = "The steps" });
        await Assertions.Expect(steps.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Content training" })).ToContainTextAsync("adult-learning: passed");
        await Assertions.Expect(credentialing.Locator(".facts")).ToContainTextAsync("1 of 4 done");
        await CheckedAsync(page, "person-page");
        Assert.Empty(admin.ConsoleErrors);
    }
}
