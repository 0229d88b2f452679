using Microsoft.Playwright;
using static Mentoring.BrowserTests.AdminPages;

namespace Mentoring.BrowserTests;

/// <summary>The competency framework editor, the calendar and the audit log, as an administrator uses them.</summary>
[Collection(AdminSpaPlatform.Collection)]
public sealed class AdministrationPagesTests(AdminSpaPlatform platform, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task An_administrator_adds_a_competency_sees_the_servers_violation_for_a_bad_scale_and_changes_it()
    {
        await using var browser = await SignedInBrowser.AdministratorAsync(chromium, platform, "competencies");
        var page = browser.Page;
        var area = $"Leadership {Guid.NewGuid():N}"[..20];
        await browser.OpenAsync("Competency framework");
        var form = page.GetByRole(AriaRole.Region, new() { Name = "Add a competency" });

        await form.GetByLabel("Name").FillAsync("Giving feedback");
        await form.GetByLabel("Area").FillAsync(area);
        await form.GetByLabel("Levels, lowest first").FillAsync("Only one level: not a scale");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add the competency" }).ClickAsync();
        await Assertions.Expect(form.GetByLabel("Levels, lowest first")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#competency-levels-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = $"Area {area}" })).ToHaveCountAsync(0);

        await form.GetByLabel("Levels, lowest first").FillAsync("Aware: knows what good feedback is\nPractitioner: gives it every week\nExpert: teaches others to");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add the competency" }).ClickAsync();
        await Assertions.Expect(form.GetByRole(AriaRole.Status)).ToHaveTextAsync("Giving feedback added.");
        var row = page.GetByRole(AriaRole.Region, new() { Name = $"Area {area}" }).GetByRole(AriaRole.Row).Filter(new() { HasText = "Giving feedback" });
        await Assertions.Expect(row).ToContainTextAsync("1. Aware, 2. Practitioner, 3. Expert");

        // Changed in the same form: it comes filled in, and the scale grows by a level.
        await row.GetByRole(AriaRole.Button, new() { Name = "Change Giving feedback" }).ClickAsync();
        var change = page.GetByRole(AriaRole.Region, new() { Name = "Change Giving feedback" });
        await Assertions.Expect(change.GetByLabel("Levels, lowest first")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^Aware: knows what good feedback is\nPractitioner"));
        await change.GetByLabel("What it covers").FillAsync("Saying what works and what does not");
        await change.GetByLabel("Levels, lowest first").FillAsync("Aware: knows what good feedback is\nPractitioner: gives it every week\nExpert: teaches others to\nMentor: builds a feedback culture");
        await change.GetByRole(AriaRole.Button, new() { Name = "Save the change" }).ClickAsync();
        await Assertions.Expect(form.GetByRole(AriaRole.Status)).ToHaveTextAsync("Giving feedback changed.");
        await Assertions.Expect(row).ToContainTextAsync("4. Mentor");
        await Assertions.Expect(row).ToContainTextAsync("Saying what works");
        await CheckedAsync(page, "competencies");
        Assert.True(browser.ConsoleErrors.Count == 0, string.Join("\n", browser.ConsoleErrors));
    }

    [Fact]
    public async Task The_calendar_and_the_audit_log_open_and_page()
    {
        await using var browser = await SignedInBrowser.AdministratorAsync(chromium, platform, "calendar-audit");
        var page = browser.Page;
        await browser.OpenAsync("Calendar");
        var week = page.GetByText("Week of ");
        var thisWeek = await week.InnerTextAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next week" }).ClickAsync();
        await Assertions.Expect(week).Not.ToHaveTextAsync(thisWeek);
        await Assertions.Expect(page.GetByText("Loading…")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await CheckedAsync(page, "calendar");

        await browser.OpenAsync("Audit log");
        await page.GetByLabel("Service").SelectOptionAsync("profile");
        await Assertions.Expect(page.GetByText("Loading…")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await CheckedAsync(page, "audit-log");
        Assert.True(browser.ConsoleErrors.Count == 0, string.Join("\n", browser.ConsoleErrors));
    }
}
