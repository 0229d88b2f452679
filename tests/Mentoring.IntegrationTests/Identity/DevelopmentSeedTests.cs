using Mentoring.IntegrationTests.Support;
using static Mentoring.IntegrationTests.Identity.ClientCredentialsTests;

namespace Mentoring.IntegrationTests.Identity;

/// <summary>
/// The development defaults shipped in services/identity/appsettings.json (what ./platform up
/// runs with) give the documented tokens with the documented credentials.
/// </summary>
public sealed class DevelopmentSeedTests : IAsyncLifetime
{
    private IdentityServer identity = null!;

    public async Task InitializeAsync()
    {
        var db = await Databases.FreshAsync();
        identity = await IdentityServer.StartAsync(db, tenants: [],
            contentRoot: Path.Combine(Apps.RepositoryRoot(), "services", "identity"));
    }

    public async Task DisposeAsync() => await identity.DisposeAsync();

    [Fact]
    public async Task The_demo_partner_and_reporting_job_get_their_scopes_and_no_more()
    {
        var partner = Valid(await identity.ValidateAsync(
            await identity.ClientCredentialsTokenAsync("partner-demo", "dev-only-partner-secret", "profile.read", "events.read")));
        Assert.Equal("demo", partner.GetClaim("tenant").Value);
        Assert.Equal("partner-demo", partner.GetClaim("client_id").Value);

        var reporting = Valid(await identity.ValidateAsync(
            await identity.ClientCredentialsTokenAsync("reporting-job", "dev-only-reporting-secret", "reporting.read")));
        Assert.Equal("demo", reporting.GetClaim("tenant").Value);
        Assert.Equal("invalid_scope", (await identity.RequestClientCredentialsAsync("reporting-job", "dev-only-reporting-secret", "profile.write")).Error);
    }

    [Fact]
    public async Task The_demo_administrator_and_person_sign_in_through_the_admin_SPA()
    {
        var admin = await identity.UserTokenForClientAsync("admin-spa", "admin@demo.example", "dev-only-admin", "openid", "offline_access", "profile.write");
        var adminJwt = Valid(await identity.ValidateAsync(admin.AccessToken!));
        Assert.Equal("administrator", adminJwt.GetClaim("role").Value);
        Assert.Equal("demo", adminJwt.GetClaim("tenant").Value);

        var ada = await identity.UserTokenForClientAsync("admin-spa", "ada@demo.example", "dev-only-ada", "openid", "profile.read");
        Assert.Equal("person", Valid(await identity.ValidateAsync(ada.AccessToken!)).GetClaim("role").Value);
    }
}
