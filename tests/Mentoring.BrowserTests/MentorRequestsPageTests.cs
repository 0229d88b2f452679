using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Microsoft.Playwright;
using static Mentoring.BrowserTests.AdminPages;

namespace Mentoring.BrowserTests;

/// <summary>
/// Mentee-initiated matching in two browsers: Hedy ranks the mentors suggested to her (with why they
/// fit) and asks two; Alan, asked first, cannot decline without suggesting another mentor, then
/// accepts — and Hedy sees his acceptance and her other request withdrawn.
/// </summary>
[Collection(AdminSpaPlatform.Collection)]
public sealed class MentorRequestsPageTests(AdminSpaPlatform platform, Chromium chromium) : IClassFixture<Chromium>
{
    private readonly PlatformApi api = new(platform);

    [Fact]
    public async Task A_mentee_ranks_and_asks_mentors_and_the_first_accepts()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var admin = await api.AdministratorTokenAsync();
        var profile = api.Profile(admin);
        var matching = api.Matching(admin);
        var people = new List<(string Name, EnrolmentRole Role)>();
        foreach (var (name, email, role, seniority) in new[]
        {
            ($"Hedy Lamarr {tag}", AdminSpaPlatform.AskingMenteeEmail, PersonRole.Mentee, SeniorityLevel.Junior),
            ($"Alan Turing {tag}", AdminSpaPlatform.AskedMentorEmail, PersonRole.Mentor, SeniorityLevel.Senior),
            ($"Joan Clarke {tag}", $"joan-{tag}@example.org", PersonRole.Mentor, SeniorityLevel.Senior),
        })
        {
            var details = Cast.Details(name, role, seniority);
            details.Email = email;
            details.AreaOfWork = $"ask-{tag}";
            people.Add(((await profile.RegisterPersonAsync(Samples.Register(details))).Name, role == PersonRole.Mentor ? EnrolmentRole.Mentor : EnrolmentRole.Mentee));
        }
        var programme = await matching.CreateProgrammeAsync(new CreateProgrammeRequest
        {
            Programme = new Programme
            {
                DisplayName = $"Ask a mentor {tag}", Model = MentoringModel.OneToOne, MatchingMode = MatchingMode.MenteeRequests,
                Rules = new ProgrammeRules { CredentialRequired = false, MaxRequestsPerMentee = 2 },
            },
        });
        await PlatformApi.EnrolAsync(matching, programme.Name, [.. people]);

        await using var hedy = await SignedInBrowser.PersonAsync(chromium, platform, AdminSpaPlatform.AskingMenteeEmail, AdminSpaPlatform.WorkPassword, "requests-hedy");
        var page = hedy.Page;
        await hedy.OpenAsync("Suggestions and mentor requests");
        var section = page.GetByRole(AriaRole.Region, new() { Name = $"Ask a mentor {tag}" });
        await Assertions.Expect(section.GetByRole(AriaRole.Row).Filter(new() { HasText = $"Alan Turing {tag}" })).ToContainTextAsync("of 100");
        // Joan ticked first, then Alan moved above her: Alan is asked first.
        await section.GetByLabel($"Ask Joan Clarke {tag}").CheckAsync();
        await section.GetByLabel($"Ask Alan Turing {tag}").CheckAsync();
        await section.GetByRole(AriaRole.Button, new() { Name = $"Move Alan Turing {tag} up" }).ClickAsync();
        await Assertions.Expect(section.GetByRole(AriaRole.List, new() { Name = "Most wanted first" }).GetByRole(AriaRole.Listitem).First).ToContainTextAsync("Alan Turing");
        await section.GetByLabel("A note to the mentors (optional)").FillAsync("I would like to learn cryptography");
        await section.GetByRole(AriaRole.Button, new() { Name = "Ask 2 mentors" }).ClickAsync();
        await Assertions.Expect(section.GetByText("2 requests sent.")).ToBeVisibleAsync();
        var mine = section.GetByRole(AriaRole.List, new() { Name = "My requests" });
        await Assertions.Expect(mine).ToContainTextAsync($"1. Alan Turing {tag}: waiting for an answer");
        await CheckedAsync(page, "mentor-requests-mentee");

        await using var alan = await SignedInBrowser.PersonAsync(chromium, platform, AdminSpaPlatform.AskedMentorEmail, AdminSpaPlatform.WorkPassword, "requests-alan");
        await alan.OpenAsync("Suggestions and mentor requests");
        var request = alan.Page.GetByRole(AriaRole.Region, new() { Name = $"Ask a mentor {tag}" }).GetByRole(AriaRole.Article, new() { Name = "Request naming you first" });
        await Assertions.Expect(request).ToContainTextAsync("I would like to learn cryptography");
        await request.GetByRole(AriaRole.Button, new() { Name = "Decline…" }).ClickAsync();
        await Assertions.Expect(request.GetByLabel("Suggest another mentor instead")).ToContainTextAsync($"Joan Clarke {tag}");
        await request.GetByRole(AriaRole.Button, new() { Name = "Decline and suggest" }).ClickAsync();
        await Assertions.Expect(request.GetByRole(AriaRole.Status)).ToContainTextAsync("suggested");
        await CheckedAsync(alan.Page, "mentor-requests-mentor");
        await request.GetByRole(AriaRole.Button, new() { Name = "Back" }).ClickAsync();
        await request.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Assertions.Expect(request).ToContainTextAsync("accepted");

        await page.ReloadAsync();
        await Assertions.Expect(mine).ToContainTextAsync($"1. Alan Turing {tag}: accepted");
        await Assertions.Expect(mine).ToContainTextAsync($"2. Joan Clarke {tag}: withdrawn");
        Assert.Empty(hedy.ConsoleErrors);
        Assert.Empty(alan.ConsoleErrors);
    }
}
