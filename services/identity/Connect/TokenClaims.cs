using System.Security.Claims;
using Mentoring.Identity.Data;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Mentoring.Identity.Connect;

/// <summary>
/// Builds the principal behind every token. Access tokens (JWT, signed, not encrypted) carry:
/// <c>sub</c> (user id, or the client id for client credentials), <c>client_id</c>,
/// <c>tenant</c>, <c>scope</c> (space-separated), <c>aud</c> = the API audience, one <c>role</c>
/// per role and <c>person</c> when the user is linked to a person. Identity tokens repeat the
/// user claims.
/// </summary>
public static class TokenClaims
{
    public const string Tenant = "tenant";
    public const string Person = "person";

    public static ClaimsPrincipal ForClient(string clientId, string tenant, IEnumerable<string> scopes, string audience)
    {
        var identity = NewIdentity();
        identity.SetClaim(Claims.Subject, clientId)
            .SetClaim(Claims.ClientId, clientId)
            .SetClaim(Tenant, tenant);
        return Finish(identity, scopes, audience);
    }

    /// <param name="person">The person the user is (<see cref="People.PersonLinks"/>), if any.</param>
    public static ClaimsPrincipal ForUser(UserAccount user, string? person, string clientId, IEnumerable<string> scopes, string audience)
    {
        var identity = NewIdentity();
        identity.SetClaim(Claims.Subject, user.Id.ToString())
            .SetClaim(Claims.ClientId, clientId)
            .SetClaim(Tenant, user.Tenant)
            .SetClaim(Claims.Email, user.Email)
            .SetClaim(Claims.Name, user.Email)
            .SetClaims(Claims.Role, [.. user.Roles]);
        if (person is { Length: > 0 }) identity.SetClaim(Person, person);
        return Finish(identity, scopes, audience);
    }

    private static ClaimsIdentity NewIdentity() =>
        new(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);

    private static ClaimsPrincipal Finish(ClaimsIdentity identity, IEnumerable<string> scopes, string audience)
    {
        identity.SetScopes(scopes);
        identity.SetResources(audience);
        identity.SetDestinations(Destinations);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>OpenIddict copies a claim into a token only when the claim names that token as a destination.</summary>
    private static IEnumerable<string> Destinations(Claim claim) => claim.Type switch
    {
        Claims.Subject or Tenant or Claims.Role or Person or Claims.Email or Claims.Name
            => [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken],
        Claims.ClientId => [OpenIddictConstants.Destinations.AccessToken],
        _ => [],
    };
}
