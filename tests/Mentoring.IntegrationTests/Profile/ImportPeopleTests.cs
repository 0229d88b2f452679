using System.Diagnostics;
using Dapper;
using Grpc.Core;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Xunit.Abstractions;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Profile;

/// <summary>Bulk upsert over a bidirectional gRPC stream, keyed by the partner's external ids.</summary>
public sealed class ImportPeopleTests(ITestOutputHelper output) : ServicesUnderTest("profile")
{
    private ProfileService.ProfileServiceClient client = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        client = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.PartnerAsync());
    }

    private static ImportPeopleRequest Row(string externalId, string name, string? email = null)
    {
        var person = Person(name, PersonRole.Mentee, SeniorityLevel.Junior);
        person.Email = email ?? $"{externalId}@hr.example.org";
        return new ImportPeopleRequest { ExternalId = externalId, Person = person };
    }

    private async Task<List<ImportPeopleResponse>> ImportAsync(IEnumerable<ImportPeopleRequest> rows, ProfileService.ProfileServiceClient? via = null)
    {
        using var call = (via ?? client).ImportPeople();
        var reading = Task.Run(async () => await call.ResponseStream.ReadAllAsync().ToListAsync());
        foreach (var row in rows) await call.RequestStream.WriteAsync(row);
        await call.RequestStream.CompleteAsync();
        return await reading;
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var admin = Db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<long>(sql);
    }

    [Fact]
    public async Task Each_row_gets_its_outcome_in_order_and_a_replay_changes_nothing()
    {
        var bad = Row("hr-3", "");
        var rows = new[] { Row("hr-1", "Ada"), Row("hr-2", "Bob"), bad, Row("hr-4", "Dup", email: "hr-1@hr.example.org") };

        var first = await ImportAsync(rows);

        Assert.Equal(["hr-1", "hr-2", "hr-3", "hr-4"], first.Select(r => r.ExternalId));
        Assert.Equal([ImportOutcome.Created, ImportOutcome.Created, ImportOutcome.Rejected, ImportOutcome.Rejected], first.Select(r => r.Outcome));
        Assert.Equal(["person.display_name"], first[2].Violations.Select(v => v.Field));
        Assert.Equal(["person.email"], first[3].Violations.Select(v => v.Field));
        Assert.Equal("Ada", (await client.GetPersonAsync(new GetPersonRequest { Name = first[0].Person })).DisplayName);

        var replay = await ImportAsync(rows.Take(2));
        Assert.Equal([ImportOutcome.Unchanged, ImportOutcome.Unchanged], replay.Select(r => r.Outcome));
        Assert.Equal(first.Take(2).Select(r => r.Person), replay.Select(r => r.Person));

        var renamed = Row("hr-2", "Robert");
        var update = Assert.Single(await ImportAsync([renamed]));
        Assert.Equal(ImportOutcome.Updated, update.Outcome);
        Assert.Equal("Robert", (await client.GetPersonAsync(new GetPersonRequest { Name = update.Person })).DisplayName);
        Assert.Equal(2, await CountAsync("SELECT count(*) FROM profile.person"));
        Assert.Equal(3, await CountAsync("SELECT count(*) FROM profile.outbox")); // two registrations, one update
    }

    [Fact]
    public async Task External_ids_belong_to_the_calling_application_and_organisation()
    {
        await ImportAsync([Row("hr-1", "Ada")]);
        var globex = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.PartnerAsync(TestIdentity.Globex));

        var theirs = Assert.Single(await ImportAsync([Row("hr-1", "Ada of Globex")], globex));

        Assert.Equal(ImportOutcome.Created, theirs.Outcome);
        Assert.Equal(2, await CountAsync("SELECT count(*) FROM profile.person"));
    }

    [Fact]
    public async Task A_person_cannot_import_and_ten_thousand_rows_go_through_in_one_call()
    {
        var person = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.PersonAsync());
        var denied = await Assert.ThrowsAsync<RpcException>(() => ImportAsync([Row("x", "X")], person));
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);

        var clock = Stopwatch.StartNew();
        var results = await ImportAsync(Enumerable.Range(0, 10_000).Select(i => Row($"bulk-{i}", $"Person {i}")));
        output.WriteLine($"10,000 rows imported in {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.Equal(10_000, results.Count);
        Assert.All(results, r => Assert.Equal(ImportOutcome.Created, r.Outcome));
        Assert.Equal(10_000, await CountAsync("SELECT count(*) FROM profile.person"));
        Assert.Equal(10_000, await CountAsync("SELECT count(*) FROM profile.outbox"));
    }
}
