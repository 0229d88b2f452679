using System.Text.Json;
using Grpc.Core;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Profile;

/// <summary>Listing people with filters and keyset pagination, within the caller's organisation only.</summary>
public sealed class ListPeopleTests() : ServicesUnderTest("profile")
{
    private ProfileService.ProfileServiceClient client = null!;
    private string token = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        token = await TestIdentity.PartnerAsync();
        client = Client<ProfileService.ProfileServiceClient>("profile", token);
    }

    private async Task<string> NewAsync(string name, PersonRole role, string area, params (string, int)[] skills) =>
        (await client.RegisterPersonAsync(Register(Person(name, role, SeniorityLevel.Senior, area, skills)))).Name;

    private async Task<List<string>> AllAsync(ListPeopleRequest filters, int pageSize)
    {
        var names = new List<string>();
        var request = filters.Clone();
        request.PageSize = pageSize;
        do
        {
            var page = await client.ListPeopleAsync(request);
            Assert.True(page.People.Count <= pageSize);
            names.AddRange(page.People.Select(p => p.Name));
            request.PageToken = page.NextPageToken;
        } while (request.PageToken.Length > 0);
        return names;
    }

    [Fact]
    public async Task Pages_cover_everyone_once_in_registration_order()
    {
        var registered = new List<string>();
        for (var i = 0; i < 7; i++) registered.Add(await NewAsync($"P{i}", PersonRole.Mentee, "ops"));

        Assert.Equal(registered, await AllAsync(new ListPeopleRequest(), pageSize: 3));
        Assert.Equal(registered, await AllAsync(new ListPeopleRequest(), pageSize: 7));
        Assert.Equal(registered, (await client.ListPeopleAsync(new ListPeopleRequest())).People.Select(p => p.Name));
    }

    [Fact]
    public async Task Filters_combine_and_are_case_insensitive()
    {
        var mentorGo = await NewAsync("MentorGo", PersonRole.Mentor, "Engineering", ("Go", 5));
        var menteeGo = await NewAsync("MenteeGo", PersonRole.Mentee, "engineering", ("go", 1));
        var mentorSql = await NewAsync("MentorSql", PersonRole.Mentor, "engineering", ("sql", 4));
        var financeGo = await NewAsync("FinanceGo", PersonRole.Mentor, "finance", ("go", 3));
        await client.SetLineManagerAsync(new SetLineManagerRequest { Name = menteeGo, LineManager = mentorGo });
        await client.SetLineManagerAsync(new SetLineManagerRequest { Name = mentorSql, LineManager = mentorGo });

        Assert.Equal([mentorGo, mentorSql, financeGo], await AllAsync(new ListPeopleRequest { Role = PersonRole.Mentor }, 2));
        Assert.Equal([mentorGo, financeGo], await AllAsync(new ListPeopleRequest { Role = PersonRole.Mentor, Skill = "GO" }, 1));
        Assert.Equal([mentorGo, menteeGo], await AllAsync(new ListPeopleRequest { AreaOfWork = "ENGINEERING", Skill = "go" }, 10));
        Assert.Equal([menteeGo, mentorSql], await AllAsync(new ListPeopleRequest { LineManager = mentorGo }, 10));
        Assert.Empty(await AllAsync(new ListPeopleRequest { Skill = "cobol" }, 10));
    }

    [Fact]
    public async Task People_filter_by_status_and_by_assessed_competency()
    {
        var active = await NewAsync("Active", PersonRole.Mentor, "ops");
        var away = await NewAsync("Away", PersonRole.Mentor, "ops");
        await client.UpdatePersonAsync(new UpdatePersonRequest
        {
            Person = new Person { Name = away, Status = PersonStatus.OnLeave },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "status" } },
        });
        var admin = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.AdministratorAsync());
        var draft = new Competency { DisplayName = "Negotiation", Area = "Leadership", Description = "Getting to yes" };
        draft.Levels.AddRange(Enumerable.Range(1, 3).Select(l => new CompetencyLevel { Label = $"L{l}", Description = $"Level {l}" }));
        var negotiation = await admin.CreateCompetencyAsync(new CreateCompetencyRequest { Competency = draft });
        await admin.AssessCompetencyAsync(new AssessCompetencyRequest { Person = away, Competency = negotiation.Name, CurrentLevel = 2 });

        Assert.Equal([active], await AllAsync(new ListPeopleRequest { Status = PersonStatus.Active }, 10));
        Assert.Equal([away], await AllAsync(new ListPeopleRequest { Status = PersonStatus.OnLeave }, 10));
        Assert.Equal([away], await AllAsync(new ListPeopleRequest { Competency = negotiation.Name }, 10));
        Assert.Empty(await AllAsync(new ListPeopleRequest { Competency = negotiation.Name, Status = PersonStatus.Active }, 10));
        var bad = await Assert.ThrowsAsync<RpcException>(() =>
            client.ListPeopleAsync(new ListPeopleRequest { Status = (PersonStatus)9, Competency = "skills/1" }).ResponseAsync);
        Assert.Equal(["status", "competency"], ViolatedFields(bad));
    }

    [Fact]
    public async Task Another_organisation_sees_none_of_these_people()
    {
        await NewAsync("Acme", PersonRole.Mentor, "ops");
        var globex = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.PartnerAsync(TestIdentity.Globex));
        var own = await globex.RegisterPersonAsync(Register(Person("Globex", PersonRole.Mentor, SeniorityLevel.Senior)));

        Assert.Equal([own.Name], (await globex.ListPeopleAsync(new ListPeopleRequest())).People.Select(p => p.Name));
    }

    [Fact]
    public async Task A_token_only_continues_the_listing_it_came_from_and_bad_filters_are_field_violations()
    {
        for (var i = 0; i < 3; i++) await NewAsync($"P{i}", PersonRole.Mentor, "ops");
        var first = await client.ListPeopleAsync(new ListPeopleRequest { PageSize = 1, Role = PersonRole.Mentor });

        var mixed = await Assert.ThrowsAsync<RpcException>(() => client.ListPeopleAsync(
            new ListPeopleRequest { PageSize = 1, PageToken = first.NextPageToken, Role = PersonRole.Mentee }).ResponseAsync);
        Assert.Equal(["page_token"], ViolatedFields(mixed));

        var bad = await Assert.ThrowsAsync<RpcException>(() => client.ListPeopleAsync(new ListPeopleRequest
        {
            PageSize = 501, Role = (PersonRole)9, Skill = new string('s', 101), LineManager = "boss", PageToken = "%%",
        }).ResponseAsync);
        Assert.Equal(["page_size", "role", "skill", "line_manager", "page_token"], ViolatedFields(bad));
    }

    [Fact]
    public async Task People_are_listed_over_rest_with_query_filters()
    {
        var mentor = await NewAsync("RestMentor", PersonRole.Mentor, "ops");
        await NewAsync("RestMentee", PersonRole.Mentee, "ops");
        using var http = Service("profile").CreateHttpClient(token);

        using var body = JsonDocument.Parse(await http.GetStringAsync("/profile/v1/people?role=PERSON_ROLE_MENTOR&pageSize=10"));

        Assert.Equal([mentor], body.RootElement.GetProperty("people").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
    }
}
