using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Mentoring.BrowserTests.AdminPages;

namespace Mentoring.BrowserTests;

/// <summary>
/// A whole administrator-run programme in the browser: register the people, create the programme,
/// enrol them in bulk, run the engine, review (the score's explanation, a rejection re-solved and
/// its difference shown, an acceptance), publish, and find the relationships.
/// </summary>
[Collection(AdminSpaPlatform.Collection)]
public sealed class ProgrammeRunTests(AdminSpaPlatform platform, Chromium chromium) : IClassFixture<Chromium>
{
    private static Someone Person(string name, string role, string seniority) =>
        new(name, $"{name.Replace(' ', '.').ToLowerInvariant()}@example.org", role, seniority);

    [Fact]
    public async Task An_administrator_registers_people_enrols_them_runs_reviews_and_publishes_a_programme()
    {
        await using var browser = await SignedInBrowser.AdministratorAsync(chromium, platform, nameof(An_administrator_registers_people_enrols_them_runs_reviews_and_publishes_a_programme));
        var page = browser.Page;
        var tag = Guid.NewGuid().ToString("N")[..8];
        var area = $"area-{tag}"; // this test's people only: nothing else shares the area
        Someone[] people =
        [
            Person($"Ada {tag}", "Mentor", "Senior"), Person($"Emmy {tag}", "Mentor", "Principal"),
            Person($"Grace {tag}", "Mentee", "Junior"), Person($"Alan {tag}", "Mentee", "Junior"),
        ];

        await browser.OpenAsync("People");
        foreach (var someone in people) await RegisterAsync(page, someone, area);
        await page.GetByLabel("Search by name, e-mail or area").FillAsync(tag);
        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(people.Length);
        await CheckedAsync(page, "people");

        await browser.OpenAsync("Programmes");
        await CreateProgrammeAsync(page, $"Run {tag}");
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

        // The dashboard: every mentee matched, both relationships proposed.
        await browser.OpenAsync("Programme dashboard");
        await page.GetByLabel("Programme", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = $"Run {tag}" });
        await Assertions.Expect(page.GetByText("Match rate:")).ToContainTextAsync("100 % (2 of 2 mentees enrolled are in a relationship)");
        var phases = page.GetByRole(AriaRole.Figure, new() { Name = "Relationships by phase" });
        await Assertions.Expect(phases.GetByRole(AriaRole.Row).Filter(new() { HasText = "Proposed" })).ToContainTextAsync("2");
        await Assertions.Expect(phases.Locator("svg").First).ToBeVisibleAsync();
        await CheckedAsync(page, "dashboard");
        Assert.True(browser.ConsoleErrors.Count == 0, string.Join("\n", browser.ConsoleErrors));
    }
}
