using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Mentoring.Contracts.Profile.V1;
using Mentoring.IntegrationTests.Support;
using Mentoring.Testing;
using static Mentoring.IntegrationTests.Support.Samples;

namespace Mentoring.IntegrationTests.Gateway;

/// <summary>
/// The gateway's front door on real Kestrel with real gRPC: per-client rate limits (and the
/// RateLimit headers that tell clients theirs), body limits, CORS for the admin SPA, security
/// headers, request ids and the forwarded headers destinations get. Every test has its own gateway.
/// </summary>
public sealed class FrontDoorTests(FrontDoorFixture fixture) : IClassFixture<FrontDoorFixture>
{
    private static Dictionary<string, string?> Limit(int permits) => new()
    {
        ["Gateway:RateLimit:PermitLimit"] = permits.ToString(),
        ["Gateway:RateLimit:Window"] = "00:01:00",
    };

    private static string SomeonesPath() => $"/profile/v1/people/{Guid.NewGuid()}";

    [Fact]
    public async Task Every_response_tells_the_client_its_limit_and_what_remains_of_it()
    {
        await using var gateway = await fixture.StartGatewayAsync(Limit(5));
        using var http = gateway.CreateHttpClient(fixture.Token);

        var remaining = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var response = await http.GetAsync(SomeonesPath()); // proxied: profile's own 404 carries them too
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("5", Header(response, "RateLimit-Limit"));
            Assert.Equal("5;w=60", Header(response, "RateLimit-Policy"));
            var reset = int.Parse(Header(response, "RateLimit-Reset"));
            Assert.InRange(reset, 1, 60);
            remaining.Add(int.Parse(Header(response, "RateLimit-Remaining")));
        }
        Assert.Equal([4, 3, 2], remaining);

