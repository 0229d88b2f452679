using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Grpc.Core;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Profile;

/// <summary>The profile API over real gRPC and REST, against its own database.</summary>
public sealed class ProfileApiTests() : ServicesUnderTest("profile")
{
    private ProfileService.ProfileServiceClient client = null!;
    private ProfileService.ProfileServiceClient globex = null!;
    private string token = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        token = await TestIdentity.PartnerAsync();
        client = Client<ProfileService.ProfileServiceClient>("profile", token);
        globex = await ClientAsync<ProfileService.ProfileServiceClient>("profile", TestIdentity.PartnerAsync(TestIdentity.Globex));
    }

    private sealed record LogRow(string Type, string TenantId, string Envelope);

    private async Task<(long People, long Outbox)> CountsAsync()
    {
        await using var admin = Db.AdminDataSource();
        await using var c = await admin.OpenConnectionAsync();
        return (await c.ExecuteScalarAsync<long>("SELECT count(*) FROM profile.person"),
                await c.ExecuteScalarAsync<long>("SELECT count(*) FROM profile.outbox"));
    }

    [Fact]
    public async Task A_registered_person_can_be_read_back()
    {
        var sent = Person("Ada Lovelace", PersonRole.Mentor, SeniorityLevel.Senior, "engineering", ("maths", 5));
        var created = await client.RegisterPersonAsync(Register(sent));

        Assert.Matches("^people/[0-9a-f-]{36}$", created.Name);
        Assert.NotNull(created.CreateTime);
        Assert.NotEmpty(created.Etag);
        var read = await client.GetPersonAsync(new GetPersonRequest { Name = created.Name });
        Assert.Equal(created, read);
        Assert.Equal(sent.Email, read.Email);
        Assert.Equal(sent.Skills, read.Skills);
        Assert.Equal([PersonRole.Mentor], read.Roles);
        Assert.Equal("Europe/Paris", read.TimeZone);
    }

    [Fact]
    public async Task Registration_queues_PersonRegistered_in_the_same_transaction_and_the_relay_publishes_it()
    {
        var created = await client.RegisterPersonAsync(Register(Person("Grace", PersonRole.Mentee, SeniorityLevel.Junior)));

        await using var admin = Db.AdminDataSource();
        var row = await Eventually.Until("the event is on the log", async () =>
        {
            await using var c = await admin.OpenConnectionAsync();
            return await c.QuerySingleOrDefaultAsync<LogRow>(
                "SELECT type, tenant_id AS TenantId, envelope::text AS Envelope FROM eventbus.log WHERE topic = 'profile.person-registered'");
        });
        Assert.Equal("mentoring.events.v1.PersonRegistered", row.Type);
        Assert.Equal("acme", row.TenantId);
        using var envelope = JsonDocument.Parse(row.Envelope);
        Assert.Equal(created.Name, envelope.RootElement.GetProperty("data").GetProperty("person").GetProperty("name").GetString());
        Assert.Equal("/mentoring/profile", envelope.RootElement.GetProperty("source").GetString());
    }

    [Fact]
    public async Task Bad_input_gets_field_violations_and_changes_nothing()
    {
        var bad = Person("", PersonRole.Mentor, SeniorityLevel.Senior);
        bad.Email = "not-an-email";
        bad.SeniorityLevel = (SeniorityLevel)77;
        bad.AreaOfWork = new string('a', 101);

        var e = await Assert.ThrowsAsync<RpcException>(() => client.RegisterPersonAsync(Register(bad)).ResponseAsync);

        Assert.Equal(["person.display_name", "person.area_of_work", "person.email", "person.seniority_level"], ViolatedFields(e));
        Assert.Equal((0, 0), await CountsAsync());
    }

    [Fact]
    public async Task Bad_input_over_rest_is_a_400_with_the_same_field_violations()
    {
        using var http = Service("profile").CreateHttpClient(token);
        var response = await http.PostAsJsonAsync("/profile/v1/people", new
        {
            displayName = "Ada",
            email = "ada@",
            areaOfWork = "engineering",
            seniorityLevel = "SENIORITY_LEVEL_SENIOR",
            roles = new[] { "PERSON_ROLE_MENTOR" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(3, body.RootElement.GetProperty("code").GetInt32());
        var detail = body.RootElement.GetProperty("details")[0];
        Assert.Equal("type.googleapis.com/google.rpc.BadRequest", detail.GetProperty("@type").GetString());
        Assert.Equal("person.email", detail.GetProperty("fieldViolations")[0].GetProperty("field").GetString());
        Assert.Equal((0, 0), await CountsAsync());
    }

    [Fact]
    public async Task An_unknown_enum_name_over_rest_is_a_400_and_changes_nothing()
    {
        using var http = Service("profile").CreateHttpClient(token);
        var response = await http.PostAsJsonAsync("/profile/v1/people", new
        {
            displayName = "Ada", email = "ada@example.org", areaOfWork = "engineering",
            seniorityLevel = "SENIORITY_LEVEL_WIZARD", roles = new[] { "PERSON_ROLE_MENTOR" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("SENIORITY_LEVEL_WIZARD", await response.Content.ReadAsStringAsync());
        Assert.Equal((0, 0), await CountsAsync());
    }

    [Fact]
    public async Task A_second_person_with_the_same_email_in_the_tenant_already_exists()
    {
        var first = Person("Ada", PersonRole.Mentor, SeniorityLevel.Senior);
        await client.RegisterPersonAsync(Register(first));
        var again = Person("Other Ada", PersonRole.Mentee, SeniorityLevel.Junior);
        again.Email = first.Email.ToUpperInvariant();

        var e = await Assert.ThrowsAsync<RpcException>(() => client.RegisterPersonAsync(Register(again)).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, e.StatusCode);
        Assert.Equal((1, 1), await CountsAsync());

        // Another organisation may register the same address.
        await globex.RegisterPersonAsync(Register(again));
        Assert.Equal((2, 2), await CountsAsync());
    }

    [Fact]
    public async Task A_retry_with_the_same_request_id_returns_the_first_result_and_has_one_effect()
    {
        var request = Register(Person("Ada", PersonRole.Mentor, SeniorityLevel.Senior), requestId: "req-" + Guid.NewGuid());
        var first = await client.RegisterPersonAsync(request);
        var retries = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.RegisterPersonAsync(request).ResponseAsync));

        Assert.All(retries, r => Assert.Equal(first, r));
        Assert.Equal((1, 1), await CountsAsync());
    }

    [Fact]
    public async Task Get_answers_not_found_for_unknown_ids_and_for_other_tenants()
    {
        var created = await client.RegisterPersonAsync(Register(Person("Ada", PersonRole.Mentor, SeniorityLevel.Senior)));

        var unknown = await Assert.ThrowsAsync<RpcException>(() =>
            client.GetPersonAsync(new GetPersonRequest { Name = $"people/{Guid.NewGuid()}" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

        var otherTenant = await Assert.ThrowsAsync<RpcException>(() =>
            globex.GetPersonAsync(new GetPersonRequest { Name = created.Name }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, otherTenant.StatusCode);

        var malformed = await Assert.ThrowsAsync<RpcException>(() =>
            client.GetPersonAsync(new GetPersonRequest { Name = "persons/42" }).ResponseAsync);
        Assert.Equal(["name"], ViolatedFields(malformed));
    }

    [Fact]
    public async Task The_person_is_readable_over_rest_by_resource_name()
    {
        var created = await client.RegisterPersonAsync(Register(Person("Ada", PersonRole.Mentor, SeniorityLevel.Senior)));
        using var http = Service("profile").CreateHttpClient(token);
        using var body = JsonDocument.Parse(await http.GetStringAsync($"/profile/v1/{created.Name}"));
        Assert.Equal(created.Name, body.RootElement.GetProperty("name").GetString());
        Assert.Equal("SENIORITY_LEVEL_SENIOR", body.RootElement.GetProperty("seniorityLevel").GetString());
    }

    [Fact]
    public async Task An_idempotency_key_header_makes_a_create_replayable_over_grpc_and_rest()
    {
        var key = new Metadata { { "idempotency-key", "grpc-" + Guid.NewGuid() } };
        var request = Register(Person("Ada", PersonRole.Mentor, SeniorityLevel.Senior));
        var first = await client.RegisterPersonAsync(request, key);
        Assert.Equal(first, await client.RegisterPersonAsync(request, key));

        using var http = Service("profile").CreateHttpClient(token);
        var body = new
        {
            displayName = "Grace", email = $"grace.{Guid.NewGuid():N}@example.org", areaOfWork = "engineering",
            seniorityLevel = "SENIORITY_LEVEL_SENIOR", roles = new[] { "PERSON_ROLE_MENTOR" },
        };
        var restKey = "rest-" + Guid.NewGuid();
        async Task<string> PostAsync()
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, "/profile/v1/people") { Content = JsonContent.Create(body) };
            message.Headers.Add("Idempotency-Key", restKey);
            var response = await http.SendAsync(message);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("name").GetString()!;
        }
        Assert.Equal(await PostAsync(), await PostAsync());
        Assert.Equal((2, 2), await CountsAsync());
    }

    [Fact]
    public async Task An_idempotency_key_that_contradicts_the_request_id_is_refused()
    {
        var request = Register(Person("Ada", PersonRole.Mentor, SeniorityLevel.Senior), requestId: "one");
        var e = await Assert.ThrowsAsync<RpcException>(() =>
            client.RegisterPersonAsync(request, new Metadata { { "idempotency-key", "two" } }).ResponseAsync);
        Assert.Equal(["request_id"], ViolatedFields(e));
        Assert.Equal((0, 0), await CountsAsync());
    }

    [Fact]
    public async Task Health_reports_ready_only_with_migrations_applied()
    {
        using var http = Service("profile").CreateHttpClient(token);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz/live")).StatusCode);
        Assert.Equal("Healthy", await http.GetStringAsync("/healthz/ready"));
        var health = new Grpc.Health.V1.Health.HealthClient(Service("profile").CreateChannel());
        var status = await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest());
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, status.Status);
    }
}
