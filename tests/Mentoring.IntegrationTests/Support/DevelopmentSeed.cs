using System.Text.Json;

namespace Mentoring.IntegrationTests.Support;

/// <summary>
/// The development seed of services/identity (appsettings.Development.json), as
/// <see cref="FrontDoorPlatform"/> runs it: its admin SPA client is registered for the gateway on
/// port 8080, the test gateway listens elsewhere.
/// </summary>
public static class DevelopmentSeed
{
    public const string SpaClient = "admin-spa";

    public static string IdentityContentRoot => Path.Combine(Apps.RepositoryRoot(), "services", "identity");

    /// <summary>Settings adding the SPA's callback and signed-out page on <paramref name="origin"/> to the seeded <c>admin-spa</c>, keeping the seeded ones.</summary>
    public static Dictionary<string, string?> SpaRedirectSettings(string origin)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(IdentityContentRoot, "appsettings.Development.json")));
        var clients = json.RootElement.GetProperty("Identity").GetProperty("Seed").GetProperty("Clients").EnumerateArray().ToList();
        var index = clients.FindIndex(c => c.GetProperty("ClientId").GetString() == SpaClient);
        if (index < 0) throw new InvalidOperationException($"the development seed has no client {SpaClient}");
        var prefix = $"Identity:Seed:Clients:{index}:";
        return new Dictionary<string, string?>
        {
            [$"{prefix}RedirectUris:{clients[index].GetProperty("RedirectUris").GetArrayLength()}"] = origin + "/admin/callback",
            [$"{prefix}PostLogoutRedirectUris:{clients[index].GetProperty("PostLogoutRedirectUris").GetArrayLength()}"] = origin + "/admin/",
        };
    }
}
