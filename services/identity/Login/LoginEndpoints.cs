using System.Net;
using System.Security.Claims;
using Mentoring.Identity.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Mentoring.Identity.Login;

/// <summary>
/// The minimal server-rendered login page used by /connect/authorize: an HTML form protected
/// by an antiforgery token; a correct e-mail and password start a cookie session (the login
/// session of this server, not a token) and return to the authorization request.
/// </summary>
public static class LoginEndpoints
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string Path = "/account/login";
    private const string ReturnUrlField = "ReturnUrl";

    public static void Map(WebApplication app)
    {
        app.MapGet(Path, (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
            Page(http, antiforgery, SafeReturnUrl(returnUrl), email: "", error: null));
        app.MapPost(Path, SubmitAsync);
        // A stylesheet of its own, not inline: the gateway's Content-Security-Policy (default-src 'self') allows only that.
        app.MapGet(StylesheetPath, (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(Stylesheet, "text/css; charset=utf-8");
        });
    }

    public const string StylesheetPath = "/account/login.css";

    private const string Stylesheet = """
        body { font-family: system-ui, sans-serif; display: grid; place-items: center; min-height: 90vh; margin: 0; background: #f5f6f8; }
        form { background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; width: 20rem; }
        label { display: block; margin-top: 1rem; font-size: .9rem; }
        input[type=email], input[type=password] { width: 100%; box-sizing: border-box; padding: .5rem; margin-top: .25rem; }
        button { margin-top: 1.5rem; width: 100%; padding: .6rem; }
        .error { color: #b00020; margin-top: 1rem; }
        """;

    private static async Task<IResult> SubmitAsync(
        HttpContext http, IAntiforgery antiforgery, IdentityDbContext db, IPasswordHasher<UserAccount> hasher)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return Results.BadRequest("The form expired or was not sent by this site; reload the login page.");
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var email = UserAccount.NormalizeEmail(form["email"].ToString());
        var password = form["password"].ToString();
        var returnUrl = SafeReturnUrl(form[ReturnUrlField]);

        var user = email.Length == 0 ? null : await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Email == email, http.RequestAborted);
        // Hash even for an unknown e-mail, so the answer time does not tell which e-mails exist.
        if (user is null) hasher.VerifyHashedPassword(Nobody, NobodyHash, password);
        if (user is null || hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed)
            return Page(http, antiforgery, returnUrl, email, "Unknown e-mail or wrong password.", HttpStatusCode.OK);

        var identity = new ClaimsIdentity(Scheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, user.Id.ToString()));
        identity.AddClaim(new Claim(Claims.Name, user.Email));
        await http.SignInAsync(Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
        return Results.Redirect(returnUrl);
    }

    private static readonly UserAccount Nobody = new();
    private static readonly string NobodyHash = new PasswordHasher<UserAccount>().HashPassword(Nobody, Guid.NewGuid().ToString());

    /// <summary>Only a local path may follow the login (no open redirect).</summary>
    private static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
            ? url : "/";

    private static IResult Page(HttpContext http, IAntiforgery antiforgery, string returnUrl, string email, string? error,
        HttpStatusCode status = HttpStatusCode.OK)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var html = $$"""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Sign in · Mentoring</title>
              <link rel="stylesheet" href="{{E(http.Request.PathBase + StylesheetPath)}}">
            </head>
            <body>
              <form method="post" action="{{E(http.Request.PathBase + Path)}}">
                <h1>Sign in</h1>
                {{(error is null ? "" : $"<p class=\"error\" role=\"alert\">{E(error)}</p>")}}
                <input type="hidden" name="{{E(tokens.FormFieldName)}}" value="{{E(tokens.RequestToken)}}">
                <input type="hidden" name="{{ReturnUrlField}}" value="{{E(returnUrl)}}">
                <label>E-mail <input type="email" name="email" value="{{E(email)}}" autocomplete="username" required autofocus></label>
                <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
                <button type="submit">Sign in</button>
              </form>
            </body>
            </html>
            """;
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Frame-Options"] = "DENY";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: (int)status);
    }
}
