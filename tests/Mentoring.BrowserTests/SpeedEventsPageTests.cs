using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Microsoft.Playwright;
using static Mentoring.BrowserTests.AdminPages;

namespace Mentoring.BrowserTests;

/// <summary>
/// A speed-mentoring programme's page: a bad booking is refused by its field, then an event is planned
/// and booked in one go, shown round by round at its tables, with a mentee's itinerary.
/// </summary>
[Collection(AdminSpaPlatform.Collection)]
public sealed class SpeedEventsPageTests(AdminSpaPlatform platform, Chromium chromium) : IClassFixture<Chromium>
{
    private readonly PlatformApi api = new(platform);

    [Fact]
    public async Task An_administrator_books_a_speed_event_and_reads_a_mentees_itinerary()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var token = await api.AdministratorTokenAsync();
        var profile = api.Profile(token);
        var matching = api.Matching(token);
        var programme = await matching.CreateProgrammeAsync(new CreateProgrammeRequest
        {
            Programme = new Programme { DisplayName = $"Speed evening {tag}", Model = MentoringModel.Speed, Rules = new ProgrammeRules { CredentialRequired = false } },
        });
        var people = new List<(string, EnrolmentRole)>();
        foreach (var (name, role) in new[] { ("Mentor One", PersonRole.Mentor), ("Mentor Two", PersonRole.Mentor), ("Mentee One", PersonRole.Mentee), ("Mentee Two", PersonRole.Mentee) })
        {
            var person = await profile.RegisterPersonAsync(Samples.Register(Cast.Details($"{name} {tag}", role, role == PersonRole.Mentor ? SeniorityLevel.Senior : SeniorityLevel.Junior)));
            people.Add((person.Name, role == PersonRole.Mentor ? EnrolmentRole.Mentor : EnrolmentRole.Mentee));
        }
        await PlatformApi.EnrolAsync(matching, programme.Name, [.. people]);

        await using var admin = await SignedInBrowser.AdministratorAsync(chromium, platform, "speed-events");
        var page = admin.Page;
        await admin.OpenAsync("Programmes");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Speed evening {tag}" }).ClickAsync();
        var speed = page.GetByRole(AriaRole.Region, new() { Name = "Speed events" });
        await Assertions.Expect(speed.GetByText("No event booked yet.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Run matching" })).ToHaveCountAsync(0);

        var start = DateTime.Now.Date.AddDays(10).AddHours(18).ToString("yyyy-MM-ddTHH:mm");
        await speed.GetByLabel("Rounds", new() { Exact = true }).FillAsync("2");
        await speed.GetByLabel("First round starts").FillAsync(start);
        await speed.GetByLabel("How they meet").SelectOptionAsync(new SelectOptionValue { Label = "By video, a room per table" });
        await speed.GetByLabel("Video call link").FillAsync("http://not-https.example/room");
        await speed.GetByRole(AriaRole.Button, new() { Name = "Plan and book" }).ClickAsync();
        await Assertions.Expect(speed.GetByLabel("Video call link")).ToHaveAttributeAsync("aria-invalid", "true", new() { Timeout = 20_000 });

        await speed.GetByLabel("How they meet").SelectOptionAsync(new SelectOptionValue { Label = "In person, at tables" });
        await speed.GetByLabel("Venue").FillAsync("Hall B");
        await speed.GetByRole(AriaRole.Button, new() { Name = "Plan and book" }).ClickAsync();
        await Assertions.Expect(speed.GetByText("Booked: 2 rounds")).ToBeVisibleAsync(new() { Timeout = 20_000 });

        var grid = speed.GetByRole(AriaRole.Table).First;
        await Assertions.Expect(grid.GetByRole(AriaRole.Columnheader, new() { Name = "Table 2" })).ToBeVisibleAsync();
        await Assertions.Expect(grid.GetByRole(AriaRole.Row)).ToHaveCountAsync(3);
        await Assertions.Expect(grid).ToContainTextAsync($"with Mentee One {tag}");

        await speed.GetByLabel("Itinerary of").SelectOptionAsync(new SelectOptionValue { Label = $"Mentee Two {tag}" });
        var itinerary = speed.GetByRole(AriaRole.List, new() { Name = $"Mentee Two {tag}'s itinerary" });
        await Assertions.Expect(itinerary.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        await Assertions.Expect(itinerary.GetByRole(AriaRole.Listitem).First).ToContainTextAsync("Hall B");
        await CheckedAsync(page, "speed-events");
        Assert.Empty(admin.ConsoleErrors);
    }
}
