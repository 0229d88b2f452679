using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Matching.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Profile;

/// <summary>Partial updates by field mask, with etags, events, and the projections following.</summary>
public sealed class UpdatePersonTests() : ServicesUnderTest("profile")
{
    private ProfileService.ProfileServiceClient profile = null!;
    private string token = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        token = await TestIdentity.PartnerAsync();
        profile = Client<ProfileService.ProfileServiceClient>("profile", token);
    }

    private Task<Person> NewAsync(string name = "Ada", PersonRole role = PersonRole.Mentor) =>
        profile.RegisterPersonAsync(Register(Person(name, role, SeniorityLevel.Senior, "engineering", ("go", 5)))).ResponseAsync;

    private Task<Person> UpdateAsync(Person person, params string[] paths) =>
        profile.UpdatePersonAsync(new UpdatePersonRequest { Person = person, UpdateMask = new FieldMask { Paths = { paths } } }).ResponseAsync;

    private async Task<List<PersonUpdated>> UpdatesAsync()
    {
        await using var admin = Db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        return (await c.QueryAsync<string>("SELECT envelope::text FROM profile.outbox WHERE topic = 'profile.person-updated' ORDER BY position"))
            .Select(e => (PersonUpdated)CloudEvent.FromJson(e).ParseData()).ToList();
    }

    [Fact]
    public async Task Only_the_masked_fields_change_and_one_event_says_which()
    {
        var ada = await NewAsync();
        var change = new Person
        {
            Name = ada.Name, JobTitle = "Staff engineer", Languages = { "en", "pt-BR" },
            MeetingFormats = { MeetingFormat.Video, MeetingFormat.Chat }, MentorCapacity = 3,
            DisplayName = "IGNORED: not in the mask",
        };

        var updated = await UpdateAsync(change, "job_title", "languages", "meeting_formats", "mentor_capacity");

        Assert.Equal(("Staff engineer", 3, ada.DisplayName), (updated.JobTitle, updated.MentorCapacity, updated.DisplayName));
        Assert.Equal(["en", "pt-BR"], updated.Languages);
        Assert.Equal(PersonStatus.Active, updated.Status);
        Assert.NotEqual(ada.Etag, updated.Etag);
        Assert.Equal(updated, await profile.GetPersonAsync(new GetPersonRequest { Name = ada.Name }));
        var e = Assert.Single(await UpdatesAsync());
        Assert.Equal(["job_title", "languages", "meeting_formats", "mentor_capacity"], e.ChangedFields);
        Assert.Equal((2L, updated), (e.Version, e.Person));
    }

    [Fact]
    public async Task An_update_that_changes_nothing_emits_nothing_and_keeps_the_etag()
    {
        var ada = await NewAsync();
        var same = await UpdateAsync(new Person { Name = ada.Name, DisplayName = " " + ada.DisplayName + " " }, "display_name");
        Assert.Equal(ada, same);
        Assert.Empty(await UpdatesAsync());
    }

    [Fact]
    public async Task A_stale_etag_is_aborted_and_a_current_one_succeeds()
    {
        var ada = await NewAsync();
        var first = await UpdateAsync(new Person { Name = ada.Name, Etag = ada.Etag, Location = "Lisbon" }, "location");
        var stale = await Assert.ThrowsAsync<RpcException>(() => UpdateAsync(new Person { Name = ada.Name, Etag = ada.Etag, Location = "Porto" }, "location"));
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        Assert.Equal("Porto", (await UpdateAsync(new Person { Name = ada.Name, Etag = first.Etag, Location = "Porto" }, "location")).Location);
    }

    [Fact]
    public async Task Bad_masks_and_bad_values_are_field_violations_and_change_nothing()
    {
        var ada = await NewAsync();
        var badMask = await Assert.ThrowsAsync<RpcException>(() => UpdateAsync(new Person { Name = ada.Name }, "line_manager", "name", "nope"));
        Assert.Equal(["update_mask", "update_mask", "update_mask"], ViolatedFields(badMask));
        var empty = await Assert.ThrowsAsync<RpcException>(() => UpdateAsync(new Person { Name = ada.Name }));
        Assert.Equal(["update_mask"], ViolatedFields(empty));

        var badValues = await Assert.ThrowsAsync<RpcException>(() => UpdateAsync(new Person
        {
            Name = ada.Name, Email = "nope", Languages = { "english!" }, MentorCapacity = 99, Status = PersonStatus.Unspecified,
        }, "email", "languages", "mentor_capacity", "status"));
        Assert.Equal(["person.email", "person.languages[0]", "person.mentor_capacity", "person.status"], ViolatedFields(badValues));

        Assert.Equal(ada, await profile.GetPersonAsync(new GetPersonRequest { Name = ada.Name }));
        Assert.Empty(await UpdatesAsync());
    }

    [Fact]
    public async Task Taking_another_persons_email_already_exists_and_strangers_are_not_found()
    {
        var ada = await NewAsync("Ada");
        var bob = await NewAsync("Bob");
        var taken = await Assert.ThrowsAsync<RpcException>(() => UpdateAsync(new Person { Name = bob.Name, Email = ada.Email.ToUpperInvariant() }, "email"));
        Assert.Equal(StatusCode.AlreadyExists, taken.StatusCode);

        var globex = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.PartnerAsync(TestIdentity.Globex));
        var foreign = await Assert.ThrowsAsync<RpcException>(() => globex.UpdatePersonAsync(new UpdatePersonRequest
        {
            Person = new Person { Name = ada.Name, JobTitle = "x" }, UpdateMask = new FieldMask { Paths = { "job_title" } },
        }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, foreign.StatusCode);
    }

    [Fact]
    public async Task Rest_patch_takes_the_mask_as_a_query_parameter()
    {
        var ada = await NewAsync();
        using var http = Service("profile").CreateHttpClient(token);
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/profile/v1/{ada.Name}?updateMask=motivation,hoursPerMonth")
        {
            Content = new StringContent("""{"motivation":"Give back","hoursPerMonth":6}""", Encoding.UTF8, "application/json"),
        };
        var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(("Give back", 6), (body.RootElement.GetProperty("motivation").GetString(), body.RootElement.GetProperty("hoursPerMonth").GetInt32()));
    }

    [Fact]
    public async Task A_mentor_on_leave_stops_being_a_candidate_and_renames_reach_scheduling()
    {
        await using var matchingService = await Apps.StartAsync("matching", Db);
        await using var schedulingService = await Apps.StartAsync("scheduling", Db);
        var matching = new MatchingService.MatchingServiceClient(matchingService.CreateChannel(token));
        var scheduling = new Mentoring.Contracts.Scheduling.V1.SchedulingService.SchedulingServiceClient(schedulingService.CreateChannel(token));
        var mentor = await NewAsync("Mentor");
        var mentee = await profile.RegisterPersonAsync(Register(Person("Mentee", PersonRole.Mentee, SeniorityLevel.Junior, "engineering")));
        await Eventually.True("the mentor is a candidate", async () =>
        {
            try { return (await matching.ListCandidatesAsync(new ListCandidatesRequest { Mentee = mentee.Name })).Candidates.Count == 1; }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { return false; }
        });

        await UpdateAsync(new Person { Name = mentor.Name, Status = PersonStatus.OnLeave, DisplayName = "Mentor (away)" }, "status", "display_name");

        await Eventually.True("the mentor on leave is no candidate", async () =>
            (await matching.ListCandidatesAsync(new ListCandidatesRequest { Mentee = mentee.Name })).Candidates.Count == 0);
        var participant = "participants/" + mentor.Name["people/".Length..];
        await Eventually.True("scheduling has the new name", async () =>
            (await scheduling.GetParticipantAsync(new Mentoring.Contracts.Scheduling.V1.GetParticipantRequest { Name = participant })).DisplayName
                == "Mentor (away)");
    }
}
