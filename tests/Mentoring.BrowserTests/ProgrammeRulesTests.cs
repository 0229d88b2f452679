using Mentoring.Contracts.Matching.V1;
using Microsoft.Playwright;
using static Mentoring.BrowserTests.AdminPages;

namespace Mentoring.BrowserTests;

/// <summary>
/// An administrator changes a programme's rules on its page: a bad value is refused by its field and
/// changes nothing, a colleague's change made meanwhile is kept, and the rules in force follow.
/// </summary>
[Collection(AdminSpaPlatform.Collection)]
public sealed class ProgrammeRulesTests(AdminSpaPlatform platform, Chromium chromium) : IClassFixture<Chromium>
{
    private readonly PlatformApi api = new(platform);

    [Fact]
    public async Task An_administrator_changes_the_rules_and_keeps_a_colleagues_change_made_meanwhile()
    {
        var name = $"Leadership circles {Guid.NewGuid():N}"[..30];
        var matching = api.Matching(await api.AdministratorTokenAsync());
        var programme = await matching.CreateProgrammeAsync(new CreateProgrammeRequest { Programme = new Programme { DisplayName = name, Model = MentoringModel.Group } });

        await using var admin = await SignedInBrowser.AdministratorAsync(chromium, platform, "programme-rules");
        var page = admin.Page;
        await admin.OpenAsync("Programmes");
        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        var rules = page.GetByRole(AriaRole.Region, new() { Name = "Rules in force" });
        var edit = page.GetByRole(AriaRole.Region, new() { Name = "Change the programme" });
        await Assertions.Expect(rules.GetByRole(AriaRole.Row).Filter(new() { HasText = "Group size" })).ToContainTextAsync("4 to 6");

        // More mentees at least than at most: the server refuses it by the field it names, and nothing changes.
        await edit.GetByLabel("Fewest mentees per mentor").FillAsync("9");
        await edit.GetByLabel("A language in common").FillAsync("lots");
        await edit.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(edit.GetByLabel("A language in common")).ToHaveAttributeAsync("aria-invalid", "true");
        await edit.GetByLabel("A language in common").FillAsync("10");
        await edit.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(edit.GetByLabel("Most mentees per mentor")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(edit.Locator("[data-field='edit-groupSizeMax']")).ToBeVisibleAsync();
        Assert.Equal(4, (await matching.GetProgrammeAsync(new GetProgrammeRequest { Name = programme.Name })).Rules.GroupSizeMin);

        // A colleague renames the programme meanwhile; saving over the old version keeps both changes.
        await matching.UpdateProgrammeAsync(new UpdateProgrammeRequest
        {
            Programme = new Programme { Name = programme.Name, DisplayName = name + " (renamed)" }, UpdateMask = new() { Paths = { "display_name" } },
        });
        await edit.GetByLabel("Fewest mentees per mentor").FillAsync("3");
        await edit.GetByLabel("Meeting length in minutes").FillAsync("45");
        await edit.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(edit.GetByText("Someone changed the programme meanwhile")).ToBeVisibleAsync();
        await Assertions.Expect(edit.GetByLabel("Name")).ToHaveValueAsync(name + " (renamed)");
        await Assertions.Expect(edit.GetByLabel("Meeting length in minutes")).ToHaveValueAsync("45");
        await edit.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(edit.GetByText("Saved.")).ToBeVisibleAsync();

        await Assertions.Expect(rules.GetByRole(AriaRole.Row).Filter(new() { HasText = "Group size" })).ToContainTextAsync("3 to 6");
        await Assertions.Expect(rules.GetByRole(AriaRole.Row).Filter(new() { HasText = "Session length" })).ToContainTextAsync("45 minutes");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = name + " (renamed)", Level = 1 })).ToBeVisibleAsync();
        var saved = await matching.GetProgrammeAsync(new GetProgrammeRequest { Name = programme.Name });
        Assert.Equal((name + " (renamed)", 3, 45, 10), (saved.DisplayName, saved.Rules.GroupSizeMin, saved.Rules.SessionMinutes, saved.Weights.Language));
        await CheckedAsync(page, "programme-rules");
        Assert.Empty(admin.ConsoleErrors);
    }
}
