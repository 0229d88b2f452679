using System.Net;
using System.Net.Http.Json;
using Dapper;
using Grpc.Core;
using Mentoring.BuildingBlocks.Events;
using Mentoring.Contracts.Events.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Profile;

/// <summary>Line managers: set, changed and cleared with an event each time; cycles and strangers refused.</summary>
public sealed class ReportingLinesTests() : ServicesUnderTest("profile")
{
    private ProfileService.ProfileServiceClient client = null!;
    private string token = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        token = await TestIdentity.PartnerAsync();
        client = Client<ProfileService.ProfileServiceClient>("profile", token);
    }

    private async Task<Person> NewPersonAsync(string name) =>
        await client.RegisterPersonAsync(Register(Person(name, PersonRole.Mentee, SeniorityLevel.Intermediate)));

    private Task<Person> SetAsync(Person person, Person? manager, string etag = "") =>
        client.SetLineManagerAsync(new SetLineManagerRequest { Name = person.Name, LineManager = manager?.Name ?? "", Etag = etag }).ResponseAsync;

    private async Task<List<ReportingLineChanged>> ChangesAsync()
    {
        await using var admin = Db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        var envelopes = await c.QueryAsync<string>("SELECT envelope::text FROM profile.outbox WHERE topic = 'profile.reporting-line-changed' ORDER BY position");
        return envelopes.Select(e => (ReportingLineChanged)CloudEvent.FromJson(e).ParseData()).ToList();
    }

    [Fact]
    public async Task Setting_changing_and_clearing_a_line_manager_emits_an_event_each_time()
    {
        var (ada, bob, cid) = (await NewPersonAsync("Ada"), await NewPersonAsync("Bob"), await NewPersonAsync("Cid"));

        var managed = await SetAsync(ada, bob);
        Assert.Equal(bob.Name, managed.LineManager);
        Assert.NotEqual(ada.Etag, managed.Etag);
        Assert.Equal(bob.Name, (await client.GetPersonAsync(new GetPersonRequest { Name = ada.Name })).LineManager);
        Assert.Equal(managed, await SetAsync(ada, bob)); // no change, no event

        await SetAsync(ada, cid);
        var cleared = await SetAsync(ada, null);
        Assert.Empty(cleared.LineManager);

        Assert.Equal(
            [(ada.Name, bob.Name, ""), (ada.Name, cid.Name, bob.Name), (ada.Name, "", cid.Name)],
            (await ChangesAsync()).Select(e => (e.Person, e.LineManager, e.PreviousLineManager)));
    }

    [Fact]
    public async Task A_change_that_would_close_a_cycle_is_refused_and_changes_nothing()
    {
        var (ada, bob, cid) = (await NewPersonAsync("Ada"), await NewPersonAsync("Bob"), await NewPersonAsync("Cid"));
        await SetAsync(ada, bob);
        await SetAsync(bob, cid);

        var e = await Assert.ThrowsAsync<RpcException>(() => SetAsync(cid, ada));
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        var self = await Assert.ThrowsAsync<RpcException>(() => SetAsync(ada, ada));
        Assert.Equal(["line_manager"], ViolatedFields(self));

        Assert.Empty((await client.GetPersonAsync(new GetPersonRequest { Name = cid.Name })).LineManager);
        Assert.Equal(2, (await ChangesAsync()).Count);
    }

    [Fact]
    public async Task Concurrent_changes_cannot_close_a_cycle_between_them()
    {
        var (ada, bob) = (await NewPersonAsync("Ada"), await NewPersonAsync("Bob"));

        var results = await Task.WhenAll(
            Task.Run(async () => { try { await SetAsync(ada, bob); return StatusCode.OK; } catch (RpcException x) { return x.StatusCode; } }),
            Task.Run(async () => { try { await SetAsync(bob, ada); return StatusCode.OK; } catch (RpcException x) { return x.StatusCode; } }));

        Assert.Equal([StatusCode.OK, StatusCode.FailedPrecondition], results.Order());
    }

    [Fact]
    public async Task Unknown_people_and_other_organisations_people_are_not_found()
    {
        var ada = await NewPersonAsync("Ada");
        var globex = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.PartnerAsync(TestIdentity.Globex));
        var stranger = await globex.RegisterPersonAsync(Register(Person("Stranger", PersonRole.Mentor, SeniorityLevel.Senior)));

        var unknownManager = await Assert.ThrowsAsync<RpcException>(() => SetAsync(ada, new Person { Name = $"people/{Guid.NewGuid()}" }));
        var foreignManager = await Assert.ThrowsAsync<RpcException>(() => SetAsync(ada, stranger));
        var foreignPerson = await Assert.ThrowsAsync<RpcException>(() => SetAsync(stranger, ada));
        Assert.All(new[] { unknownManager, foreignManager, foreignPerson }, x => Assert.Equal(StatusCode.NotFound, x.StatusCode));

        var malformed = await Assert.ThrowsAsync<RpcException>(() =>
            client.SetLineManagerAsync(new SetLineManagerRequest { Name = "people/1", LineManager = "boss" }).ResponseAsync);
        Assert.Equal(["name", "line_manager"], ViolatedFields(malformed));
    }

    [Fact]
    public async Task A_stale_etag_is_aborted()
    {
        var (ada, bob, cid) = (await NewPersonAsync("Ada"), await NewPersonAsync("Bob"), await NewPersonAsync("Cid"));
        var afterFirst = await SetAsync(ada, bob, ada.Etag);

        var stale = await Assert.ThrowsAsync<RpcException>(() => SetAsync(ada, cid, ada.Etag));
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        Assert.Equal(cid.Name, (await SetAsync(ada, cid, afterFirst.Etag)).LineManager);
    }

    [Fact]
    public async Task The_custom_method_is_served_over_rest_and_audited()
    {
        var (ada, bob) = (await NewPersonAsync("Ada"), await NewPersonAsync("Bob"));
        using var http = Service("profile").CreateHttpClient(token);

        var response = await http.PostAsJsonAsync($"/profile/v1/{ada.Name}:setLineManager", new { lineManager = bob.Name });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var admin = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.AdministratorAsync());
        var audit = await admin.ListAuditRecordsAsync(new ListAuditRecordsRequest());
        Assert.Contains(audit.Records, r => r.Action.EndsWith("/SetLineManager") && r.Resource == ada.Name && r.Outcome == "OK");
    }
}
