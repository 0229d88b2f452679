using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mentoring.Gateway.FrontDoor;

/// <summary>
/// Security headers on every response the gateway sends, its own and proxied ones alike (set when
/// the response starts, so they replace whatever a destination sent), HSTS only over HTTPS, and no
/// <c>Server</c> header (<c>Gateway:SecurityHeaders</c>).
/// </summary>
public static class SecurityHeaders
{
    private const string PolicyOverride = "Mentoring.Gateway.ContentSecurityPolicy";

    public static void ConfigureKestrel(KestrelServerOptions kestrel) => kestrel.AddServerHeader = false;

    /// <summary>Replaces the configured Content-Security-Policy on this one response (the API reference page needs a looser one).</summary>
    public static void UseContentSecurityPolicy(HttpContext http, string policy) => http.Items[PolicyOverride] = policy;

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, SecurityHeaderOptions options) =>
        app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers.ContentSecurityPolicy = http.Items[PolicyOverride] as string ?? options.ContentSecurityPolicy;
                headers["Permissions-Policy"] = options.PermissionsPolicy;
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                if (http.Request.IsHttps) headers.StrictTransportSecurity = options.StrictTransportSecurity;
                else headers.Remove("Strict-Transport-Security");
                headers.Remove("Server");
                return Task.CompletedTask;
            });
            return next(http);
        });
}
