using Mentoring.Identity.People;
using Mentoring.Identity.Data;
using Mentoring.Identity.Seeding;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Mentoring.Identity.Connect;

/// <summary>
/// POST /connect/token, after OpenIddict has authenticated the client and validated the request
/// (grant type and scope permissions, PKCE verifier, code/refresh token): decides the claims.
/// </summary>
public static class TokenEndpoint
{
    public static async Task<IResult> HandleAsync(
        HttpContext http, IOpenIddictApplicationManager applications, IdentityDbContext db, IdentityOptions options, PersonLinks people)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("not an OpenID Connect request");
        var ct = http.RequestAborted;
        var clientId = request.ClientId ?? "";
        var application = await applications.FindByClientIdAsync(clientId, ct);
        var tenant = application is null ? null : await ClientTenant.GetAsync(applications, application, ct);
        if (tenant is null)
            return Reject(Errors.InvalidClient, "The client is not registered with an organisation.");

        if (request.IsClientCredentialsGrantType())
            return Results.SignIn(TokenClaims.ForClient(clientId, tenant, request.GetScopes(), options.Audience),
                authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            // The principal stored in the code or refresh token: reload the user so that a removed
            // user, or changed roles, take effect at the next refresh.
            var stored = (await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
            var user = Guid.TryParse(stored?.GetClaim(Claims.Subject), out var id) ? await db.Users.FindAsync([id], ct) : null;
            if (stored is null || user is null)
                return Reject(Errors.InvalidGrant, "The token is no longer valid.");
            if (user.Tenant != tenant)
                return Reject(Errors.InvalidGrant, "The user does not belong to the client's organisation.");
            return Results.SignIn(TokenClaims.ForUser(user, await people.PersonOfAsync(user, ct), clientId, stored.GetScopes(), options.Audience),
                authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        return Reject(Errors.UnsupportedGrantType, "The grant type is not supported.");
    }

    public static IResult Reject(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