        // gRPC: the same, as response metadata.
        var profile = new ProfileService.ProfileServiceClient(gateway.CreateChannel(fixture.Token));
        using var call = profile.RegisterPersonAsync(Register(Person("Metadata", PersonRole.Mentee, SeniorityLevel.Junior)));
        await call.ResponseAsync;
        var headers = await call.ResponseHeadersAsync;
        Assert.Equal("5", headers.GetValue("ratelimit-limit"));
        Assert.Equal("1", headers.GetValue("ratelimit-remaining"));
        Assert.Equal("5;w=60", headers.GetValue("ratelimit-policy"));
        Assert.NotNull(headers.GetValue("ratelimit-reset"));
    }

    [Fact]
    public async Task At_the_default_limit_a_partner_sync_job_sends_a_thousand_rest_requests_at_once()
    {
        await using var gateway = await fixture.StartGatewayAsync(); // the defaults of services/gateway/appsettings.json
        using var http = gateway.CreateHttpClient(fixture.Token);
        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // As fast as 8 connections go: the burst alone must cover it, whatever the machine's speed.
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            using var response = await http.GetAsync($"/feedback/v1/participants/p{i}", ct); // the echo destination
            statuses.Add(response.StatusCode);
        });

        Assert.Equal(1000, statuses.Count(s => s == HttpStatusCode.OK));
        var last = await http.GetAsync("/feedback/v1/participants/last");
        Assert.Equal("1000;w=10", Header(last, "RateLimit-Policy"));
        Console.WriteLine($"1,000 REST requests through the gateway in {clock.Elapsed.TotalSeconds:F1} s; {Header(last, "RateLimit-Remaining")} remain");
    }

    [Fact]
    public async Task The_fourth_rest_call_of_a_client_in_a_window_gets_429_with_retry_after_and_a_problem()
    {
        await using var gateway = await fixture.StartGatewayAsync(Limit(3));
        using var http = gateway.CreateHttpClient(fixture.Token);
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(SomeonesPath())).StatusCode); // proxied: profile says 404

        var rejected = await http.GetAsync(SomeonesPath());

        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.NotNull(rejected.Headers.RetryAfter?.Delta);
        // 3 per minute: the next permit is at most 20 s away.
        Assert.InRange(rejected.Headers.RetryAfter.Delta.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
        Assert.Equal("0", Header(rejected, "RateLimit-Remaining"));
        Assert.Equal("3", Header(rejected, "RateLimit-Limit"));
        Assert.Equal("3;w=60", Header(rejected, "RateLimit-Policy"));
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        var problem = await rejected.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal(rejected.Headers.GetValues("x-request-id").Single(), problem.GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task A_grpc_call_over_the_limit_fails_with_resource_exhausted()
    {
        await using var gateway = await fixture.StartGatewayAsync(Limit(3));
        var profile = new ProfileService.ProfileServiceClient(gateway.CreateChannel(fixture.Token));
        var created = await profile.RegisterPersonAsync(Register(Person("Limited", PersonRole.Mentee, SeniorityLevel.Junior)));
        for (var i = 0; i < 2; i++)
            Assert.Equal(created.Name, (await profile.GetPersonAsync(new GetPersonRequest { Name = created.Name })).Name);

        var e = await Assert.ThrowsAsync<RpcException>(() => profile.GetPersonAsync(new GetPersonRequest { Name = created.Name }).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Contains("retry after", e.Status.Detail);
        Assert.True(int.Parse(e.Trailers.GetValue("retry-after")!) >= 1);
        Assert.Equal("3", e.Trailers.GetValue("ratelimit-limit"));
        Assert.Equal("0", e.Trailers.GetValue("ratelimit-remaining"));
        Assert.Equal("3;w=60", e.Trailers.GetValue("ratelimit-policy"));
        Assert.InRange(int.Parse(e.Trailers.GetValue("ratelimit-reset")!), 1, 60);
    }

    [Fact]
    public async Task Rest_and_grpc_calls_of_one_client_share_its_budget()
    {
        await using var gateway = await fixture.StartGatewayAsync(Limit(2));
        var profile = new ProfileService.ProfileServiceClient(gateway.CreateChannel(fixture.Token));
        using var http = gateway.CreateHttpClient(fixture.Token);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(SomeonesPath())).StatusCode);
        await profile.RegisterPersonAsync(Register(Person("Shared", PersonRole.Mentee, SeniorityLevel.Junior)));

        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.GetAsync(SomeonesPath())).StatusCode);
        var e = await Assert.ThrowsAsync<RpcException>(() => profile.GetPersonAsync(new GetPersonRequest { Name = "people/x" }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
    }

    [Fact]
    public async Task Each_anonymous_client_address_has_its_own_budget()
    {
        await using var gateway = await fixture.StartGatewayAsync(Limit(1));
        using var first = ClientFrom("127.0.0.1", gateway.HttpAddress);
        using var second = ClientFrom("127.0.0.2", gateway.HttpAddress);

        // Without a token the call is refused (401), but it still counts against the address's budget.
        Assert.Equal(HttpStatusCode.Unauthorized, (await first.GetAsync(SomeonesPath())).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await first.GetAsync(SomeonesPath())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync(SomeonesPath())).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await second.GetAsync(SomeonesPath())).StatusCode);
    }

    [Fact]
    public async Task Each_authenticated_client_has_its_own_budget_whatever_its_address()
    {
        await using var gateway = await fixture.StartGatewayAsync(Limit(1));
        using var acme = gateway.CreateHttpClient(fixture.Token);
        using var globex = gateway.CreateHttpClient(await TestIdentity.PartnerAsync(TestIdentity.Globex));

        Assert.Equal(HttpStatusCode.NotFound, (await acme.GetAsync(SomeonesPath())).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await acme.GetAsync(SomeonesPath())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await globex.GetAsync(SomeonesPath())).StatusCode);
    }

    [Fact]
    public async Task Health_endpoints_are_not_rate_limited()
    {
        await using var gateway = await fixture.StartGatewayAsync(Limit(1));
        using var http = gateway.CreateHttpClient(fixture.Token);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz/live")).StatusCode);
            // Not ready (matching and the others are not running), but answered, never limited.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/healthz/ready")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(SomeonesPath())).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.GetAsync(SomeonesPath())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz/live")).StatusCode);
    }

    [Fact]
    public async Task An_oversized_rest_body_gets_413_and_nothing_is_stored()
    {
        await using var gateway = await fixture.StartGatewayAsync(); // default limit: 1 MiB
        using var http = gateway.CreateHttpClient(fixture.Token);
        var fits = RestPerson("Fits", "x");
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/profile/v1/people", fits.Body)).StatusCode);

        var tooLarge = RestPerson("Too Large", new string('x', 1024 * 1024));
        var response = await http.PostAsync("/profile/v1/people", // with a Content-Length
            new StringContent(JsonSerializer.Serialize(tooLarge.Body), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(413, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
        Assert.Equal(1, await fixture.PeopleWithEmailAsync(fits.Email));
        Assert.Equal(0, await fixture.PeopleWithEmailAsync(tooLarge.Email));
    }

    [Fact]
    public async Task An_oversized_chunked_rest_body_is_stopped_with_413_and_nothing_is_stored()
    {
        await using var gateway = await fixture.StartGatewayAsync(new Dictionary<string, string?>
        {
            ["Gateway:RequestLimits:MaxRequestBodySize"] = "16384",
        });
        using var http = gateway.CreateHttpClient(fixture.Token);
        var fits = RestPerson("Fits", "x");
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Chunked(fits.Body))).StatusCode);

        var tooLarge = RestPerson("Too Large", new string('x', 20_000));
        var response = await http.SendAsync(Chunked(tooLarge.Body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, await fixture.PeopleWithEmailAsync(fits.Email));
        Assert.Equal(0, await fixture.PeopleWithEmailAsync(tooLarge.Email));
    }

    [Fact]
    public async Task An_oversized_grpc_request_fails_with_resource_exhausted_and_nothing_is_stored()
    {
        await using var gateway = await fixture.StartGatewayAsync(new Dictionary<string, string?>
        {
            ["Gateway:RequestLimits:MaxGrpcRequestBodySize"] = "65536",
        });
        var profile = new ProfileService.ProfileServiceClient(gateway.CreateChannel(fixture.Token));
        var fits = Person("Fits", PersonRole.Mentee, SeniorityLevel.Junior);
        await profile.RegisterPersonAsync(Register(fits));
        var tooLarge = Person("Too Large", PersonRole.Mentee, SeniorityLevel.Junior);
        tooLarge.AreaOfWork = new string('x', 100_000);

        var e = await Assert.ThrowsAsync<RpcException>(() => profile.RegisterPersonAsync(Register(tooLarge)).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Equal(1, await fixture.PeopleWithEmailAsync(fits.Email));
        Assert.Equal(0, await fixture.PeopleWithEmailAsync(tooLarge.Email));
    }

    [Fact]
    public async Task A_preflight_from_the_admin_spa_is_answered_by_the_gateway()
    {
        await using var gateway = await fixture.StartGatewayAsync();
        using var http = gateway.CreateHttpClient(fixture.Token);

        // /feedback/… goes to the echo destination, which would answer 200 with a body if it were asked.
        var preflight = await http.SendAsync(Preflight("/feedback/v1/participants/p1", "http://localhost:8080"));

        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal("http://localhost:8080", preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var allowed = HeaderList(preflight, "Access-Control-Allow-Headers");
        Assert.All(["authorization", "content-type", "x-request-id", "idempotency-key", "x-tenant-id"],
            h => Assert.Contains(h, allowed));
        Assert.Contains("post", HeaderList(preflight, "Access-Control-Allow-Methods"));
        Assert.Empty(await preflight.Content.ReadAsByteArrayAsync());

        using var get = new HttpRequestMessage(HttpMethod.Get, "/feedback/v1/participants/p1");
        get.Headers.Add("Origin", "http://127.0.0.1:8080");
        var actual = await http.SendAsync(get);
        Assert.Equal(HttpStatusCode.OK, actual.StatusCode);
        Assert.Equal("http://127.0.0.1:8080", actual.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var exposed = HeaderList(actual, "Access-Control-Expose-Headers");
        Assert.All(["x-request-id", "retry-after", "etag", "grpc-status", "grpc-message",
            "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "ratelimit-policy"], h => Assert.Contains(h, exposed));
    }

    [Fact]
    public async Task A_preflight_from_another_origin_gets_no_allow_headers()
    {
        await using var gateway = await fixture.StartGatewayAsync();
        using var http = gateway.CreateHttpClient(fixture.Token);

        var preflight = await http.SendAsync(Preflight("/feedback/v1/participants/p1", "https://evil.example"));

        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode); // still not forwarded
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Headers"));
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Methods"));

        using var get = new HttpRequestMessage(HttpMethod.Get, "/feedback/v1/participants/p1");
        get.Headers.Add("Origin", "https://evil.example");
        var actual = await http.SendAsync(get);
        Assert.False(actual.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Security_headers_are_on_every_response_and_there_is_no_server_header()
    {
        await using var gateway = await fixture.StartGatewayAsync(Limit(4));
        using var http = gateway.CreateHttpClient(fixture.Token);

        var proxied = await http.GetAsync("/feedback/v1/participants/p1"); // the echo destination sends Server and X-Frame-Options
        var own = await http.GetAsync("/nowhere/v1/things");
        Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, own.StatusCode);
        foreach (var response in new[] { proxied, own })
        {
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Contains("camera=()", response.Headers.GetValues("Permissions-Policy").Single());
            Assert.Equal("same-origin", response.Headers.GetValues("Cross-Origin-Opener-Policy").Single());
            Assert.False(response.Headers.Contains("Strict-Transport-Security")); // plain HTTP
            Assert.False(response.Headers.Contains("Server"));
        }

        var profile = new ProfileService.ProfileServiceClient(gateway.CreateChannel(fixture.Token));
        using var call = profile.RegisterPersonAsync(Register(Person("Headers", PersonRole.Mentee, SeniorityLevel.Junior)));
        await call.ResponseAsync;
        var headers = await call.ResponseHeadersAsync;
        Assert.Equal("nosniff", headers.GetValue("x-content-type-options"));
        Assert.Null(headers.Get("server"));
        Assert.Matches("^[0-9a-f]{32}$", headers.GetValue("x-request-id")!);
    }

    [Fact]
    public async Task An_incoming_request_id_is_echoed_and_reaches_the_service()
    {
        await using var gateway = await fixture.StartGatewayAsync();
        using var http = gateway.CreateHttpClient(fixture.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/feedback/v1/participants/p1");
        request.Headers.Add("x-request-id", "spa-42.Retry_1:a-b");

        var response = await http.SendAsync(request);

        Assert.Equal("spa-42.Retry_1:a-b", response.Headers.GetValues("x-request-id").Single());
        Assert.Equal(["spa-42.Retry_1:a-b"], await ReceivedRequestIds(response));
    }

    [Fact]
    public async Task Destinations_are_told_the_address_the_client_used()
    {
        await using var gateway = await fixture.StartGatewayAsync();
        using var http = gateway.CreateHttpClient(fixture.Token);

        var echoed = await (await http.GetAsync("/feedback/v1/participants/p1")).Content.ReadFromJsonAsync<Dictionary<string, string[]>>();

        // What identity needs to build its redirects and discovery document on the gateway's address.
        Assert.Equal([gateway.HttpAddress.Authority], echoed!["x-forwarded-host"]);
        Assert.Equal(["http"], echoed["x-forwarded-proto"]);
        Assert.Equal(["127.0.0.1"], echoed["x-forwarded-for"]);
        Assert.Equal([fixture.EchoAddress.Authority], echoed["host"]);
    }

    public static TheoryData<string?> UnusableRequestIds => new() { null, "has spaces / and slashes", new string('x', 129), "" };

    [Theory]
    [MemberData(nameof(UnusableRequestIds))]
    public async Task A_missing_or_unusable_request_id_is_replaced_by_a_generated_one(string? incoming)
    {
        await using var gateway = await fixture.StartGatewayAsync();
        using var http = gateway.CreateHttpClient(fixture.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/feedback/v1/participants/p1");
        if (incoming is not null) request.Headers.TryAddWithoutValidation("x-request-id", incoming);

        var response = await http.SendAsync(request);

        var id = response.Headers.GetValues("x-request-id").Single();
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal([id], await ReceivedRequestIds(response));
        var another = (await http.GetAsync("/feedback/v1/participants/p1")).Headers.GetValues("x-request-id").Single();
        Assert.NotEqual(id, another);
    }

    private static (object Body, string Email) RestPerson(string name, string areaOfWork)
    {
        var email = $"{name.Replace(' ', '.').ToLowerInvariant()}.{Guid.NewGuid():N}@example.org";
        return (new
        {
            displayName = name,
            email,
            areaOfWork,
            seniorityLevel = "SENIORITY_LEVEL_SENIOR",
            roles = new[] { "PERSON_ROLE_MENTOR" },
            timeZone = "Europe/London",
        }, email);
    }

    /// <summary>A POST whose body has no Content-Length (Transfer-Encoding: chunked).</summary>
    private static HttpRequestMessage Chunked(object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/profile/v1/people")
        {
            Content = new StreamContent(new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(body))),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;
        return request;
    }

    private static HttpRequestMessage Preflight(string path, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-request-id,idempotency-key,x-tenant-id");
        return request;
    }

    private static string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();

    /// <summary>A comma-separated response header's values, lower-cased.</summary>
    private static List<string> HeaderList(HttpResponseMessage response, string name) =>
        response.Headers.GetValues(name).SelectMany(v => v.Split(',')).Select(v => v.Trim().ToLowerInvariant()).ToList();

    /// <summary>The x-request-id values the echo destination received, as it reports them.</summary>
    private static async Task<string[]> ReceivedRequestIds(HttpResponseMessage echoed)
    {
        Assert.Equal(HttpStatusCode.OK, echoed.StatusCode);
        var headers = await echoed.Content.ReadFromJsonAsync<Dictionary<string, string[]>>();
        return headers!["x-request-id"];
    }

    /// <summary>An HTTP client whose connections come from the given loopback address (all of 127/8 is loopback on Linux).</summary>
    private static HttpClient ClientFrom(string sourceAddress, Uri baseAddress) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(sourceAddress), 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = baseAddress };
}
