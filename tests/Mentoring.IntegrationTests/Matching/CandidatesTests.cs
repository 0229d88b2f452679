using System.Text.Json;
using Grpc.Core;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Matching;

/// <summary>Matching's candidate list, fed by profile's events through the postgres transport.</summary>
public sealed class CandidatesTests() : ServicesUnderTest("profile", "matching")
{
    private ProfileService.ProfileServiceClient profile = null!;
    private MatchingService.MatchingServiceClient matching = null!;
    private string token = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        token = await TestIdentity.PartnerAsync();
        profile = Client<ProfileService.ProfileServiceClient>("profile", token);
        matching = Client<MatchingService.MatchingServiceClient>("matching", token);
    }

    private async Task<string> RegisterAsync(Person p, ProfileService.ProfileServiceClient? via = null) =>
        (await (via ?? profile).RegisterPersonAsync(Register(p))).Name;

    /// <summary>Waits until matching knows the mentee and every expected mentor, then returns the list.</summary>
    private Task<ListCandidatesResponse> CandidatesOnceProjectedAsync(
        string mentee, int expected, int pageSize = 0, MatchingService.MatchingServiceClient? via = null) =>
        Eventually.Until($"{expected} candidate(s) for {mentee}", async () =>
        {
            var page = await (via ?? matching).ListCandidatesAsync(new ListCandidatesRequest { Mentee = mentee, PageSize = pageSize });
            return page.Candidates.Count >= Math.Min(expected, pageSize == 0 ? expected : pageSize) ? page : null;
        });

    [Fact]
    public async Task Candidates_are_more_senior_mentors_of_the_same_area_best_first_with_explanations()
    {
        var mentee = await RegisterAsync(Person("Mentee", PersonRole.Mentee, SeniorityLevel.Junior, "Engineering", ("go", 1), ("sql", 2)));
        var best = await RegisterAsync(Person("Best", PersonRole.Mentor, SeniorityLevel.Senior, "engineering", ("go", 5), ("sql", 5)));
        var second = await RegisterAsync(Person("Second", PersonRole.Mentor, SeniorityLevel.Intermediate, "ENGINEERING", ("go", 2)));
        await RegisterAsync(Person("Peer", PersonRole.Mentor, SeniorityLevel.Junior, "engineering", ("go", 5)));
        await RegisterAsync(Person("Elsewhere", PersonRole.Mentor, SeniorityLevel.Executive, "finance", ("go", 5)));
        await RegisterAsync(Person("NotAMentor", PersonRole.Mentee, SeniorityLevel.Executive, "engineering", ("go", 5)));
        // The last registration is on the log after the others: once it is projected, all are.
        var marker = await RegisterAsync(Person("Marker", PersonRole.Mentee, SeniorityLevel.Entry, "engineering"));
        await Eventually.True("the last registration reached matching", async () =>
        {
            try { await matching.ListCandidatesAsync(new ListCandidatesRequest { Mentee = marker }); return true; }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { return false; }
        });

        var page = await matching.ListCandidatesAsync(new ListCandidatesRequest { Mentee = mentee });

        Assert.Equal([best, second], page.Candidates.Select(c => c.Mentor));
        var top = page.Candidates[0];
        Assert.Equal(100, top.Score, 6);
        Assert.Equal(["skill_coverage", "seniority_fit"], top.Factors.Select(f => f.Factor));
        Assert.Equal(top.Score, top.Factors.Sum(f => f.Contribution), 6);
        Assert.Contains("go (1→5)", top.Factors[0].Explanation);
        Assert.Equal(SeniorityLevel.Senior, top.SeniorityLevel);
        Assert.True(page.Candidates[1].Score < top.Score);
        Assert.Empty(page.NextPageToken);
    }

    [Fact]
    public async Task Nobody_in_the_mentees_reporting_line_is_ever_a_candidate()
    {
        var mentee = await RegisterAsync(Person("Mentee", PersonRole.Mentee, SeniorityLevel.Junior));
        var manager = await RegisterAsync(Person("Manager", PersonRole.Mentor, SeniorityLevel.Senior));
        var grandManager = await RegisterAsync(Person("GrandManager", PersonRole.Mentor, SeniorityLevel.Executive));
        var report = await RegisterAsync(Person("Report", PersonRole.Mentor, SeniorityLevel.Intermediate));
        var outsider = await RegisterAsync(Person("Outsider", PersonRole.Mentor, SeniorityLevel.Senior));
        await CandidatesOnceProjectedAsync(mentee, expected: 4);

        async Task LineAsync(string person, string lineManager) =>
            await profile.SetLineManagerAsync(new SetLineManagerRequest { Name = person, LineManager = lineManager });
        await LineAsync(mentee, manager);
        await LineAsync(manager, grandManager);
        await LineAsync(report, mentee);

        var page = await Eventually.Until("the reporting lines reach matching", async () =>
        {
            var p = await matching.ListCandidatesAsync(new ListCandidatesRequest { Mentee = mentee });
            return p.Candidates.Count == 1 ? p : null;
        });
        Assert.Equal([outsider], page.Candidates.Select(c => c.Mentor));

        // Clearing the line makes the former manager a candidate again.
        await LineAsync(mentee, "");
        await Eventually.True("the cleared line reaches matching", async () =>
            (await matching.ListCandidatesAsync(new ListCandidatesRequest { Mentee = mentee })).Candidates
                .Select(c => c.Mentor).Contains(manager));
    }

    [Fact]
    public async Task Candidates_page_through_with_a_token()
    {
        var mentee = await RegisterAsync(Person("Mentee", PersonRole.Mentee, SeniorityLevel.Entry));
        var mentors = new List<string>();
        foreach (var i in Enumerable.Range(0, 3))
            mentors.Add(await RegisterAsync(Person($"Mentor {i}", PersonRole.Mentor, SeniorityLevel.Junior + i, "engineering", ("x", 3))));
        await CandidatesOnceProjectedAsync(mentee, expected: 3, pageSize: 3);

        var first = await matching.ListCandidatesAsync(new ListCandidatesRequest { Mentee = mentee, PageSize = 2 });
        var second = await matching.ListCandidatesAsync(new ListCandidatesRequest { Mentee = mentee, PageSize = 2, PageToken = first.NextPageToken });

        Assert.Equal(2, first.Candidates.Count);
        Assert.NotEmpty(first.NextPageToken);
        Assert.Single(second.Candidates);
        Assert.Empty(second.NextPageToken);
        Assert.Equal(mentors.Order(), first.Candidates.Concat(second.Candidates).Select(c => c.Mentor).Order());
    }

    [Fact]
    public async Task Candidates_are_also_served_over_rest()
    {
        var mentee = await RegisterAsync(Person("Mentee", PersonRole.Mentee, SeniorityLevel.Entry));
        var mentor = await RegisterAsync(Person("Mentor", PersonRole.Mentor, SeniorityLevel.Junior));
        await CandidatesOnceProjectedAsync(mentee, expected: 1);

        using var http = Service("matching").CreateHttpClient(token);
        using var body = JsonDocument.Parse(await http.GetStringAsync($"/matching/v1/{mentee}/candidates"));
        Assert.Equal(mentor, body.RootElement.GetProperty("candidates")[0].GetProperty("mentor").GetString());
    }

    [Fact]
    public async Task Tenants_never_see_each_others_candidates()
    {
        var globexToken = await TestIdentity.PartnerAsync(TestIdentity.Globex);
        var globexProfile = Client<ProfileService.ProfileServiceClient>("profile", globexToken);
        var globexMatching = Client<MatchingService.MatchingServiceClient>("matching", globexToken);
        var mentee = await RegisterAsync(Person("Mentee", PersonRole.Mentee, SeniorityLevel.Entry));
        var ownMentor = await RegisterAsync(Person("Own", PersonRole.Mentor, SeniorityLevel.Junior));
        var foreignMentor = await RegisterAsync(Person("Foreign", PersonRole.Mentor, SeniorityLevel.Junior), globexProfile);
        var foreignMentee = await RegisterAsync(Person("ForeignMentee", PersonRole.Mentee, SeniorityLevel.Entry), globexProfile);

        var own = await CandidatesOnceProjectedAsync(mentee, expected: 1);
        var foreign = await CandidatesOnceProjectedAsync(foreignMentee, expected: 1, via: globexMatching);
        Assert.Equal([ownMentor], own.Candidates.Select(c => c.Mentor));
        Assert.Equal([foreignMentor], foreign.Candidates.Select(c => c.Mentor));

        var e = await Assert.ThrowsAsync<RpcException>(() =>
            globexMatching.ListCandidatesAsync(new ListCandidatesRequest { Mentee = mentee }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, e.StatusCode);
    }

    [Fact]
    public async Task Bad_requests_get_field_violations_and_unknown_mentees_not_found()
    {
        var bad = await Assert.ThrowsAsync<RpcException>(() => matching.ListCandidatesAsync(
            new ListCandidatesRequest { Mentee = "people/nope", PageSize = 1000, PageToken = "???" }).ResponseAsync);
        Assert.Equal(["mentee", "page_size", "page_token"], ViolatedFields(bad));

        var negative = await Assert.ThrowsAsync<RpcException>(() => matching.ListCandidatesAsync(
            new ListCandidatesRequest { Mentee = $"people/{Guid.NewGuid()}", PageSize = -1 }).ResponseAsync);
        Assert.Equal(["page_size"], ViolatedFields(negative));

        var unknown = await Assert.ThrowsAsync<RpcException>(() => matching.ListCandidatesAsync(
            new ListCandidatesRequest { Mentee = $"people/{Guid.NewGuid()}" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }
}
