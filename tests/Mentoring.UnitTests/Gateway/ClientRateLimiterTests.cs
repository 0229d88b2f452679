using Mentoring.Gateway.FrontDoor;

namespace Mentoring.UnitTests.Gateway;

/// <summary>The gateway's per-client token bucket, on a clock the test moves.</summary>
public sealed class ClientRateLimiterTests
{
    private sealed class Clock : TimeProvider
    {
        private long ticks;
        public override long TimestampFrequency => 1_000_000;
        public override long GetTimestamp() => ticks;
        public void Advance(TimeSpan by) => ticks += (long)(by.TotalSeconds * TimestampFrequency);
    }

    private static ClientRateLimiter Limiter(Clock clock, int limit = 10, int windowSeconds = 10, int maxClients = 1000) =>
        new(new RateLimitOptions { PermitLimit = limit, Window = TimeSpan.FromSeconds(windowSeconds), MaxClients = maxClients }, clock);

    [Fact]
    public void A_client_spends_its_whole_bucket_at_once_then_waits_for_the_refill()
    {
        var clock = new Clock();
        var limiter = Limiter(clock); // 10 at once, 1 per second

        var burst = Enumerable.Range(0, 10).Select(_ => limiter.Acquire("a")).ToList();
        var refused = limiter.Acquire("a");

        Assert.All(burst, d => Assert.True(d.Allowed));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => 9 - i), burst.Select(d => d.Remaining));
        Assert.False(refused.Allowed);
        Assert.Equal(0, refused.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(10), refused.ResetAfter);
        Assert.Equal(1, RateLimiting.RetryAfterSeconds(refused));

        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(limiter.Acquire("a").Allowed);
        clock.Advance(TimeSpan.FromMilliseconds(2));
        Assert.True(limiter.Acquire("a").Allowed);
    }

    [Fact]
    public void The_sustained_rate_is_the_limit_per_window_and_the_bucket_never_overfills()
    {
        var clock = new Clock();
        var limiter = Limiter(clock, limit: 100, windowSeconds: 10); // 10 per second

        var allowed = 0;
        for (var ms = 0; ms < 60_000; ms += 10) // 100 requests per second offered for a minute
        {
            if (limiter.Acquire("a").Allowed) allowed++;
            clock.Advance(TimeSpan.FromMilliseconds(10));
        }
        Assert.InRange(allowed, 100 + 599, 100 + 601); // the bucket, then 10 per second

        clock.Advance(TimeSpan.FromHours(1));
        var rested = limiter.Acquire("a");
        Assert.Equal(99, rested.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(0.1), rested.ResetAfter);
        Assert.Equal("100;w=10", limiter.Policy);
    }

    [Fact]
    public void Clients_have_their_own_buckets()
    {
        var limiter = Limiter(new Clock(), limit: 1);

        Assert.True(limiter.Acquire("client:a").Allowed);
        Assert.False(limiter.Acquire("client:a").Allowed);
        Assert.True(limiter.Acquire("client:b").Allowed);
        Assert.True(limiter.Acquire("ip:10.0.0.1").Allowed);
    }

    [Fact]
    public void A_client_whose_bucket_is_full_again_is_forgotten_and_starts_full()
    {
        var clock = new Clock();
        var limiter = Limiter(clock, limit: 10, windowSeconds: 10);
        limiter.Acquire("a");
        for (var i = 0; i < 10; i++) limiter.Acquire("b");
        Assert.Equal(2, limiter.TrackedClients);

        clock.Advance(TimeSpan.FromSeconds(10.5)); // both full again; the next request sweeps
        var next = limiter.Acquire("c");

        Assert.True(next.Allowed);
        Assert.Equal(1, limiter.TrackedClients); // a and b forgotten, c tracked
        Assert.Equal(9, limiter.Acquire("b").Remaining);
    }

    [Fact]
    public void A_client_still_refilling_is_not_forgotten()
    {
        var clock = new Clock();
        var limiter = Limiter(clock, limit: 10, windowSeconds: 10); // 1 per second
        clock.Advance(TimeSpan.FromSeconds(5));
        for (var i = 0; i < 10; i++) limiter.Acquire("a"); // empty at 5 s

        clock.Advance(TimeSpan.FromSeconds(5.5)); // a sweep is due; a holds 5.5
        limiter.Acquire("b");

        Assert.Equal(2, limiter.TrackedClients);
        Assert.Equal(4, limiter.Acquire("a").Remaining); // its own bucket, not a fresh one (9)
    }

    [Fact]
    public void Beyond_the_most_clients_tracked_new_clients_share_one_bucket()
    {
        var limiter = Limiter(new Clock(), limit: 2, maxClients: 2);
        limiter.Acquire("a");
        limiter.Acquire("b");

        Assert.True(limiter.Acquire("c").Allowed);
        Assert.True(limiter.Acquire("d").Allowed);
        Assert.False(limiter.Acquire("e").Allowed); // c, d and e share the overflow bucket
        Assert.Equal(2, limiter.TrackedClients);
        Assert.True(limiter.Acquire("a").Allowed); // the tracked keep theirs
    }

    [Fact]
    public void Concurrent_requests_never_get_more_than_the_bucket()
    {
        var limiter = Limiter(new Clock(), limit: 500);

        var allowed = 0;
        Parallel.For(0, 2000, _ =>
        {
            if (limiter.Acquire("a").Allowed) Interlocked.Increment(ref allowed);
        });

        Assert.Equal(500, allowed);
    }
}
