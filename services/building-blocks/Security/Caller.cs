using System.Security.Claims;

namespace Mentoring.BuildingBlocks.Security;

public enum CallerKind
{
    /// <summary>A programme administrator (user token with role <c>administrator</c>).</summary>
    Administrator,
    /// <summary>A person using the platform: mentor and/or mentee (user token with role <c>person</c>).</summary>
    Person,
    /// <summary>An application acting for itself by client credentials: partner apps, the reporting job.</summary>
    Client,
    /// <summary>A user token with neither role: no policy allows it (never mistaken for an application).</summary>
    Unrecognised,
}

/// <summary>Who calls, read from the validated access token. Claim names follow the platform's token server.</summary>
public sealed record Caller(string Subject, string Tenant, CallerKind Kind, IReadOnlySet<string> Scopes, string? Person)
{
    public const string TenantClaim = "tenant";
    public const string RoleClaim = "role";
    public const string ScopeClaim = "scope";
    public const string PersonClaim = "person";
    public const string AdministratorRole = "administrator";
    public const string PersonRole = "person";

    /// <summary>The caller of an authenticated principal, or null when the token lacks what every caller needs.</summary>
    public static Caller? From(ClaimsPrincipal principal)
    {
        var subject = principal.FindFirst("sub")?.Value;
        var tenant = principal.FindFirst(TenantClaim)?.Value;
        if (string.IsNullOrEmpty(subject) || string.IsNullOrEmpty(tenant)) return null;

        var roles = principal.FindAll(RoleClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        // An application's own token (client credentials) has the client as its subject; anything else is a user's.
        var clientId = principal.FindFirst("client_id")?.Value ?? principal.FindFirst("azp")?.Value;
        var kind = roles.Contains(AdministratorRole) ? CallerKind.Administrator
            : roles.Contains(PersonRole) ? CallerKind.Person
            : clientId is not null && string.Equals(clientId, subject, StringComparison.Ordinal) ? CallerKind.Client
            : CallerKind.Unrecognised;
        var scopes = principal.FindAll(ScopeClaim)
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.Ordinal);
        return new Caller(subject, tenant, kind, scopes, principal.FindFirst(PersonClaim)?.Value);
    }
}
