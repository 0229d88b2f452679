using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Mentoring.BrowserTests;

/// <summary>
/// A whole administrator-run programme in the browser: register the people, create the programme,
/// enrol them in bulk, run the engine, review (the score's explanation, a rejection re-solved and
/// its difference shown, an acceptance), publish, and find the relationships.
/// </summary>
[Collection(AdminSpaPlatform.Collection)]
public sealed class ProgrammeRunTests(AdminSpaPlatform platform, Chromium chromium) : IClassFixture<Chromium>
{
    private sealed record Someone(string Name, string Role, string Seniority);

    [Fact]
    public async Task An_administrator_registers_people_enrols_them_runs_reviews_and_publishes_a_programme()
    {
        await using var browser = await SignedInBrowser.AdministratorAsync(chromium, platform, nameof(An_administrator_registers_people_enrols_them_runs_reviews_and_publishes_a_programme));
        var page = browser.Page;
        var tag = Guid.NewGuid().ToString("N")[..8];
        var area = $"area-{tag}"; // this test's people only: nothing else shares the area
        Someone[] people =
        [
            new($"Ada {tag}", "Mentor", "Senior"), new($"Emmy {tag}", "Mentor", "Principal"),
            new($"Grace {tag}", "Mentee", "Junior"), new($"Alan {tag}", "Mentee", "Junior"),
        ];

        await browser.OpenAsync("People");
        foreach (var someone in people) await RegisterAsync(page, someone, area);
        await page.GetByLabel("Search by name, e-mail or area").FillAsync(tag);
        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(people.Length);
        await CheckedAsync(page, "people");

        await browser.OpenAsync("Programmes");
        var programme = $"Run {tag}";
        await page.GetByLabel("Name").FillAsync(programme);
        await page.GetByLabel("Mentoring model").SelectOptionAsync("MENTORING_MODEL_ONE_TO_ONE");
        await page.GetByLabel("Mentors need a current credential").SelectOptionAsync("no");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create programme" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Open it to enrol people and run matching" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = programme })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Credential required" })).ToContainTextAsync("no");

        await EnrolAllAsync(page, "Mentor", tag, 2);
        await EnrolAllAsync(page, "Mentee", tag, 2);
        await Assertions.Expect(page.GetByText("2 mentors, 2 mentees")).ToBeVisibleAsync();
        await CheckedAsync(page, "programme");

        await page.GetByRole(AriaRole.Button, new() { Name = "Run matching" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/runs/"));
        var proposals = page.GetByRole(AriaRole.Table, new() { Name = "Proposed pairs" }).Locator("tbody tr");
        await Assertions.Expect(proposals).ToHaveCountAsync(2);
        var first = proposals.First;
        var mentee = await first.Locator("td").Nth(0).InnerTextAsync();
        var mentor = await first.Locator("td").Nth(1).InnerTextAsync();
        await first.GetByText($"Explain the score of {mentee} with {mentor}").ClickAsync();
        Assert.True(await first.Locator("details li").CountAsync() > 0, "a proposal's score has no explanation");
        await CheckedAsync(page, "run-in-review");

        // Rejecting a pair re-solves the run: the mentee gets the other mentor, and the page shows what changed.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Reject {mentor} for {mentee}" }).ClickAsync();
        var diff = page.GetByRole(AriaRole.Region, new() { Name = $"What “Reject {mentor} for {mentee}” changed" });
        await Assertions.Expect(diff).ToBeVisibleAsync();
        await Assertions.Expect(diff.GetByRole(AriaRole.Row).Filter(new() { HasText = mentee })).ToContainTextAsync("new mentor");
        await Assertions.Expect(proposals).ToHaveCountAsync(2);
        await Assertions.Expect(proposals.Filter(new() { HasText = mentee }).Filter(new() { HasText = mentor })).ToHaveCountAsync(0);
        await CheckedAsync(page, "run-review-difference");

        var kept = proposals.Filter(new() { HasText = mentee });
        var newMentor = await kept.Locator("td").Nth(1).InnerTextAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Accept {newMentor} for {mentee}" }).ClickAsync();
        await Assertions.Expect(kept.Locator("td").Nth(4)).ToHaveTextAsync("accepted");

        await page.GetByRole(AriaRole.Button, new() { Name = "Publish 2 proposals" }).ClickAsync();
        await Assertions.Expect(page.GetByText("2 relationships created")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "See the programme’s relationships" }).ClickAsync();
        var relationships = page.GetByRole(AriaRole.Table, new() { Name = "Relationships, newest first" }).Locator("tbody tr");
        await Assertions.Expect(relationships).ToHaveCountAsync(2);
        await Assertions.Expect(relationships.Filter(new() { HasText = mentee }).Filter(new() { HasText = newMentor })).ToContainTextAsync("Proposed");
        await CheckedAsync(page, "relationships");
        Assert.True(browser.ConsoleErrors.Count == 0, string.Join("\n", browser.ConsoleErrors));
    }

    private static async Task RegisterAsync(IPage page, Someone someone, string area)
    {
        var form = page.GetByRole(AriaRole.Region, new() { Name = "Register a person" });
        await form.GetByLabel("Name").FillAsync(someone.Name);
        await form.GetByLabel("E-mail").FillAsync($"{someone.Name.Replace(' ', '.').ToLowerInvariant()}@example.org");
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

    /// <summary>
    /// Ticks everyone shown for <paramref name="tag"/> and enrols them. Matching learns of new people
    /// by event, so an enrolment can be refused for a moment: the refused stay ticked and are sent again.
    /// </summary>
    private static async Task EnrolAllAsync(IPage page, string role, string tag, int expected)
    {
        var form = page.GetByRole(AriaRole.Region, new() { Name = "Enrol people" });
        await form.GetByLabel("Enrol as").SelectOptionAsync(new SelectOptionValue { Label = role });
        await form.GetByLabel("Search people").FillAsync(tag);
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

    private static async Task CheckedAsync(IPage page, string screenshot)
    {
        Assert.Empty(await Accessibility.SeriousViolationsAsync(page));
        await Screenshots.SaveAsync(page, screenshot);
    }
}
