using System.Text;
using Microsoft.Playwright;
using static Mentoring.BrowserTests.AdminPages;

namespace Mentoring.BrowserTests;

/// <summary>CSV import in the browser: check a file row by row (nothing written), apply it, find the people, export them.</summary>
[Collection(AdminSpaPlatform.Collection)]
public sealed class PeopleCsvTests(AdminSpaPlatform platform, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task A_checked_file_shows_every_rows_outcome_writes_nothing_and_then_applies_what_was_checked()
    {
        await using var browser = await SignedInBrowser.AdministratorAsync(chromium, platform, "people-csv");
        var page = browser.Page;
        var tag = Guid.NewGuid().ToString("N")[..8];
        var csv = $"""
            external_id,display_name,email,area_of_work,seniority_level,roles,skills,time_zone,languages,meeting_formats,mentor_capacity,status
            {tag}-1,Mary Jackson {tag},mary.{tag}@csv.example.org,csv-{tag},senior,mentor,maths:5,Europe/London,en,video,2,active
            {tag}-2,Dorothy Vaughan {tag},dorothy.{tag}@csv.example.org,csv-{tag},junior,mentee,,Europe/London,en,,0,
            {tag}-3,,broken,csv-{tag},wizard,mentor,maths:x,Mars/Base,,,many,
            """;
        await browser.OpenAsync("People");
        var section = page.GetByRole(AriaRole.Region, new() { Name = "Import and export (CSV)" });
        await section.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "people.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });

        await section.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        await Assertions.Expect(section.GetByRole(AriaRole.Status)).ToContainTextAsync("Checked, nothing written: 2 to create, 0 to update, 0 unchanged, 1 refused");
        var broken = section.GetByRole(AriaRole.Row).Filter(new() { HasText = $"{tag}-3" });
        await Assertions.Expect(broken).ToContainTextAsync("rejected");
        await Assertions.Expect(broken).ToContainTextAsync("person.seniority_level: 'wizard' is not one of");
        await page.GetByLabel("Search by name, e-mail or area").FillAsync(tag);
        await Assertions.Expect(page.GetByText("Nobody matches.")).ToBeVisibleAsync(); // the dry run wrote nothing
        await CheckedAsync(page, "people-csv-checked");

        await section.GetByRole(AriaRole.Button, new() { Name = "Apply 2 changes" }).ClickAsync();
        await Assertions.Expect(section.GetByRole(AriaRole.Status)).ToContainTextAsync("Applied: 2 to create");
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "People matching the filters" }).Locator("tbody tr")).ToHaveCountAsync(2);

        var download = await page.RunAndWaitForDownloadAsync(() => section.GetByRole(AriaRole.Button, new() { Name = "Export everyone as CSV" }).ClickAsync());
        var exported = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains($"mary.{tag}@csv.example.org", exported);
        Assert.Contains($"dorothy.{tag}@csv.example.org", exported);
        Assert.True(browser.ConsoleErrors.Count == 0, string.Join("\n", browser.ConsoleErrors));
    }
}
