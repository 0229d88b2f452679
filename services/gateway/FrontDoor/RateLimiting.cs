using System.Globalization;
using System.Security.Claims;

namespace Mentoring.Gateway.FrontDoor;

/// <summary>
/// A token bucket per client (<c>Gateway:RateLimit</c>, <see cref="ClientRateLimiter"/>). The client is
/// the authenticated caller (claim <c>client_id</c>, else <c>sub</c>) when there is one, else the remote
/// IP address. Every response tells the client where it stands, with the IETF RateLimit headers
/// (gRPC: the same as response metadata): <c>RateLimit-Limit</c> (the bucket), <c>RateLimit-Remaining</c>,
/// <c>RateLimit-Reset</c> (seconds until the bucket is full again) and <c>RateLimit-Policy</c>
/// (<c>1000;w=10</c>: 1000 requests, refilled over 10 s). REST callers over the limit get 429 with
/// <c>Retry-After</c> (seconds until the next request is allowed) and a problem-details body; gRPC
/// callers get RESOURCE_EXHAUSTED with the same metadata. Health (HTTP and gRPC) is never limited.
/// </summary>
public static class RateLimiting
{
    public const string LimitHeader = "RateLimit-Limit";
    public const string RemainingHeader = "RateLimit-Remaining";
    public const string ResetHeader = "RateLimit-Reset";
    public const string PolicyHeader = "RateLimit-Policy";

    public static IServiceCollection AddClientRateLimiting(this IServiceCollection services, RateLimitOptions limits) =>
        services.AddSingleton(_ => new ClientRateLimiter(limits, TimeProvider.System));

    /// <summary>After authentication (the client is known) and before authorization (anonymous floods count too).</summary>
    public static IApplicationBuilder UseClientRateLimits(this IApplicationBuilder app)
    {
        var limiter = app.ApplicationServices.GetRequiredService<ClientRateLimiter>();
        return app.Use(async (http, next) =>
        {
            if (IsExempt(http.Request.Path))
            {
                await next(http);
                return;
            }
            var decision = limiter.Acquire(ClientKey(http));
            http.Response.OnStarting(() =>
            {
                // Set when the response starts, so they replace whatever a destination sent.
                WriteHeaders(http.Response.Headers, limiter, decision);
                return Task.CompletedTask;
            });
            if (decision.Allowed) await next(http);
            else await RejectAsync(http, decision);
        });
    }

    /// <summary>HTTP and gRPC health: probes must never be turned away.</summary>
    public static bool IsExempt(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/grpc.health.v1.Health");

    /// <summary>The bucket's key: who is calling.</summary>
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

    public static void WriteHeaders(IHeaderDictionary headers, ClientRateLimiter limiter, RateLimitDecision decision)
    {
        headers[LimitHeader] = Number(limiter.Limit);
        headers[RemainingHeader] = Number(decision.Remaining);
        headers[ResetHeader] = Number(CeilingSeconds(decision.ResetAfter));
        headers[PolicyHeader] = limiter.Policy;
    }

    /// <summary>Whole seconds until the next request is allowed, at least 1.</summary>
    public static int RetryAfterSeconds(RateLimitDecision decision) => Math.Max(1, CeilingSeconds(decision.RetryAfter));

    private static int CeilingSeconds(TimeSpan t) => (int)Math.Ceiling(Math.Max(0, t.TotalSeconds) - 1e-9);

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static Task RejectAsync(HttpContext http, RateLimitDecision decision)
    {
        var seconds = RetryAfterSeconds(decision);
        http.Response.Headers.RetryAfter = Number(seconds);
        if (GrpcErrors.IsGrpc(http.Request))
            return GrpcErrors.WriteTrailersOnlyAsync(http.Response, GrpcErrors.ResourceExhausted,
                $"Rate limit exceeded; retry after {seconds} s");
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests",
            detail: $"Rate limit exceeded; retry after {seconds} s.",
            type: "https://www.rfc-editor.org/rfc/rfc6585#section-4",
            extensions: new Dictionary<string, object?> { ["requestId"] = RequestIds.Of(http) })
            .ExecuteAsync(http);
    }
}

/// <summary>What one request was told: allowed or not, and the client's bucket right after it.</summary>
/// <param name="Remaining">Whole requests left in the bucket.</param>
/// <param name="ResetAfter">Until the bucket is full again.</param>
/// <param name="RetryAfter">Until the next request is allowed (zero when one is).</param>
public readonly record struct RateLimitDecision(bool Allowed, int Remaining, TimeSpan ResetAfter, TimeSpan RetryAfter);

