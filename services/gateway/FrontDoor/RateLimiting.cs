using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Mentoring.Gateway.FrontDoor;

/// <summary>
/// A fixed window of permits per client (<c>Gateway:RateLimit</c>). The client is the authenticated
/// caller (claim <c>client_id</c>, else <c>sub</c>) when there is one, else the remote IP address.
/// REST callers over the limit get 429 with <c>Retry-After</c> and a problem-details body; gRPC
/// callers get RESOURCE_EXHAUSTED (with <c>retry-after</c> metadata). Health endpoints are never limited.
/// </summary>
public static class RateLimiting
{
    public static IServiceCollection AddClientRateLimiting(this IServiceCollection services, RateLimitOptions limits) =>
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.Request.Path.StartsWithSegments("/healthz")
                    ? RateLimitPartition.GetNoLimiter("healthz")
                    : RateLimitPartition.GetFixedWindowLimiter(ClientKey(http), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.PermitLimit,
                        Window = limits.Window,
                        QueueLimit = limits.QueueLimit,
                        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    }));
            o.OnRejected = (context, _) => RejectAsync(context, limits.Window);
        });

    /// <summary>The partition key: who is calling.</summary>
    public static string ClientKey(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated == true)
        {
            // "sub" arrives as NameIdentifier when the JWT handler maps inbound claims.
            var client = http.User.FindFirst("client_id")?.Value
                ?? http.User.FindFirst("sub")?.Value
                ?? http.User.FindFirst(ClaimTypes.NameIdentifier)?.Value;
            if (!string.IsNullOrEmpty(client)) return "client:" + client;
        }
        var ip = http.Connection.RemoteIpAddress;
        if (ip is { IsIPv4MappedToIPv6: true }) ip = ip.MapToIPv4();
        return "ip:" + (ip?.ToString() ?? "unknown");
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, TimeSpan window)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var http = context.HttpContext;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);

        if (GrpcErrors.IsGrpc(http.Request))
        {
            await GrpcErrors.WriteTrailersOnlyAsync(http.Response, GrpcErrors.ResourceExhausted,
                $"Rate limit exceeded; retry after {seconds} s");
            return;
        }
        await TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests",
            detail: $"Rate limit exceeded; retry after {seconds} s.",
            type: "https://www.rfc-editor.org/rfc/rfc6585#section-4",
            extensions: new Dictionary<string, object?> { ["requestId"] = RequestIds.Of(http) })
            .ExecuteAsync(http);
    }
}
