using Mentoring.Identity.People;
using Mentoring.Identity.Data;
using Mentoring.Identity.Login;
using Mentoring.Identity.Seeding;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Mentoring.Identity.Connect;

/// <summary>
/// GET/POST /connect/authorize, after OpenIddict has validated the request (client, redirect
/// URI, response type, scopes, PKCE challenge): signs the user in through the login page when
/// needed, then issues the authorization code.
/// </summary>
public static class AuthorizeEndpoint
{
    public static async Task<IResult> HandleAsync(
        HttpContext http, IOpenIddictApplicationManager applications, IdentityDbContext db, IdentityOptions options, PersonLinks people)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("not an OpenID Connect request");
        var ct = http.RequestAborted;
        var session = await http.AuthenticateAsync(LoginEndpoints.Scheme);

        var mustLogin = !session.Succeeded
            || request.HasPromptValue(PromptValues.Login)
            || (request.MaxAge is { } maxAge && session.Properties?.IssuedUtc is { } issued
                && DateTimeOffset.UtcNow - issued > TimeSpan.FromSeconds(maxAge));
        var user = mustLogin ? null
            : Guid.TryParse(session.Principal?.GetClaim(Claims.Subject), out var id) ? await db.Users.FindAsync([id], ct) : null;

        if (user is null)
        {
            if (request.HasPromptValue(PromptValues.None))
                return Reject(Errors.LoginRequired, "The user is not logged in.");
            // Back to this request after the login page, without prompt=login (or it would loop).
            var parameters = (http.Request.HasFormContentType ? http.Request.Form.AsEnumerable() : http.Request.Query)
                .Where(p => p.Key != Parameters.Prompt)
                .Select(p => KeyValuePair.Create(p.Key, p.Value));
            var returnTo = http.Request.PathBase + http.Request.Path + QueryString.Create(parameters);
            return Results.Challenge(new AuthenticationProperties { RedirectUri = returnTo }, [LoginEndpoints.Scheme]);
        }

        var application = await applications.FindByClientIdAsync(request.ClientId ?? "", ct);
        var tenant = application is null ? null : await ClientTenant.GetAsync(applications, application, ct);
        if (tenant is null || tenant != user.Tenant)
            return Reject(Errors.AccessDenied, "The user does not belong to the client's organisation.");

        return Results.SignIn(TokenClaims.ForUser(user, await people.PersonOfAsync(user, ct), request.ClientId!, request.GetScopes(), options.Audience),
            authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Reject(string error, string description) => TokenEndpoint.Reject(error, description);
}