/// <summary>
/// One token bucket per client key, kept by the gateway itself so that each answer can say how many
/// requests remain (ASP.NET's partitioned limiters do not tell). A bucket holds
/// <see cref="RateLimitOptions.PermitLimit"/> tokens and refills continuously, computed from the time
/// elapsed (no timers). A bucket that is full again says nothing a new one would not, so it is
/// forgotten at the next sweep (at most once per window); beyond <see cref="RateLimitOptions.MaxClients"/>
/// tracked clients, new ones share one overflow bucket.
/// </summary>
public sealed class ClientRateLimiter
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Bucket> buckets = new(StringComparer.Ordinal);
    private readonly TimeProvider time;
    private readonly double tokensPerTick;
    private readonly long sweepEveryTicks;
    private readonly int maxClients;
    private readonly Bucket overflow;
    private long nextSweep;
    private int sweeping;

    public ClientRateLimiter(RateLimitOptions options, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PermitLimit, 1);
        if (options.Window <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), "the window must be positive");
        this.time = time;
        Limit = options.PermitLimit;
        Window = options.Window;
        maxClients = options.MaxClients;
        PermitsPerSecond = Limit / Window.TotalSeconds;
        tokensPerTick = PermitsPerSecond / time.TimestampFrequency;
        sweepEveryTicks = (long)(Window.TotalSeconds * time.TimestampFrequency);
        var now = time.GetTimestamp();
        overflow = new Bucket(Limit, now);
        nextSweep = now + sweepEveryTicks;
        Policy = $"{Limit.ToString(CultureInfo.InvariantCulture)};w={Math.Ceiling(Window.TotalSeconds).ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The bucket's size: requests at once.</summary>
    public int Limit { get; }

    /// <summary>Time to refill an empty bucket.</summary>
    public TimeSpan Window { get; }

    /// <summary>The sustained rate.</summary>
    public double PermitsPerSecond { get; }

    /// <summary>The <c>RateLimit-Policy</c> header value: <c>{limit};w={window seconds}</c>.</summary>
    public string Policy { get; }

    /// <summary>Clients tracked now.</summary>
    public int TrackedClients => buckets.Count;

    /// <summary>Takes one token from the client's bucket if there is one.</summary>
    public RateLimitDecision Acquire(string client)
    {
        var now = time.GetTimestamp();
        SweepIfDue(now);
        while (true)
        {
            var bucket = BucketOf(client, now);
            lock (bucket)
            {
                if (bucket.Forgotten) continue; // swept away just now: take a fresh one
                bucket.Refill(now, tokensPerTick, Limit);
                var allowed = bucket.Tokens >= 1;
                if (allowed) bucket.Tokens -= 1;
                return new RateLimitDecision(
                    allowed,
                    (int)Math.Floor(bucket.Tokens + 1e-9),
                    TimeSpan.FromSeconds((Limit - bucket.Tokens) / PermitsPerSecond),
                    allowed ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - bucket.Tokens) / PermitsPerSecond));
            }
        }
    }

    private Bucket BucketOf(string client, long now)
    {
        if (buckets.TryGetValue(client, out var bucket)) return bucket;
        if (buckets.Count >= maxClients) return overflow;
        return buckets.GetOrAdd(client, static (_, state) => new Bucket(state.Limit, state.now), (Limit, now));
    }

    private void SweepIfDue(long now)
    {
        if (now < Volatile.Read(ref nextSweep) || Interlocked.Exchange(ref sweeping, 1) == 1) return;
        try
        {
            foreach (var (key, bucket) in buckets)
            {
                lock (bucket)
                {
                    bucket.Refill(now, tokensPerTick, Limit);
                    if (bucket.Tokens < Limit) continue;
                    bucket.Forgotten = true;
                    buckets.TryRemove(new KeyValuePair<string, Bucket>(key, bucket));
                }
            }
            Volatile.Write(ref nextSweep, now + sweepEveryTicks);
        }
        finally
        {
            Volatile.Write(ref sweeping, 0);
        }
    }

    private sealed class Bucket(double tokens, long stamp)
    {
        public double Tokens = tokens;
        public bool Forgotten;
        private long stamp = stamp;

        public void Refill(long now, double tokensPerTick, int limit)
        {
            if (now <= stamp) return;
            Tokens = Math.Min(limit, Tokens + (now - stamp) * tokensPerTick);
            stamp = now;
        }
    }
}
