using Mentoring.Gateway.AdminSpa;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;

namespace Mentoring.BrowserTests;

/// <summary>
/// Identity (development seed), profile, matching and the gateway serving the built admin SPA
/// (web/admin/dist, which ./test builds), on free ports against the test PostgreSQL.
/// </summary>
public sealed class AdminSpaPlatform() : FrontDoorPlatform(["profile", "matching"], new Dictionary<string, string?>
{
    [AdminSpaEndpoints.PathSetting] = DistFolder,
})
{
    public new const string Collection = "admin spa platform";

    public static string DistFolder => Path.Combine(Repository.Root(), "web", "admin", "dist");

    public Uri AdminUrl => new(GatewayOrigin, "/admin/");
}

[CollectionDefinition(AdminSpaPlatform.Collection)]
public sealed class AdminSpaPlatformCollection : ICollectionFixture<AdminSpaPlatform>;
