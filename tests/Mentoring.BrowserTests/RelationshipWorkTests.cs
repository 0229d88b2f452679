using System.Text.RegularExpressions;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using Microsoft.Playwright;
using static Mentoring.BrowserTests.AdminPages;

namespace Mentoring.BrowserTests;

/// <summary>
/// The work of a live relationship in two browsers, Mary (mentee) and Linus (mentor): goals and
/// milestones and the mentor's review; a meeting's agenda, its attendance, the pulse and the session
/// records (private notes stay their author's); the journal shared with the relationship; fit checks;
/// closing and the double-blind evaluation. The relationship and its meetings are set up through the
/// API (the journey test covers doing that in the browser); one meeting is moved into the past in the
/// database, since a meeting's attendance can only be recorded after it starts.
/// </summary>
[Collection(AdminSpaPlatform.Collection)]
public sealed class RelationshipWorkTests(AdminSpaPlatform platform, Chromium chromium) : IClassFixture<Chromium>
{
    private readonly PlatformApi api = new(platform);

    [Fact]
    public async Task A_pair_works_on_goals_records_a_held_meeting_reflects_and_closes()
    {
        var relationship = await LivePairWithTwoMeetingsAsync();
        var relationshipPath = $"/admin/mine/{relationship}";

        await using var mary = await SignedInBrowser.PersonAsync(chromium, platform, AdminSpaPlatform.WorkMenteeEmail, AdminSpaPlatform.WorkPassword, "work-mary");
        await using var linus = await SignedInBrowser.PersonAsync(chromium, platform, AdminSpaPlatform.WorkMentorEmail, AdminSpaPlatform.WorkPassword, "work-linus");
        var page = mary.Page;
        await page.GotoAsync(relationshipPath);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mentoring with your mentor" })).ToBeVisibleAsync();

        // A goal without a title is refused next to its field; then one with two milestones, one ticked.
        var goals = page.GetByRole(AriaRole.Region, new() { Name = "Goals and milestones" });
        await goals.GetByRole(AriaRole.Button, new() { Name = "Set goal" }).ClickAsync();
        await Assertions.Expect(goals.Locator("[data-field='goal-title']")).ToBeVisibleAsync();
        await goals.GetByLabel("Goal", new() { Exact = true }).FillAsync("Lead the team's planning");
        await goals.GetByLabel("How we will know it is reached").FillAsync("I run two planning sessions alone");
        await goals.GetByLabel("Milestones").FillAsync("Shadow a planning session\nRun one with support");
        await goals.GetByRole(AriaRole.Button, new() { Name = "Set goal" }).ClickAsync();
        await Assertions.Expect(goals.GetByText("Goal “Lead the team's planning” set.")).ToBeVisibleAsync();
        await goals.GetByLabel("Shadow a planning session").CheckAsync();
        await Assertions.Expect(goals.GetByText("Milestones (50 % done)")).ToBeVisibleAsync();

        // Before the future meeting: an agenda item. The past one: held, then the pulse and a session record.
        var upcoming = page.GetByRole(AriaRole.Article, new() { NameRegex = new Regex("^Meeting of ") }).Filter(new() { Has = page.GetByLabel("Add to the agenda") });
        await upcoming.GetByLabel("Add to the agenda").FillAsync("How the first planning went");
        await upcoming.GetByRole(AriaRole.Button, new() { Name = "Add item" }).ClickAsync();
        await Assertions.Expect(upcoming.GetByRole(AriaRole.List).GetByText("How the first planning went")).ToBeVisibleAsync();
        var held = page.GetByRole(AriaRole.Article, new() { NameRegex = new Regex("^Meeting of ") }).Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "It was held" }) });
        await held.GetByRole(AriaRole.Button, new() { Name = "It was held" }).ClickAsync();
        await Assertions.Expect(held.GetByText("Recorded as held.")).ToBeVisibleAsync();
        // Feedback learns of the held meeting by event: until then the pulse is refused, and the page says why.
        await held.GetByLabel("How was it, 1 (bad) to 5 (good)").FillAsync("5");
        await UntilShownAsync(held.GetByRole(AriaRole.Button, new() { Name = "Answer pulse" }), held.GetByText("You rated it 5 of 5."));
        var recordForm = held.GetByRole(AriaRole.Form, new() { NameRegex = new Regex("^Session record") });
        await recordForm.GetByLabel("Topics").FillAsync("planning, delegation");
        await recordForm.GetByLabel("Notes for the participants").FillAsync("Try a planning poker next time");
        await recordForm.GetByLabel("Private notes, for you alone").FillAsync("I was nervous");
        await recordForm.GetByRole(AriaRole.Button, new() { Name = "Save session record" }).ClickAsync();
        await Assertions.Expect(held.GetByText("Your session record of this meeting is saved.")).ToBeVisibleAsync();
        var records = page.GetByRole(AriaRole.Region, new() { Name = "Session records" });
        await Assertions.Expect(records).ToContainTextAsync("I was nervous");

        // A journal entry shared with the relationship; no fit check is due yet.
        var journal = page.GetByRole(AriaRole.Region, new() { Name = "Journal" });
        await journal.GetByLabel("Reflection").FillAsync("Planning is less scary when it is split into steps");
        await journal.GetByLabel("Share it with this relationship").CheckAsync();
        await journal.GetByRole(AriaRole.Button, new() { Name = "Write entry" }).ClickAsync();
        await Assertions.Expect(journal.GetByText("Written and shared with this relationship.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Fit checks" })).ToContainTextAsync("No fit check is due yet");
        await CheckedAsync(page, "relationship-work-mentee");

        // Linus reads the shared parts only, reviews the goal and begins closing.
        var mentor = linus.Page;
        await mentor.GotoAsync(relationshipPath);
        await Assertions.Expect(mentor.GetByRole(AriaRole.Heading, new() { Name = "Mentoring with your mentee" })).ToBeVisibleAsync();
        var mentorRecords = mentor.GetByRole(AriaRole.Region, new() { Name = "Session records" });
        await Assertions.Expect(mentorRecords).ToContainTextAsync("Try a planning poker next time");
        await Assertions.Expect(mentorRecords).Not.ToContainTextAsync("nervous");
        await Assertions.Expect(mentor.GetByRole(AriaRole.List, new() { Name = "Entries the others shared" }))
            .ToContainTextAsync("Planning is less scary");
        var review = mentor.GetByRole(AriaRole.Form, new() { Name = "Review progress on “Lead the team's planning”" });
        await review.GetByLabel("Status").SelectOptionAsync(new SelectOptionValue { Label = "On track" });
        await review.GetByLabel("Review note").FillAsync("Good first step");
        await review.GetByRole(AriaRole.Button, new() { Name = "Record review" }).ClickAsync();
        await Assertions.Expect(mentor.GetByRole(AriaRole.Region, new() { Name = "Goals and milestones" })).ToContainTextAsync("On track, 50 %");
        await CheckedAsync(mentor, "relationship-work-mentor");
        var ending = mentor.GetByRole(AriaRole.Region, new() { Name = "Ending the relationship" });
        await ending.GetByLabel("Why").SelectOptionAsync(new SelectOptionValue { Label = "The goals were reached" });
        await ending.GetByRole(AriaRole.Button, new() { Name = "Begin closing" }).ClickAsync();
        await Assertions.Expect(mentor.GetByText("Closing", new() { Exact = true })).ToBeVisibleAsync();

        // Mary evaluates: an out-of-range answer is refused by its field; hers stays hidden from Linus until he answers.
        await page.ReloadAsync();
        var closing = page.GetByRole(AriaRole.Region, new() { Name = "Closing evaluation" });
        await closing.GetByLabel("How it went, 1 (bad) to 5 (good)").FillAsync("5");
        await closing.GetByLabel("Would I recommend mentoring to a colleague, 0 to 10").FillAsync("11");
        await closing.GetByRole(AriaRole.Button, new() { Name = "Submit evaluation" }).ClickAsync();
        await Assertions.Expect(closing.Locator("[data-field='closing-wouldRecommend']")).ToBeVisibleAsync();
        await closing.GetByLabel("What I learned").FillAsync("Split big things into steps");
        await closing.GetByLabel("Would I recommend mentoring to a colleague, 0 to 10").FillAsync("9");
        // Feedback learns of the closing by event: until then the evaluation is refused, and the page says why.
        await UntilShownAsync(closing.GetByRole(AriaRole.Button, new() { Name = "Submit evaluation" }),
            closing.GetByText("You submitted yours: rating 5 of 5, would recommend 9 of 10."));
        await mentor.ReloadAsync();
        var mentorClosing = mentor.GetByRole(AriaRole.Region, new() { Name = "Closing evaluation" });
        await Assertions.Expect(mentorClosing.GetByText(new Regex("The others’ evaluations show once everyone has submitted"))).ToBeVisibleAsync();
        Assert.Empty(mary.ConsoleErrors);
        Assert.Empty(linus.ConsoleErrors);
    }

    /// <summary>
    /// Linus and Mary registered with their sign-in addresses, matched in a one-to-one programme,
    /// both accepted and the relationship ACTIVE (not formal, so no signed agreement is needed);
    /// one meeting tomorrow and one that started an hour ago.
    /// </summary>
    private async Task<string> LivePairWithTwoMeetingsAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var admin = await api.AdministratorTokenAsync();
        var profile = api.Profile(admin);
        var matching = api.Matching(admin);
        var mentorDetails = Cast.Details("Linus Torvalds", PersonRole.Mentor, SeniorityLevel.Senior);
        var menteeDetails = Cast.Details("Mary Jackson", PersonRole.Mentee, SeniorityLevel.Junior);
        (mentorDetails.Email, menteeDetails.Email) = (AdminSpaPlatform.WorkMentorEmail, AdminSpaPlatform.WorkMenteeEmail);
        mentorDetails.AreaOfWork = menteeDetails.AreaOfWork = $"work-{tag}";
        var mentor = (await profile.RegisterPersonAsync(Samples.Register(mentorDetails))).Name;
        var mentee = (await profile.RegisterPersonAsync(Samples.Register(menteeDetails))).Name;
        var programme = await matching.CreateProgrammeAsync(new CreateProgrammeRequest
        {
            Programme = new Programme { DisplayName = $"Work {tag}", Model = MentoringModel.OneToOne, Formal = false, Rules = new ProgrammeRules { CredentialRequired = false } },
        });
        await PlatformApi.EnrolAsync(matching, programme.Name, (mentor, EnrolmentRole.Mentor), (mentee, EnrolmentRole.Mentee));
        var run = await matching.RunMatchingAsync(new RunMatchingRequest { Programme = programme.Name });
        var relationship = Assert.Single((await matching.PublishMatchingRunAsync(new PublishMatchingRunRequest { Name = run.Name })).Relationships);

        var mentorToken = await api.PersonTokenAsync(AdminSpaPlatform.WorkMentorEmail, AdminSpaPlatform.WorkPassword);
        var menteeToken = await api.PersonTokenAsync(AdminSpaPlatform.WorkMenteeEmail, AdminSpaPlatform.WorkPassword);
        var asMentor = api.Matching(mentorToken);
        await api.Matching(menteeToken).TransitionRelationshipAsync(new TransitionRelationshipRequest { Name = relationship, State = RelationshipState.Accepted });
        await asMentor.TransitionRelationshipAsync(new TransitionRelationshipRequest { Name = relationship, State = RelationshipState.Accepted });
        foreach (var state in new[] { RelationshipState.Rapport, RelationshipState.Contracting, RelationshipState.Active })
            await asMentor.TransitionRelationshipAsync(new TransitionRelationshipRequest { Name = relationship, State = state });

        var scheduling = api.Scheduling(mentorToken);
        var asMentee = api.Scheduling(menteeToken);
        var meetings = new List<string>();
        foreach (var days in new[] { 1, 2 })
        {
            var start = DateTime.UtcNow.Date.AddDays(days).AddHours(10);
            var meeting = await PlatformApi.WhenKnownAsync("scheduling knows the live relationship", () => scheduling.ProposeMeetingAsync(new ProposeMeetingRequest
            {
                Meeting = new Meeting
                {
                    Relationship = relationship, Format = MeetingFormat.Video, JoinUrl = "https://meet.example/work",
                    StartTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(start),
                    EndTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(start.AddHours(1)),
                },
                RequestId = $"work-{tag}-{days}",
            }).ResponseAsync);
            await asMentee.RespondToMeetingAsync(new RespondToMeetingRequest { Name = meeting.Name, Response = Response.Accepted });
            meetings.Add(meeting.Name);
        }
        await MeetingClock.MoveIntoThePastAsync(platform.Database, meetings[1], TimeSpan.FromHours(2));
        return relationship;
    }

    /// <summary>Clicks until <paramref name="shown"/> appears: a refusal meanwhile (an event still on its way) leaves the form as it was.</summary>
    private static Task UntilShownAsync(ILocator button, ILocator shown) =>
        Eventually.True($"{shown} shows", async () =>
        {
            if (await shown.CountAsync() == 0) await button.ClickAsync();
            try
            {
                await shown.WaitForAsync(new() { Timeout = 1_000 });
                return true;
            }
            catch (TimeoutException) { return false; }
        }, SignedInBrowser.Patience);
}
