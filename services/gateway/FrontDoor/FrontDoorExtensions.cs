using Mentoring.BuildingBlocks.Hosting;

namespace Mentoring.Gateway.FrontDoor;

/// <summary>
/// Everything a request meets before it is routed, in this order: the forwarded headers of a
/// trusted proxy in front (none by default), security headers and its request id (so every
/// response carries both), CORS (preflights end here, rejections stay readable by the SPA), the
/// bearer token, the per-client rate limit (with its RateLimit headers), authorization (every
/// service route requires a valid token), then the body limits. Configuration section
/// <c>Gateway</c> (<see cref="GatewayOptions"/>).
/// </summary>
public static class FrontDoorExtensions
{
    public static GatewayOptions AddFrontDoor(this WebApplicationBuilder builder)
    {
        var options = GatewayOptions.From(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            SecurityHeaders.ConfigureKestrel(kestrel);
            RequestBodyLimits.ConfigureKestrel(kestrel, options.RequestLimits);
        });
        builder.Services.AddAdminSpaCors(options.Cors);
        builder.Services.AddClientRateLimiting(options.RateLimit);
        return options;
    }

    /// <summary>
    /// Call right after <c>Build()</c>. The bearer token is read before the rate limiter (which
    /// partitions by client) and enforced after it (routes declare their authorization policy), so
    /// anonymous floods are limited too.
    /// </summary>
    public static WebApplication UseFrontDoor(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<GatewayOptions>();
        app.UseTrustedForwardedHeaders(options.ForwardedHeaders, GatewayOptions.ForwardedHeadersSection, trustLoopbackByDefault: false);
        app.UseSecurityHeaders(options.SecurityHeaders);
        app.UseRequestIds();
        app.UseAdminSpaCors();
        app.UseAuthentication();
        app.UseClientRateLimits();
        app.UseAuthorization();
        app.UseRequestBodyLimits(options.RequestLimits);
        return app;
    }
}
