using Mentoring.Identity.People;
using Mentoring.Identity.Data;
using Mentoring.Identity.Login;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Mentoring.Identity.Connect;

/// <summary>/connect/logout (end session) and /connect/userinfo.</summary>
public static class SessionEndpoints
{
    /// <summary>Ends the login session, then OpenIddict redirects to the validated post_logout_redirect_uri (or "/").</summary>
    public static async Task<IResult> EndSessionAsync(HttpContext http)
    {
        await http.SignOutAsync(LoginEndpoints.Scheme);
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" },
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    /// <summary>The claims of the access token's subject (validated by OpenIddict).</summary>
    public static async Task<IResult> UserInfoAsync(HttpContext http, IdentityDbContext db, PersonLinks people)
    {
        var principal = (await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
        if (principal is null)
            return Results.Challenge(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

        var claims = new Dictionary<string, object?>
        {
            [Claims.Subject] = principal.GetClaim(Claims.Subject),
            [TokenClaims.Tenant] = principal.GetClaim(TokenClaims.Tenant),
        };
        if (Guid.TryParse(principal.GetClaim(Claims.Subject), out var id) && await db.Users.FindAsync([id], http.RequestAborted) is { } user)
        {
            claims[Claims.Email] = user.Email;
            claims[Claims.Role] = user.Roles;
            if (await people.PersonOfAsync(user, http.RequestAborted) is { } person) claims[TokenClaims.Person] = person;
        }
        return Results.Json(claims);
    }
}
