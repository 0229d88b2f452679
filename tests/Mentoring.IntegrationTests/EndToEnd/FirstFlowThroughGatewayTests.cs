using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using static Mentoring.IntegrationTests.Support.Samples;
using FeedbackV1 = Mentoring.Contracts.Feedback.V1;
using SchedulingV1 = Mentoring.Contracts.Scheduling.V1;

namespace Mentoring.IntegrationTests.EndToEnd;

/// <summary>
/// The first real flow, by gRPC (HTTP/2 port) and by REST (HTTP/1.1 port) through the gateway:
/// register a mentor and a mentee; the mentee's candidates include the mentor once the event has
/// travelled (probed with a deadline, never a fixed sleep).
/// </summary>
public sealed class FirstFlowThroughGatewayTests(PlatformFixture platform) : IClassFixture<PlatformFixture>, IAsyncLifetime
{
    private string token = null!;

    public async Task InitializeAsync() => token = await TestIdentity.PartnerAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private ProfileService.ProfileServiceClient Profile => new(platform.Gateway.CreateChannel(token));
    private MatchingService.MatchingServiceClient Matching => new(platform.Gateway.CreateChannel(token));

    private static object RestPerson(string name, string seniority, string role) => new
    {
        displayName = name,
        email = $"{name.ToLowerInvariant()}.{Guid.NewGuid():N}@example.org",
        areaOfWork = "data science",
        seniorityLevel = seniority,
        roles = new[] { role },
        skills = new[] { new { name = "statistics", level = seniority == "SENIORITY_LEVEL_ENTRY" ? 1 : 5 } },
        timeZone = "Asia/Tokyo",
    };

    [Fact]
    public async Task A_mentor_registered_by_grpc_becomes_a_candidate_of_a_mentee_registered_by_rest()
    {
        var mentor = await Profile.RegisterPersonAsync(Register(
            Person("Mentor", PersonRole.Mentor, SeniorityLevel.Principal, "Data Science", ("statistics", 5))));
        using var http = platform.Gateway.CreateHttpClient(token);
        var created = await http.PostAsJsonAsync("/profile/v1/people", RestPerson("Mentee", "SENIORITY_LEVEL_ENTRY", "PERSON_ROLE_MENTEE"));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var mentee = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString()!;

        var byGrpc = await Eventually.Until("the mentor is a candidate (gRPC)", async () =>
        {
            try
            {
                var page = await Matching.ListCandidatesAsync(new ListCandidatesRequest { Mentee = mentee });
                return page.Candidates.FirstOrDefault(c => c.Mentor == mentor.Name);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { return null; }
        });
        Assert.Equal("Mentor", byGrpc.DisplayName);
        Assert.True(byGrpc.Score > 0);

        using var byRest = JsonDocument.Parse(await http.GetStringAsync($"/matching/v1/{mentee}/candidates"));
        Assert.Contains(byRest.RootElement.GetProperty("candidates").EnumerateArray(),
            c => c.GetProperty("mentor").GetString() == mentor.Name);
    }

    [Fact]
    public async Task Scheduling_and_feedback_know_the_person_through_the_gateway()
    {
        var person = await Profile.RegisterPersonAsync(Register(Person("Known", PersonRole.Mentee, SeniorityLevel.Junior)));
        var participant = "participants/" + person.Name["people/".Length..];
        var scheduling = new SchedulingV1.SchedulingService.SchedulingServiceClient(platform.Gateway.CreateChannel(token));
        var feedback = new FeedbackV1.FeedbackService.FeedbackServiceClient(platform.Gateway.CreateChannel(token));

        var s = await Eventually.Until("scheduling has the participant", async () =>
        {
            try { return await scheduling.GetParticipantAsync(new SchedulingV1.GetParticipantRequest { Name = participant }); }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { return null; }
        });
        Assert.Equal("Known", s.DisplayName);

        using var http = platform.Gateway.CreateHttpClient(token);
        var f = await Eventually.Until("feedback has the participant (REST)", async () =>
        {
            var response = await http.GetAsync($"/feedback/v1/{participant}");
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
        });
        using var participantJson = JsonDocument.Parse(f);
        Assert.Equal("Europe/Paris", participantJson.RootElement.GetProperty("timeZone").GetString());
        Assert.NotNull(await feedback.GetParticipantAsync(new FeedbackV1.GetParticipantRequest { Name = participant }));
    }

    [Fact]
    public async Task Bad_input_is_refused_with_field_violations_over_both_protocols()
    {
        var bad = Person("", PersonRole.Unspecified, SeniorityLevel.Senior);
        bad.Email = "nope";
        var e = await Assert.ThrowsAsync<RpcException>(() => Profile.RegisterPersonAsync(Register(bad)).ResponseAsync);
        Assert.Equal(["person.display_name", "person.email", "person.roles[0]"], ViolatedFields(e));

        using var http = platform.Gateway.CreateHttpClient(token);
        var response = await http.PostAsJsonAsync("/profile/v1/people", new { displayName = new string('x', 201) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("details")[0]
            .GetProperty("fieldViolations").EnumerateArray().Select(v => v.GetProperty("field").GetString()).ToList();
        Assert.Equal(["person.display_name", "person.area_of_work", "person.email", "person.seniority_level", "person.roles"], fields);
    }

    [Fact]
    public async Task A_duplicate_email_is_a_conflict_over_rest()
    {
        using var http = platform.Gateway.CreateHttpClient(token);
        var body = RestPerson("Twin", "SENIORITY_LEVEL_SENIOR", "PERSON_ROLE_MENTOR");
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/profile/v1/people", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsJsonAsync("/profile/v1/people", body)).StatusCode);
    }

    [Fact]
    public async Task The_gateway_is_ready_when_every_destination_is()
    {
        using var http = platform.Gateway.CreateHttpClient(token);
        var ready = await http.GetFromJsonAsync<JsonElement>("/healthz/ready");
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        var clusters = ready.GetProperty("clusters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(11, clusters.Count); // five services × (gRPC, REST) and the token server
        Assert.Equal("ready", clusters["identity"]);
        Assert.All(clusters.Values, v => Assert.Equal("ready", v));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/nowhere/v1/things")).StatusCode);
    }
}
