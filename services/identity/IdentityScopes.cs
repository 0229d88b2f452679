using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Mentoring.Identity;

/// <summary>The scopes this server knows.</summary>
public static class IdentityScopes
{
    /// <summary>The platform API's scopes, one read/write pair per service plus events and reporting.</summary>
    public static readonly IReadOnlySet<string> Api = new HashSet<string>(StringComparer.Ordinal)
    {
        "profile.read", "profile.write",
        "matching.read", "matching.write",
        "scheduling.read", "scheduling.write",
        "feedback.read", "feedback.write",
        "events.read", "events.write",
        "reporting.read",
    };

    /// <summary>Everything registered with the server: the API scopes, <c>openid</c> and <c>offline_access</c>.</summary>
    public static string[] All => [Scopes.OpenId, Scopes.OfflineAccess, .. Api.Order(StringComparer.Ordinal)];
}
