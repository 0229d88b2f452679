using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Microsoft.Playwright;
using static Mentoring.BrowserTests.AdminPages;

namespace Mentoring.BrowserTests;

/// <summary>
/// The credentialing board: candidates filtered by step, a candidate's pipeline opened from the
/// board and moved on with its evidence, the board and the funnel following at once.
/// </summary>
[Collection(AdminSpaPlatform.Collection)]
public sealed class CredentialingBoardTests(AdminSpaPlatform platform, Chromium chromium) : IClassFixture<Chromium>
{
    private readonly PlatformApi api = new(platform);

    [Fact]
    public async Task An_administrator_finds_candidates_by_step_and_records_the_next_step_from_the_board()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var profile = api.Profile(await api.AdministratorTokenAsync());
        async Task<string> ApplyingAsync(string name)
        {
            var person = (await profile.RegisterPersonAsync(Samples.Register(Cast.Details(name, PersonRole.Mentor, SeniorityLevel.Senior)))).Name;
            await profile.ApplyForCredentialAsync(new ApplyForCredentialRequest
            {
                Name = person + "/credentialing",
                Application = new MentorApplication { Motivation = "To pass it on", Competencies = { "orbits" }, MonthlyHours = 4, DeclaresNoSupervisionOfMentees = true },
            });
            return person;
        }
        await ApplyingAsync($"Katherine Coleman {tag}");
        var annie = await ApplyingAsync($"Annie Easley {tag}");
        await profile.RecordCredentialingStepAsync(new RecordCredentialingStepRequest
        {
            Name = annie + "/credentialing", Step = CredentialingStep.Selection, Outcome = StepOutcome.Passed, Reviewer = "external/Programme office",
        });

        await using var admin = await SignedInBrowser.AdministratorAsync(chromium, platform, "credentialing-board");
        var page = admin.Page;
        await admin.OpenAsync("Credentialing board");
        var candidates = page.GetByRole(AriaRole.Region, new() { Name = "Candidates" });
        var katherineRow = candidates.GetByRole(AriaRole.Row).Filter(new() { HasText = $"Katherine Coleman {tag}" });
        var annieRow = candidates.GetByRole(AriaRole.Row).Filter(new() { HasText = $"Annie Easley {tag}" });
        await Assertions.Expect(katherineRow).ToContainTextAsync("Selection");
        await Assertions.Expect(annieRow).ToContainTextAsync("Content training");

        await candidates.GetByLabel("Step").SelectOptionAsync(new SelectOptionValue { Label = "Content training" });
        await Assertions.Expect(katherineRow).ToHaveCountAsync(0);
        await Assertions.Expect(annieRow).ToContainTextAsync("0 of 4");

        await annieRow.GetByRole(AriaRole.Button, new() { Name = $"Open Annie Easley {tag}'s pipeline" }).ClickAsync();
        var pipeline = page.GetByRole(AriaRole.Region, new() { Name = $"Annie Easley {tag}’s pipeline" });
        await Assertions.Expect(pipeline.GetByRole(AriaRole.List, new() { Name = "The steps" })).ToContainTextAsync("Selection passed");
        await pipeline.GetByLabel("Module").SelectOptionAsync("adult-learning");
        await pipeline.GetByLabel("Reviewed by").SelectOptionAsync(new SelectOptionValue { Label = "Someone from outside the organisation" });
        await pipeline.GetByLabel("Their name").FillAsync("Training office");
        await pipeline.GetByRole(AriaRole.Button, new() { Name = "Record step" }).ClickAsync();
        await Assertions.Expect(pipeline.GetByText("Content training recorded.")).ToBeVisibleAsync();
        await Assertions.Expect(annieRow).ToContainTextAsync("1 of 4");

        var funnel = page.GetByRole(AriaRole.Region, new() { Name = "The funnel" });
        await Assertions.Expect(funnel.GetByRole(AriaRole.Figure, new() { Name = "Pipelines by current step" })).ToBeVisibleAsync();
        await Assertions.Expect(funnel.GetByRole(AriaRole.Table, new() { Name = "Time spent per step (pipelines that passed it)" })).ToContainTextAsync("Selection");
        await CheckedAsync(page, "credentialing-board");
        Assert.Empty(admin.ConsoleErrors);
    }
}
