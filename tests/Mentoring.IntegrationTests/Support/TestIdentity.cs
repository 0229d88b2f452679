using System.Collections.Concurrent;

namespace Mentoring.IntegrationTests.Support;

/// <summary>
/// One real token server per test process (the identity service on its own database), seeded for
/// the organisations <c>acme</c> and <c>globex</c>. Services under test accept its tokens; tests
/// get tokens the way clients do (client credentials; authorization code + PKCE for people).
/// </summary>
public static class TestIdentity
{
    public const string Acme = "acme";
    public const string Globex = "globex";

    private static readonly Lazy<Task<IdentityServer>> Server = new(async () =>
        await IdentityServer.StartAsync(await Databases.FreshAsync(), [Acme, Globex]));

    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Tokens = new();

    public static Task<IdentityServer> ServerAsync() => Server.Value;

    /// <summary>What a service or the gateway needs to accept the test tokens.</summary>
    public static async Task<Dictionary<string, string?>> ResourceServerSettingsAsync() => new()
    {
        ["Authentication:Authority"] = (await ServerAsync()).Issuer,
        ["Authentication:RequireHttpsMetadata"] = "false",
    };

    public static async Task<TestTenant> TenantAsync(string tenant) => (await ServerAsync()).Tenant(tenant);

    /// <summary>A partner app of the tenant (client credentials) with every API scope.</summary>
    public static Task<string> PartnerAsync(string tenant = Acme) => Cached($"partner/{tenant}", async server =>
    {
        var t = server.Tenant(tenant);
        return await server.ClientCredentialsTokenAsync(t.PartnerClientId, t.PartnerSecret, IdentityServer.PartnerScopes);
    });

    /// <summary>The tenant's reporting job (client credentials, reporting.read only).</summary>
    public static Task<string> ReportingJobAsync(string tenant = Acme) => Cached($"reporting/{tenant}", async server =>
    {
        var t = server.Tenant(tenant);
        return await server.ClientCredentialsTokenAsync(t.ReportingClientId, t.ReportingSecret, "reporting.read");
    });

    /// <summary>The tenant's programme administrator, signed in to the admin SPA.</summary>
    public static Task<string> AdministratorAsync(string tenant = Acme) => Cached($"admin/{tenant}", async server =>
    {
        var t = server.Tenant(tenant);
        return (await server.UserTokenAsync(t.AdminEmail, t.AdminPassword, SpaScopes)).AccessToken!;
    });

    /// <summary>A person of the tenant (linked to <see cref="TestTenant.Person"/>), signed in to the SPA.</summary>
    public static Task<string> PersonAsync(string tenant = Acme) => Cached($"person/{tenant}", async server =>
    {
        var t = server.Tenant(tenant);
        return (await server.UserTokenAsync(t.PersonEmail, t.PersonPassword, SpaScopes)).AccessToken!;
    });

    /// <summary>
    /// A signed-in person playing <paramref name="role"/> (see <see cref="TestTenant.CastRoles"/>): their token
    /// and their person's name. Each test database registers the person under that name as it needs.
    /// </summary>
    public static async Task<(string Token, string Person)> CastAsync(string role, string tenant = Acme)
    {
        var token = await Cached($"cast/{role}/{tenant}", async server =>
        {
            var t = server.Tenant(tenant);
            return (await server.UserTokenAsync(t.CastEmail(role), t.CastPassword(role), SpaScopes)).AccessToken!;
        });
        return (token, (await TenantAsync(tenant)).Cast[role]);
    }

    private static readonly string[] SpaScopes = IdentityServer.SpaApiScopes;

    private static Task<string> Cached(string key, Func<IdentityServer, Task<string>> get) =>
        Tokens.GetOrAdd(key, _ => new Lazy<Task<string>>(async () => await get(await ServerAsync()))).Value;
}
