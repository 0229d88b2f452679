using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Profile;

/// <summary>The competency framework: competencies with level scales, append-only assessments with gaps, mentor offers.</summary>
public sealed class CompetencyTests() : ServicesUnderTest("profile")
{
    private ProfileService.ProfileServiceClient partner = null!;
    private ProfileService.ProfileServiceClient admin = null!;
    private string partnerToken = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        partnerToken = await TestIdentity.PartnerAsync();
        partner = Client<ProfileService.ProfileServiceClient>("profile", partnerToken);
        admin = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.AdministratorAsync());
    }

    private static Competency Draft(string name, string area = "Leadership", int levels = 5)
    {
        var competency = new Competency { DisplayName = name, Area = area, Description = $"{name}, in practice" };
        competency.Levels.AddRange(Enumerable.Range(1, levels).Select(i => new CompetencyLevel { Label = $"L{i}", Description = $"Descriptor of level {i}" }));
        return competency;
    }

    private Task<Competency> CreateAsync(string name, string area = "Leadership", int levels = 5, string requestId = "") =>
        admin.CreateCompetencyAsync(new CreateCompetencyRequest { Competency = Draft(name, area, levels), RequestId = requestId }).ResponseAsync;

    private async Task<Person> NewPersonAsync(string name) =>
        await partner.RegisterPersonAsync(Register(Person(name, PersonRole.Mentor, SeniorityLevel.Senior)));

    private Task<PersonCompetency> AssessAsync(ProfileService.ProfileServiceClient c, string person, Competency competency, int current, int target = 0) =>
        c.AssessCompetencyAsync(new AssessCompetencyRequest { Person = person, Competency = competency.Name, CurrentLevel = current, TargetLevel = target }).ResponseAsync;

    private async Task<long> CountAsync(string sql)
    {
        await using var source = Db.AdminDataSource();
        await using var c = await source.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<long>(sql);
    }

    private async Task<List<T>> EventsAsync<T>(string topic) where T : class
    {
        await using var source = Db.AdminDataSource();
        await using var c = await source.OpenConnectionAsync();
        var envelopes = await c.QueryAsync<string>("SELECT envelope::text FROM profile.outbox WHERE topic = @topic ORDER BY position", new { topic });
        return envelopes.Select(e => (T)CloudEvent.FromJson(e).ParseData()).ToList();
    }

    private static FieldMask Mask(params string[] paths) => new() { Paths = { paths } };

    [Fact]
    public async Task Competencies_are_created_read_listed_by_area_and_updated_by_mask_with_an_etag()
    {
        var feedback = await CreateAsync("Giving feedback");
        await CreateAsync("Delegation");
        await CreateAsync("Testing", "Engineering", levels: 3);

        Assert.Matches("^competencies/[0-9a-f-]{36}$", feedback.Name);
        Assert.Equal(["L1", "L2", "L3", "L4", "L5"], feedback.Levels.Select(l => l.Label));
        Assert.Equal([1, 2, 3, 4, 5], feedback.Levels.Select(l => l.Level));
        Assert.Equal(feedback, await partner.GetCompetencyAsync(new GetCompetencyRequest { Name = feedback.Name }));

        var leadership = await partner.ListCompetenciesAsync(new ListCompetenciesRequest { Area = "LEADERSHIP" });
        Assert.Equal(["Delegation", "Giving feedback"], leadership.Competencies.Select(c => c.DisplayName));
        var page1 = await partner.ListCompetenciesAsync(new ListCompetenciesRequest { PageSize = 2 });
        var page2 = await partner.ListCompetenciesAsync(new ListCompetenciesRequest { PageSize = 2, PageToken = page1.NextPageToken });
        Assert.Equal(["Testing", "Delegation", "Giving feedback"],
            page1.Competencies.Concat(page2.Competencies).Select(c => c.DisplayName)); // Engineering < Leadership
        Assert.Empty(page2.NextPageToken);
        var foreignToken = await Assert.ThrowsAsync<RpcException>(() =>
            partner.ListCompetenciesAsync(new ListCompetenciesRequest { PageSize = 2, PageToken = page1.NextPageToken, Area = "Engineering" }).ResponseAsync);
        Assert.Equal(["page_token"], ViolatedFields(foreignToken));

        var change = feedback.Clone();
        change.DisplayName = "Giving and receiving feedback";
        change.Description = "ignored: not in the mask";
        change.Levels[4].Description = "Coaches others to give feedback";
        var updated = await admin.UpdateCompetencyAsync(new UpdateCompetencyRequest { Competency = change, UpdateMask = Mask("displayName", "levels") });
        Assert.Equal(("Giving and receiving feedback", feedback.Description, "Coaches others to give feedback"),
            (updated.DisplayName, updated.Description, updated.Levels[4].Description));
        Assert.NotEqual(feedback.Etag, updated.Etag);

        var stale = await Assert.ThrowsAsync<RpcException>(() =>
            admin.UpdateCompetencyAsync(new UpdateCompetencyRequest { Competency = change, UpdateMask = Mask("description") }).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        Assert.Equal(updated, await partner.GetCompetencyAsync(new GetCompetencyRequest { Name = feedback.Name }));

        var audit = await admin.ListAuditRecordsAsync(new ListAuditRecordsRequest());
        Assert.Contains(audit.Records, r => r.Action.EndsWith("/UpdateCompetency") && r.Resource == feedback.Name && r.Outcome == "OK");
        Assert.Contains(audit.Records, r => r.Action.EndsWith("/CreateCompetency") && r.Resource == feedback.Name);
    }

    [Fact]
    public async Task Bad_competencies_are_field_violations_and_nothing_is_stored()
    {
        var bad = Draft("", levels: 1);
        bad.Area = new string('x', 101);
        var create = await Assert.ThrowsAsync<RpcException>(() =>
            admin.CreateCompetencyAsync(new CreateCompetencyRequest { Competency = bad }).ResponseAsync);
        Assert.Equal(["competency.display_name", "competency.area", "competency.levels"], ViolatedFields(create));

        var twoSame = Draft("Listening", levels: 2);
        twoSame.Levels[1].Label = "l1";
        twoSame.Levels[0].Description = "";
        var labels = await Assert.ThrowsAsync<RpcException>(() =>
            admin.CreateCompetencyAsync(new CreateCompetencyRequest { Competency = twoSame }).ResponseAsync);
        Assert.Equal(["competency.levels[0].description", "competency.levels[1].label"], ViolatedFields(labels));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM profile.competency"));

        var stored = await CreateAsync("Listening");
        var change = Draft("", levels: 11);
        change.Name = stored.Name;
        var update = await Assert.ThrowsAsync<RpcException>(() =>
            admin.UpdateCompetencyAsync(new UpdateCompetencyRequest { Competency = change, UpdateMask = Mask("display_name", "levels", "etag") }).ResponseAsync);
        Assert.Equal(["update_mask", "competency.display_name", "competency.levels"], ViolatedFields(update));
        var noMask = await Assert.ThrowsAsync<RpcException>(() =>
            admin.UpdateCompetencyAsync(new UpdateCompetencyRequest { Competency = new Competency { Name = "competencies/x" } }).ResponseAsync);
        Assert.Equal(["competency.name", "update_mask"], ViolatedFields(noMask));
        Assert.Equal(stored, await admin.GetCompetencyAsync(new GetCompetencyRequest { Name = stored.Name }));
    }

    [Fact]
    public async Task Names_are_unique_within_an_area_and_a_request_id_replays_the_first_result()
    {
        var first = await CreateAsync("Coaching", requestId: "req-1");
        Assert.Equal(first, await CreateAsync("Coaching", requestId: "req-1"));

        var duplicate = await Assert.ThrowsAsync<RpcException>(() => CreateAsync("COACHING", "leadership"));
        Assert.Equal(StatusCode.AlreadyExists, duplicate.StatusCode);
        var elsewhere = await CreateAsync("Coaching", "Engineering");

        var clash = elsewhere.Clone();
        clash.Area = "Leadership";
        var moved = await Assert.ThrowsAsync<RpcException>(() =>
            admin.UpdateCompetencyAsync(new UpdateCompetencyRequest { Competency = clash, UpdateMask = Mask("area") }).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, moved.StatusCode);
        Assert.Equal(2, await CountAsync("SELECT count(*) FROM profile.competency"));
    }

    [Fact]
    public async Task Assessments_append_to_the_history_derive_the_gap_and_are_published()
    {
        var ada = await NewPersonAsync("Ada");
        var feedback = await CreateAsync("Giving feedback");
        var delegation = await CreateAsync("Delegation", levels: 4);

        var first = await AssessAsync(admin, ada.Name, feedback, 2, 4);
        Assert.Equal(($"{ada.Name}/{feedback.Name}", 2, 4, 2), (first.Name, first.CurrentLevel, first.TargetLevel, first.Gap));
        await AssessAsync(admin, ada.Name, feedback, 3, 5);
        await AssessAsync(admin, ada.Name, delegation, 4);

        var basic = await partner.ListPersonCompetenciesAsync(new ListPersonCompetenciesRequest { Parent = ada.Name });
        Assert.Equal([("Delegation", 4, 0, 0), ("Giving feedback", 3, 5, 2)],
            basic.PersonCompetencies.Select(p => (p.CompetencyDisplayName, p.CurrentLevel, p.TargetLevel, p.Gap)));
        Assert.All(basic.PersonCompetencies, p => Assert.Empty(p.History));

        var full = await partner.ListPersonCompetenciesAsync(new ListPersonCompetenciesRequest { Parent = ada.Name, View = PersonCompetencyView.Full });
        Assert.Equal([(3, 5), (2, 4)], full.PersonCompetencies[1].History.Select(h => (h.CurrentLevel, h.TargetLevel)));
        Assert.All(full.PersonCompetencies[1].History, h => Assert.NotEmpty(h.Assessor));
        Assert.Equal(3, await CountAsync("SELECT count(*) FROM profile.competency_assessment"));

        // History rows are never rewritten, not even by the service's owner.
        await Assert.ThrowsAnyAsync<Exception>(() => CountAsync("WITH u AS (UPDATE profile.competency_assessment SET current_level = 1 RETURNING 1) SELECT count(*) FROM u"));

        var events = await EventsAsync<CompetencyAssessed>("profile.competency-assessed");
        Assert.Equal([(ada.Name, feedback.Name, 2, 4), (ada.Name, feedback.Name, 3, 5), (ada.Name, delegation.Name, 4, 0)],
            events.Select(e => (e.Person, e.Competency, e.CurrentLevel, e.TargetLevel)));
        Assert.All(events, e => Assert.NotNull(e.AssessTime));
    }

    [Fact]
    public async Task Levels_outside_the_scale_are_violations_and_the_scale_cannot_shrink_below_an_assessment()
    {
        var ada = await NewPersonAsync("Ada");
        var delegation = await CreateAsync("Delegation", levels: 4);

        foreach (var (current, target, fields) in new[] { (0, 0, "current_level"), (5, 0, "current_level"), (3, 2, "target_level"), (3, 5, "target_level") })
            Assert.Equal([fields], ViolatedFields(await Assert.ThrowsAsync<RpcException>(() => AssessAsync(admin, ada.Name, delegation, current, target))));
        var names = await Assert.ThrowsAsync<RpcException>(() =>
            admin.AssessCompetencyAsync(new AssessCompetencyRequest { Person = "ada", Competency = "delegation", CurrentLevel = 1 }).ResponseAsync);
        Assert.Equal(["person", "competency"], ViolatedFields(names));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM profile.competency_assessment"));

        await AssessAsync(admin, ada.Name, delegation, 2, 3);
        var shrunk = delegation.Clone();
        shrunk.Levels.RemoveAt(3);
        shrunk.Levels.RemoveAt(2);
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            admin.UpdateCompetencyAsync(new UpdateCompetencyRequest { Competency = shrunk, UpdateMask = Mask("levels") }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        shrunk.Levels.Add(new CompetencyLevel { Label = "Expert", Description = "Teaches it" });
        Assert.Equal(3, (await admin.UpdateCompetencyAsync(new UpdateCompetencyRequest { Competency = shrunk, UpdateMask = Mask("levels") })).Levels.Count);
    }

    [Fact]
    public async Task People_read_the_framework_and_assess_themselves_but_nobody_else()
    {
        // The signed-in person of the token exists in profile under the id the token carries.
        var self = (await TestIdentity.TenantAsync(TestIdentity.Acme)).Person;
        await using (var source = Db.AdminDataSource())
        await using (var c = await source.OpenConnectionAsync())
            await c.ExecuteAsync(
                """
                INSERT INTO profile.person (tenant_id, id, display_name, email, area_of_work, seniority_level, roles, time_zone)
                VALUES ('acme', @id, 'Ada Self', 'ada.self@example.org', 'engineering', 4, '{1,2}', 'UTC')
                """, new { id = Guid.Parse(self["people/".Length..]) });
        var person = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.PersonAsync());
        var bob = await NewPersonAsync("Bob");
        var listening = await CreateAsync("Listening");

        Assert.Equal([listening.Name], (await person.ListCompetenciesAsync(new ListCompetenciesRequest())).Competencies.Select(c => c.Name));
        Assert.Equal(listening, await person.GetCompetencyAsync(new GetCompetencyRequest { Name = listening.Name }));
        var mine = await AssessAsync(person, self, listening, 2, 4);
        Assert.Equal(2, mine.Gap);
        var history = await person.ListPersonCompetenciesAsync(new ListPersonCompetenciesRequest { Parent = self, View = PersonCompetencyView.Full });
        Assert.Equal(self, history.PersonCompetencies.Single().History.Single().Assessor);

        var other = await Assert.ThrowsAsync<RpcException>(() => AssessAsync(person, bob.Name, listening, 5));
        Assert.Equal(StatusCode.PermissionDenied, other.StatusCode);
        var othersList = await Assert.ThrowsAsync<RpcException>(() =>
            person.ListPersonCompetenciesAsync(new ListPersonCompetenciesRequest { Parent = bob.Name }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, othersList.StatusCode);
        var create = await Assert.ThrowsAsync<RpcException>(() =>
            person.CreateCompetencyAsync(new CreateCompetencyRequest { Competency = Draft("Mine") }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, create.StatusCode);
        var byPartner = await Assert.ThrowsAsync<RpcException>(() => AssessAsync(partner, bob.Name, listening, 5));
        Assert.Equal(StatusCode.PermissionDenied, byPartner.StatusCode);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM profile.competency_assessment"));
    }

    [Fact]
    public async Task Mentors_offer_only_competencies_assessed_at_least_at_the_middle_of_the_scale()
    {
        var ada = await NewPersonAsync("Ada");
        var listening = await CreateAsync("Listening", levels: 4); // threshold 3
        var coaching = await CreateAsync("Coaching", levels: 5);   // threshold 3
        var never = await CreateAsync("Negotiation");
        await AssessAsync(admin, ada.Name, listening, 2, 4);
        await AssessAsync(admin, ada.Name, coaching, 3);

        Task<ListPersonCompetenciesResponse> Offer(params Competency[] competencies) =>
            admin.SetMentorCompetenciesAsync(new SetMentorCompetenciesRequest { Person = ada.Name, Competencies = { competencies.Select(c => c.Name) } }).ResponseAsync;

        Assert.Equal(StatusCode.FailedPrecondition, (await Assert.ThrowsAsync<RpcException>(() => Offer(listening, coaching))).StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, (await Assert.ThrowsAsync<RpcException>(() => Offer(never))).StatusCode);
        Assert.Equal(["competencies[1]"], ViolatedFields(await Assert.ThrowsAsync<RpcException>(() => Offer(coaching, coaching))));
        var unknown = await Assert.ThrowsAsync<RpcException>(() =>
            admin.SetMentorCompetenciesAsync(new SetMentorCompetenciesRequest { Person = ada.Name, Competencies = { $"competencies/{Guid.NewGuid()}" } }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Empty(await EventsAsync<MentorCompetenciesChanged>("profile.mentor-competencies-changed"));

        var offered = await Offer(coaching);
        Assert.Equal([("Coaching", true), ("Listening", false)], offered.PersonCompetencies.Select(p => (p.CompetencyDisplayName, p.OfferedAsMentor)));
        await Offer(coaching); // no change, no event
        await AssessAsync(admin, ada.Name, listening, 3, 4);
        await Offer(coaching, listening);
        // Falling below the threshold withdraws the offer.
        var lower = await AssessAsync(admin, ada.Name, coaching, 2, 5);
        Assert.False(lower.OfferedAsMentor);

        var changes = await EventsAsync<MentorCompetenciesChanged>("profile.mentor-competencies-changed");
        Assert.Equal(
            [[coaching.Name], new[] { coaching.Name, listening.Name }.Order(StringComparer.Ordinal).ToArray(), [listening.Name]],
            changes.Select(e => e.Competencies.ToArray()));
        Assert.All(changes, e => Assert.Equal(ada.Name, e.Person));
    }

    [Fact]
    public async Task Other_organisations_and_unknown_names_are_not_found()
    {
        var ada = await NewPersonAsync("Ada");
        var listening = await CreateAsync("Listening");
        await AssessAsync(admin, ada.Name, listening, 3);
        var globex = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.PartnerAsync(TestIdentity.Globex));
        var globexAdmin = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.AdministratorAsync(TestIdentity.Globex));

        Assert.Empty((await globex.ListCompetenciesAsync(new ListCompetenciesRequest())).Competencies);
        var calls = new Func<Task>[]
        {
            () => globex.GetCompetencyAsync(new GetCompetencyRequest { Name = listening.Name }).ResponseAsync,
            () => globex.UpdateCompetencyAsync(new UpdateCompetencyRequest { Competency = Draft("Stolen"), UpdateMask = Mask("display_name") }.WithName(listening.Name)).ResponseAsync,
            () => globex.ListPersonCompetenciesAsync(new ListPersonCompetenciesRequest { Parent = ada.Name }).ResponseAsync,
            () => AssessAsync(globexAdmin, ada.Name, listening, 1),
            () => globexAdmin.SetMentorCompetenciesAsync(new SetMentorCompetenciesRequest { Person = ada.Name }).ResponseAsync,
            () => partner.GetCompetencyAsync(new GetCompetencyRequest { Name = $"competencies/{Guid.NewGuid()}" }).ResponseAsync,
            () => AssessAsync(admin, ada.Name, new Competency { Name = $"competencies/{Guid.NewGuid()}" }, 1),
        };
        foreach (var call in calls)
            Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(call)).StatusCode);
        Assert.Equal("Listening", (await partner.GetCompetencyAsync(new GetCompetencyRequest { Name = listening.Name })).DisplayName);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM profile.competency_assessment"));
    }

    [Fact]
    public async Task Assessments_are_exported_and_erased_with_the_person()
    {
        var ada = await NewPersonAsync("Ada");
        var listening = await CreateAsync("Listening");
        await AssessAsync(admin, ada.Name, listening, 4);
        await admin.SetMentorCompetenciesAsync(new SetMentorCompetenciesRequest { Person = ada.Name, Competencies = { listening.Name } });
        var export = await admin.ExportPersonAsync(new ExportPersonRequest { Name = ada.Name });
        Assert.Equal([(listening.Name, 4, true, 1)],
            export.Competencies.Select(c => (c.Competency, c.CurrentLevel, c.OfferedAsMentor, c.History.Count)));

        await admin.ErasePersonAsync(new ErasePersonRequest { Name = ada.Name });

        Assert.Equal(0, await CountAsync("SELECT count(*) FROM profile.competency_assessment"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM profile.mentor_competency"));
    }

    [Fact]
    public async Task Competencies_round_trip_over_rest()
    {
        using var http = Service("profile").CreateHttpClient(partnerToken);
        var created = await http.PostAsJsonAsync("/profile/v1/competencies", new
        {
            displayName = "Storytelling", area = "Communication",
            levels = new[] { new { label = "Novice", description = "Tells a story" }, new { label = "Expert", description = "Moves a room" } },
        });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var name = body.RootElement.GetProperty("name").GetString()!;
        Assert.Equal(2, body.RootElement.GetProperty("levels")[1].GetProperty("level").GetInt32());

        var read = await http.GetFromJsonAsync<JsonElement>($"/profile/v1/{name}");
        Assert.Equal("Storytelling", read.GetProperty("displayName").GetString());
        var listed = await http.GetFromJsonAsync<JsonElement>("/profile/v1/competencies?area=communication");
        Assert.Equal(name, listed.GetProperty("competencies")[0].GetProperty("name").GetString());

        var bad = await http.PostAsJsonAsync("/profile/v1/competencies", new { displayName = "One level", area = "Communication", levels = new[] { new { label = "Only", description = "x" } } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("competency.levels", await bad.Content.ReadAsStringAsync());
    }
}

internal static class CompetencyRequestExtensions
{
    public static UpdateCompetencyRequest WithName(this UpdateCompetencyRequest request, string name)
    {
        request.Competency.Name = name;
        return request;
    }
}
