using Mentoring.BuildingBlocks.Hosting;

namespace Mentoring.Gateway.FrontDoor;

/// <summary>
/// Configuration section <c>Gateway</c>: how the front door treats every request before it is
/// routed. Every value has a default; appsettings.json spells them out.
/// </summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    public RateLimitOptions RateLimit { get; set; } = new();
    public RequestLimitOptions RequestLimits { get; set; } = new();
    public CorsOptions Cors { get; set; } = new();
    public SecurityHeaderOptions SecurityHeaders { get; set; } = new();

    /// <summary>
    /// Answer gRPC reflection (for grpcurl and the like) for every service behind the gateway. Always
    /// on in Development; elsewhere when this or <c>Service:EnableReflection</c> is true, as in the services.
    /// </summary>
    public bool EnableReflection { get; set; }

    /// <summary>
    /// The proxies in front of the gateway (an ingress) whose <c>X-Forwarded-*</c> headers it believes:
    /// the client's address (its rate limit), scheme and host, passed on to the services and identity.
    /// Default: none, the gateway is the front door.
    /// </summary>
    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    public const string ForwardedHeadersSection = Section + ":ForwardedHeaders";

    public static GatewayOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<GatewayOptions>() ?? new GatewayOptions();
        options.Validate();
        return options;
    }

    private void Validate()
    {
        if (RateLimit.PermitLimit < 1) throw Invalid("RateLimit:PermitLimit", "must be at least 1");
        if (RateLimit.Window < TimeSpan.FromSeconds(1)) throw Invalid("RateLimit:Window", "must be at least one second");
        if (RateLimit.MaxClients < 1) throw Invalid("RateLimit:MaxClients", "must be at least 1");
        _ = ForwardedHeaders.ToOptions(ForwardedHeadersSection, trustLoopbackByDefault: false); // refuses bad addresses at start-up
        if (Cors.AllowedOrigins?.Any(o => !Uri.TryCreate(o, UriKind.Absolute, out _)) == true)
            throw Invalid("Cors:AllowedOrigins", "must be absolute origins such as http://localhost:8080");
    }

    private static InvalidOperationException Invalid(string key, string why) => new($"{Section}:{key} {why}");
}

/// <summary>
/// <c>Gateway:RateLimit</c>: a token bucket per client (see <see cref="RateLimiting"/>). A client may
/// send <see cref="PermitLimit"/> requests at once; the bucket refills continuously at
/// <see cref="PermitLimit"/> per <see cref="Window"/>, so that is also the sustained rate. Clients read
/// it as <c>RateLimit-Policy: {PermitLimit};w={Window in seconds}</c>. Default 1000 per 10 s: bursts of
/// 1,000 requests, 100 requests per second sustained.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>The bucket: requests a client may send at once, and per <see cref="Window"/> sustained.</summary>
    public int PermitLimit { get; set; } = 1000;

    /// <summary>How long an empty bucket takes to refill completely (at least one second).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Clients tracked at once. A client whose bucket is full again is forgotten; past this many, new
    /// clients share one bucket until some are forgotten (so a flood of addresses cannot exhaust memory).
    /// </summary>
    public int MaxClients { get; set; } = 100_000;
}

/// <summary><c>Gateway:RequestLimits</c>: request body sizes in bytes; 0 or less means no limit.</summary>
public sealed class RequestLimitOptions
{
    /// <summary>REST (and any other non-gRPC) request bodies; Kestrel's server-wide limit. Default 1 MiB.</summary>
    public long MaxRequestBodySize { get; set; } = 1024 * 1024;

    /// <summary>
    /// The whole body of one gRPC request (every message of a stream together). YARP lifts Kestrel's
    /// limit for gRPC so that streams can run long; the gateway counts the bytes itself. Default 4 MiB,
    /// gRPC's default maximum message size.
    /// </summary>
    public long MaxGrpcRequestBodySize { get; set; } = 4 * 1024 * 1024;
}

/// <summary><c>Gateway:Cors</c>: the browser origins (the admin SPA) that may call the REST API.</summary>
public sealed class CorsOptions
{
    /// <summary>Null means the defaults; lists replace (not extend) the defaults.</summary>
    public string[]? AllowedOrigins { get; set; }

    public string[]? AllowedHeaders { get; set; }

    public string[]? ExposedHeaders { get; set; }

    public TimeSpan PreflightMaxAge { get; set; } = TimeSpan.FromMinutes(10);

    public static readonly string[] DefaultOrigins = ["http://127.0.0.1:8080", "http://localhost:8080"];

    public static readonly string[] DefaultAllowedHeaders =
        ["authorization", "content-type", "x-request-id", "idempotency-key", "x-tenant-id"];

    public static readonly string[] DefaultExposedHeaders =
        ["x-request-id", "retry-after", "etag", "grpc-status", "grpc-message",
         "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "ratelimit-policy"];
}

/// <summary><c>Gateway:SecurityHeaders</c>: headers set on every response (see <see cref="SecurityHeaders"/>).</summary>
public sealed class SecurityHeaderOptions
{
    public string ContentSecurityPolicy { get; set; } = "default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'";

    public string PermissionsPolicy { get; set; } = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    /// <summary>Sent only on HTTPS requests.</summary>
    public string StrictTransportSecurity { get; set; } = "max-age=31536000; includeSubDomains";
}
