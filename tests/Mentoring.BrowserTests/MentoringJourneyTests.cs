using System.Text.RegularExpressions;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Microsoft.Playwright;
using static Mentoring.BrowserTests.AdminPages;

namespace Mentoring.BrowserTests;

/// <summary>
/// A programme from the administrator's first click to the pair's first meeting, in three browsers:
/// the administrator registers Ada and Grace (the e-mail addresses they sign in with), creates the
/// programme, enrols them, runs matching and publishes; then Ada and Grace, signed in as people,
/// each accept the match, write and both sign the agreement, and book a meeting that the other accepts.
/// </summary>
[Collection(AdminSpaPlatform.Collection)]
public sealed class MentoringJourneyTests(AdminSpaPlatform platform, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task A_programme_runs_from_enrolment_to_a_signed_agreement_and_a_booked_meeting()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var area = $"journey-{tag}";
        await using (var admin = await SignedInBrowser.AdministratorAsync(chromium, platform, "journey-admin"))
        {
            var page = admin.Page;
            await admin.OpenAsync("People");
            await RegisterAsync(page, new("Ada Lovelace", FrontDoorPlatform.PersonEmail, "Mentor", "Senior"), area);
            await RegisterAsync(page, new("Grace Hopper", AdminSpaPlatform.SecondPersonEmail, "Mentee", "Junior"), area);
            await admin.OpenAsync("Programmes");
            await CreateProgrammeAsync(page, $"Journey {tag}");
            await EnrolAllAsync(page, "Mentor", area, 1);
            await EnrolAllAsync(page, "Mentee", area, 1);
            await page.GetByRole(AriaRole.Button, new() { Name = "Run matching" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Publish 1 proposals" }).ClickAsync();
            await Assertions.Expect(page.GetByText("1 relationships created")).ToBeVisibleAsync();
        }

        await using var ada = await SignedInBrowser.PersonAsync(chromium, platform, FrontDoorPlatform.PersonEmail, FrontDoorPlatform.PersonPassword, "journey-ada");
        await using var grace = await SignedInBrowser.PersonAsync(chromium, platform, AdminSpaPlatform.SecondPersonEmail, AdminSpaPlatform.SecondPersonPassword, "journey-grace");

        // Each accepts; the relationship is accepted when the last one does.
        await ada.Page.GetByRole(AriaRole.Button, new() { Name = "Accept this match with your mentee" }).ClickAsync();
        await Assertions.Expect(ada.Page.GetByText("waiting for the others to accept")).ToBeVisibleAsync();
        await CheckedAsync(ada.Page, "my-relationships");
        await grace.Page.GetByRole(AriaRole.Button, new() { Name = "Accept this match with your mentor" }).ClickAsync();
        await Assertions.Expect(grace.Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "your mentor" })).ToContainTextAsync("Accepted");

        // Grace drafts the agreement and signs it; Ada reads and signs the same version.
        await grace.Page.GetByRole(AriaRole.Link, new() { Name = "your mentor" }).ClickAsync();
        await Assertions.Expect(grace.Page.GetByRole(AriaRole.Heading, new() { Name = "Mentoring with your mentor" })).ToBeVisibleAsync();
        // The page shows matching's phase; the agreement lives in feedback, which learns of the
        // acceptance from matching's event a moment later (until then it refuses, and says why).
        var relationshipId = Guid.Parse(grace.Page.Url.Split('/').Last());
        await Eventually.True("feedback knows the relationship was accepted", async () =>
            await platform.Database.CountAsync(
                "SELECT count(*) FROM feedback.relationship WHERE id = @relationshipId AND state >= 2", new { relationshipId }) == 1);
        var form = grace.Page.GetByRole(AriaRole.Region, new() { Name = "Agreement" });
        await form.GetByLabel("My goals").FillAsync("Lead a team of engineers within a year");
        await form.GetByLabel("Out of bounds").FillAsync("Performance reviews");
        await form.GetByLabel("Confidentiality and honesty").FillAsync("What we say stays between us");
        await form.GetByLabel("How we check that it works").FillAsync("A fit check every month");
        await form.GetByLabel("The no-fault way out").FillAsync("Either of us may end it without blame");
        await form.GetByLabel("First meeting (local time)").FillAsync(DateTime.UtcNow.Date.AddDays(30).ToString("yyyy-MM-dd") + "T10:00");
        await form.GetByLabel("Time zone").FillAsync("Europe/London");
        await form.GetByLabel("Repeats").FillAsync("FREQ=WEEKLY;COUNT=4");
        await form.GetByLabel("Length in minutes").FillAsync("60");
        await form.GetByLabel("How we meet").SelectOptionAsync(new SelectOptionValue { Label = "Video" });
        await form.GetByLabel("Video link").FillAsync("https://meet.example/ada-grace");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save the agreement" }).ClickAsync();
        await Assertions.Expect(form.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved as version 1");
        await form.GetByRole(AriaRole.Button, new() { Name = "Sign version 1" }).ClickAsync();
        await Assertions.Expect(form).ToContainTextAsync("signed by 1 of 2, you included");
        await CheckedAsync(grace.Page, "agreement");

        await ada.Page.ReloadAsync();
        await ada.Page.GetByRole(AriaRole.Link, new() { Name = "your mentee" }).ClickAsync();
        var adaForm = ada.Page.GetByRole(AriaRole.Region, new() { Name = "Agreement" });
        await Assertions.Expect(adaForm.GetByLabel("Out of bounds")).ToHaveValueAsync("Performance reviews");
        await adaForm.GetByRole(AriaRole.Button, new() { Name = "Sign version 1" }).ClickAsync();
        await Assertions.Expect(adaForm.GetByRole(AriaRole.Status)).ToContainTextAsync("Signed by everyone.");

        // Grace is free on Wednesdays from 14:00 to 16:00 only (the weekly grid, by mouse and keyboard).
        await grace.OpenAsync("My profile and availability");
        await Assertions.Expect(grace.Page.GetByRole(AriaRole.Heading, new() { Name = "My availability" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(grace.Page, "my-profile");
        var start = grace.Page.GetByRole(AriaRole.Gridcell, new() { NameRegex = new Regex("^Wednesday 14:00 to 14:30, ") });
        await Assertions.Expect(start).ToHaveAttributeAsync("aria-label", "Wednesday 14:00 to 14:30, not free");
        await start.ClickAsync();
        await Assertions.Expect(start).ToHaveAttributeAsync("aria-label", "Wednesday 14:00 to 14:30, free");
        await start.FocusAsync();
        for (var i = 0; i < 3; i++) await grace.Page.Keyboard.PressAsync("Shift+ArrowDown");
        await Assertions.Expect(grace.Page.GetByText("Free now: 2 hours a week.")).ToBeVisibleAsync();
        await grace.Page.GetByRole(AriaRole.Button, new() { Name = "Save my availability" }).ClickAsync();
        await Assertions.Expect(grace.Page.GetByText("Availability saved.")).ToBeVisibleAsync();
        await grace.Page.ReloadAsync();
        await Assertions.Expect(grace.Page.GetByRole(AriaRole.Gridcell, new() { Name = "Wednesday 15:30 to 16:00, free" })).ToBeVisibleAsync();
        await CheckedAsync(grace.Page, "my-availability");
        await grace.Page.GoBackAsync();

        // Ada books a time that suits both — a Wednesday afternoon, once scheduling has Grace's new
        // availability (by event) — and Grace accepts the invitation.
        var meetings = ada.Page.GetByRole(AriaRole.Region, new() { Name = "Meetings" });
        await Assertions.Expect(meetings.GetByLabel("Video link")).ToHaveValueAsync("https://meet.example/ada-grace"); // as agreed
        var book = meetings.GetByRole(AriaRole.List, new() { Name = "Times that suit everyone" }).GetByRole(AriaRole.Button).First;
        var deadline = DateTime.UtcNow + SignedInBrowser.Patience;
        string when;
        while (true)
        {
            await meetings.GetByRole(AriaRole.Button, new() { Name = "Find times" }).ClickAsync();
            await Assertions.Expect(book).ToBeVisibleAsync();
            when = (await book.InnerTextAsync())["Book ".Length..];
            if (when.StartsWith("Wed,", StringComparison.Ordinal)) break;
            Assert.True(DateTime.UtcNow < deadline, $"the first time offered is still {when}, not in Grace's Wednesday afternoon");
            await Task.Delay(200);
        }
        Assert.Matches(@"(02:(00|15|30|45)|03:00) PM$", when);
        await book.ClickAsync();
        var adaRow = meetings.GetByRole(AriaRole.Row).Filter(new() { HasText = when });
        await Assertions.Expect(adaRow).ToContainTextAsync("accepted");
        await Assertions.Expect(adaRow).ToContainTextAsync("proposed");
        await CheckedAsync(ada.Page, "relationship-meetings");

        await grace.Page.ReloadAsync();
        var graceRow = grace.Page.GetByRole(AriaRole.Region, new() { Name = "Meetings" }).GetByRole(AriaRole.Row).Filter(new() { HasText = when });
        await graceRow.GetByRole(AriaRole.Button, new() { Name = $"Accept the meeting of {when}" }).ClickAsync();
        await Assertions.Expect(graceRow).ToContainTextAsync("confirmed");
        Assert.True(ada.ConsoleErrors.Count == 0, string.Join("\n", ada.ConsoleErrors));
        Assert.True(grace.ConsoleErrors.Count == 0, string.Join("\n", grace.ConsoleErrors));
    }
}
