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

    public static GatewayOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<GatewayOptions>() ?? new GatewayOptions();
        options.Validate();
        return options;
    }

    private void Validate()
    {
        if (RateLimit.PermitLimit < 1) throw Invalid("RateLimit:PermitLimit", "must be at least 1");
        if (RateLimit.Window <= TimeSpan.Zero) throw Invalid("RateLimit:Window", "must be positive");
        if (RateLimit.QueueLimit < 0) throw Invalid("RateLimit:QueueLimit", "must not be negative");
        if (Cors.AllowedOrigins?.Any(o => !Uri.TryCreate(o, UriKind.Absolute, out _)) == true)
            throw Invalid("Cors:AllowedOrigins", "must be absolute origins such as http://localhost:8080");
    }

    private static InvalidOperationException Invalid(string key, string why) => new($"{Section}:{key} {why}");
}

/// <summary><c>Gateway:RateLimit</c>: a fixed window of permits per client (see <see cref="RateLimiting"/>).</summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests a client may make per window.</summary>
    public int PermitLimit { get; set; } = 100;

    /// <summary>Length of the window; a rejected client is told to retry after it.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests over the limit that wait for the next window instead of being rejected.</summary>
    public int QueueLimit { get; set; }
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
        ["x-request-id", "retry-after", "etag", "grpc-status", "grpc-message"];
}

/// <summary><c>Gateway:SecurityHeaders</c>: headers set on every response (see <see cref="SecurityHeaders"/>).</summary>
public sealed class SecurityHeaderOptions
{
    public string ContentSecurityPolicy { get; set; } = "default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'";

    public string PermissionsPolicy { get; set; } = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    /// <summary>Sent only on HTTPS requests.</summary>
    public string StrictTransportSecurity { get; set; } = "max-age=31536000; includeSubDomains";
}
