using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Mentoring.BrowserTests;

/// <summary>What an administrator does on the admin SPA's pages, step by step, for the tests that need it.</summary>
public static class AdminPages
{
    public sealed record Someone(string Name, string Email, string Role, string Seniority);

    /// <summary>Registers <paramref name="someone"/> on the People page (open) in <paramref name="area"/>.</summary>
    public static async Task RegisterAsync(IPage page, Someone someone, string area)
    {
        var form = page.GetByRole(AriaRole.Region, new() { Name = "Register a person" });
        await form.GetByLabel("Name").FillAsync(someone.Name);
        await form.GetByLabel("E-mail").FillAsync(someone.Email);
        await form.GetByLabel("Area of work").FillAsync(area);
        await form.GetByLabel("Seniority").SelectOptionAsync(new SelectOptionValue { Label = someone.Seniority });
        await form.GetByRole(AriaRole.Group, new() { Name = "Roles" }).GetByLabel(someone.Role).CheckAsync();
        if (someone.Role == "Mentor") await form.GetByLabel("Mentees at once (mentors)").FillAsync("1");
        await form.GetByLabel("Skills").FillAsync(someone.Role == "Mentor" ? "mathematics:5" : "mathematics:2");
        await form.GetByLabel("Languages").FillAsync("en");
        await form.GetByRole(AriaRole.Group, new() { Name = "Meeting formats" }).GetByLabel("Video").CheckAsync();
        await form.GetByLabel("Time zone").FillAsync("Europe/London");
        await form.GetByRole(AriaRole.Button, new() { Name = "Register person" }).ClickAsync();
        await Assertions.Expect(form.GetByRole(AriaRole.Status)).ToHaveTextAsync($"{someone.Name} registered.");
    }

    /// <summary>Creates a one-to-one programme without credentials on the Programmes page (open) and opens it.</summary>
    public static async Task CreateProgrammeAsync(IPage page, string name)
    {
        // Scoped to the form: it also waits until the Programmes page replaced the previous one
        // (whose fields may have labels like "Name" too).
        var form = page.GetByRole(AriaRole.Region, new() { Name = "Create a programme" });
        await form.GetByLabel("Name").FillAsync(name);
        await form.GetByLabel("Mentoring model").SelectOptionAsync("MENTORING_MODEL_ONE_TO_ONE");
        await form.GetByLabel("Mentors need a current credential").SelectOptionAsync("no");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create programme" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Open it to enrol people and run matching" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
    }

    /// <summary>
    /// On a programme's page: ticks everyone shown for <paramref name="search"/> and enrols them.
    /// Matching learns of new people by event, so an enrolment can be refused for a moment: the
    /// refused stay ticked and are sent again.
    /// </summary>
    public static async Task EnrolAllAsync(IPage page, string role, string search, int expected)
    {
        var form = page.GetByRole(AriaRole.Region, new() { Name = "Enrol people" });
        await form.GetByLabel("Enrol as").SelectOptionAsync(new SelectOptionValue { Label = role });
        await form.GetByLabel("Search people").FillAsync(search);
        await form.GetByLabel($"All shown ({expected})").CheckAsync();
        var deadline = DateTime.UtcNow + SignedInBrowser.Patience;
        while (true)
        {
            await form.GetByRole(AriaRole.Button, new() { NameRegex = new Regex($"^Enrol \\d+ as {role.ToLowerInvariant()}$") }).ClickAsync();
            var status = form.GetByRole(AriaRole.Status);
            await Assertions.Expect(status.Locator("li").First).ToBeVisibleAsync();
            if (await status.GetByText("not enrolled").CountAsync() == 0) break;
            Assert.True(DateTime.UtcNow < deadline, await status.InnerTextAsync());
            await Task.Delay(200);
        }
        await Assertions.Expect(form.GetByText($"Nobody left to enrol as {role.ToLowerInvariant()}.")).ToBeVisibleAsync();
    }

    /// <summary>No serious or critical accessibility finding on the page, and its screenshot saved.</summary>
    public static async Task CheckedAsync(IPage page, string screenshot)
    {
        Assert.Empty(await Accessibility.SeriousViolationsAsync(page));
        await Screenshots.SaveAsync(page, screenshot);
    }
}
