using Dapper;
using Grpc.Core;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Npgsql;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Security;

/// <summary>Administrative changes land in an append-only audit log that administrators of the organisation can read.</summary>
public sealed class AuditLogTests() : ServicesUnderTest("profile")
{
    private Task<ProfileService.ProfileServiceClient> AsAsync(Task<string> token) =>
        ClientAsync<ProfileService.ProfileServiceClient>("profile", token);

    [Fact]
    public async Task Registrations_are_audited_with_who_what_when_and_outcome_newest_first()
    {
        var partner = await AsAsync(TestIdentity.PartnerAsync());
        var created = await partner.RegisterPersonAsync(Register(Person("Audited", PersonRole.Mentor, SeniorityLevel.Senior)));
        await Assert.ThrowsAsync<RpcException>(() => partner.RegisterPersonAsync(Register(new Person())).ResponseAsync);

        var admin = await AsAsync(TestIdentity.AdministratorAsync());
        var page = await admin.ListAuditRecordsAsync(new ListAuditRecordsRequest());

        Assert.Equal(["INVALID_ARGUMENT", "OK"], page.Records.Select(r => r.Outcome));
        var ok = page.Records[1];
        var acme = await TestIdentity.TenantAsync(TestIdentity.Acme);
        Assert.Equal((acme.PartnerClientId, "client", "/mentoring.profile.v1.ProfileService/RegisterPerson", created.Name),
            (ok.Actor, ok.ActorKind, ok.Action, ok.Resource));
        Assert.InRange(ok.Time.ToDateTime(), DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));
        Assert.True(page.Records[0].Time >= ok.Time);

        // Reads are not audited here (no private content), and other organisations see nothing.
        await partner.GetPersonAsync(new GetPersonRequest { Name = created.Name });
        Assert.Equal(2, (await admin.ListAuditRecordsAsync(new ListAuditRecordsRequest())).Records.Count);
        var globexAdmin = await AsAsync(TestIdentity.AdministratorAsync(TestIdentity.Globex));
        Assert.Empty((await globexAdmin.ListAuditRecordsAsync(new ListAuditRecordsRequest())).Records);
    }

    [Fact]
    public async Task The_audit_log_pages_with_a_token()
    {
        var partner = await AsAsync(TestIdentity.PartnerAsync());
        for (var i = 0; i < 3; i++)
            await partner.RegisterPersonAsync(Register(Person($"Paged {i}", PersonRole.Mentee, SeniorityLevel.Junior)));
        var admin = await AsAsync(TestIdentity.AdministratorAsync());

        var first = await admin.ListAuditRecordsAsync(new ListAuditRecordsRequest { PageSize = 2 });
        var second = await admin.ListAuditRecordsAsync(new ListAuditRecordsRequest { PageSize = 2, PageToken = first.NextPageToken });

        Assert.Equal(2, first.Records.Count);
        Assert.Single(second.Records);
        Assert.Empty(second.NextPageToken);
        var bad = await Assert.ThrowsAsync<RpcException>(() =>
            admin.ListAuditRecordsAsync(new ListAuditRecordsRequest { PageSize = 501, PageToken = "x" }).ResponseAsync);
        Assert.Equal(["page_size", "page_token"], ViolatedFields(bad));
    }

    [Theory]
    [InlineData("UPDATE audit_log SET outcome = 'OK'")]
    [InlineData("DELETE FROM audit_log")]
    [InlineData("TRUNCATE audit_log")]
    public async Task Not_even_the_service_role_can_rewrite_the_audit_log(string sql)
    {
        var partner = await AsAsync(TestIdentity.PartnerAsync());
        await partner.RegisterPersonAsync(Register(Person("Kept", PersonRole.Mentor, SeniorityLevel.Senior)));

        await using var own = Db.ServiceDataSource("profile");
        await using var c = await own.OpenConnectionAsync();
        await using var tx = await c.BeginTransactionAsync();
        await c.ExecuteAsync("SELECT set_config('app.tenant_id', 'acme', true)", transaction: tx);
        var e = await Assert.ThrowsAsync<PostgresException>(() => c.ExecuteAsync(sql, transaction: tx));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState);
    }
}
