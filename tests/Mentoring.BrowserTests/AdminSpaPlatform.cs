using Mentoring.Gateway.AdminSpa;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;

namespace Mentoring.BrowserTests;

/// <summary>
/// Identity (development seed, plus Grace, and Linus and Mary for the relationship's work), every service and the
/// gateway serving the built admin SPA (web/admin/dist, which ./test builds), on free ports against
/// the test PostgreSQL. The services learn of each other's changes by event, as in production.
/// </summary>
public sealed class AdminSpaPlatform() : FrontDoorPlatform([.. Apps.Factories.Keys],
    new Dictionary<string, string?> { [AdminSpaEndpoints.PathSetting] = DistFolder },
    new Dictionary<string, string?>
    {
        // after the development seed's two users (admin, ada)
        ["Identity:Seed:Users:2:Email"] = SecondPersonEmail,
        ["Identity:Seed:Users:2:Password"] = SecondPersonPassword,
        ["Identity:Seed:Users:2:Tenant"] = "demo",
        ["Identity:Seed:Users:2:Roles:0"] = "person",
        ["Identity:Seed:Users:3:Email"] = WorkMentorEmail,
        ["Identity:Seed:Users:3:Password"] = WorkPassword,
        ["Identity:Seed:Users:3:Tenant"] = "demo",
        ["Identity:Seed:Users:3:Roles:0"] = "person",
        ["Identity:Seed:Users:4:Email"] = WorkMenteeEmail,
        ["Identity:Seed:Users:4:Password"] = WorkPassword,
        ["Identity:Seed:Users:4:Tenant"] = "demo",
        ["Identity:Seed:Users:4:Roles:0"] = "person",
        ["Identity:Seed:Users:5:Email"] = OwnPagesEmail,
        ["Identity:Seed:Users:5:Password"] = WorkPassword,
        ["Identity:Seed:Users:5:Tenant"] = "demo",
        ["Identity:Seed:Users:5:Roles:0"] = "person",
        ["Identity:Seed:Users:6:Email"] = AskingMenteeEmail,
        ["Identity:Seed:Users:6:Password"] = WorkPassword,
        ["Identity:Seed:Users:6:Tenant"] = "demo",
        ["Identity:Seed:Users:6:Roles:0"] = "person",
        ["Identity:Seed:Users:7:Email"] = AskedMentorEmail,
        ["Identity:Seed:Users:7:Password"] = WorkPassword,
        ["Identity:Seed:Users:7:Tenant"] = "demo",
        ["Identity:Seed:Users:7:Roles:0"] = "person",
    })
{
    public new const string Collection = "admin spa platform";
    public const string SecondPersonEmail = "grace@demo.example";
    public const string SecondPersonPassword = "dev-only-grace";

    /// <summary>The pair of RelationshipWorkTests (and only theirs), so no other test depends on their data.</summary>
    public const string WorkMentorEmail = "linus@demo.example";
    public const string WorkMenteeEmail = "mary@demo.example";
    public const string WorkPassword = "dev-only-pair";

    /// <summary>The person of MyOwnPagesTests (and only theirs).</summary>
    public const string OwnPagesEmail = "katherine@demo.example";

    /// <summary>The mentee and the mentor of MentorRequestsPageTests (and only theirs).</summary>
    public const string AskingMenteeEmail = "hedy@demo.example";
    public const string AskedMentorEmail = "alan@demo.example";

    public static string DistFolder => Path.Combine(Repository.Root(), "web", "admin", "dist");

    public Uri AdminUrl => new(GatewayOrigin, "/admin/");
}

[CollectionDefinition(AdminSpaPlatform.Collection)]
public sealed class AdminSpaPlatformCollection : ICollectionFixture<AdminSpaPlatform>;
