using System.Diagnostics;
using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Net.Client;
using Mentoring.Contracts.Profile.V1;

namespace Mentoring.Platform.Load;

/// <summary>
/// The gateway's overhead on a cheap unary call: profile's GetPerson over gRPC and its REST
/// transcoding (GET /profile/v1/people/{id}), each straight at the service and through the gateway.
/// (a) closed loop: N clients calling back to back, the maximum rate; (b) open loop: calls sent on a
/// fixed schedule at half of the gateway's maximum rate of that protocol, the same rate for the
/// direct path, without waiting for answers. The machine is shared, so the four paths are timed
/// interleaved: short slices of each in turn, in rotating order, so each sees the same background.
/// </summary>
internal static class GatewayScenario
{
    public sealed record Options(int Clients, int Rounds, double SliceSeconds, int Warmup);

    private delegate Task Call();

    private sealed record Target(string Name, string Protocol, bool ViaGateway, List<Call> Clients);

    private sealed record Closed(double Rps, double P50, double P99, double Max, int Calls);

    private sealed record Open(double Rate, double Achieved, double P50, double P99, double Max, double P99FromSchedule, double P99Lag, int Calls);

    public static async Task<bool> RunAsync(Options o)
    {
        var setup = Stopwatch.StartNew();
        var db = await Platform.FreshProfileDatabaseAsync();
        await using var identity = await Platform.StartIdentityAsync(db);
        var token = await Platform.PartnerTokenAsync(identity);
        await using var profile = await Platform.StartProfileAsync(db, identity);
        await using var gateway = await Platform.StartGatewayAsync(identity, profile);

        var headers = new Metadata { { "Authorization", $"Bearer {token}" } };
        using var registerChannel = GrpcChannel.ForAddress(profile.GrpcAddress);
        var person = await new ProfileService.ProfileServiceClient(registerChannel).RegisterPersonAsync(new RegisterPersonRequest
        {
            Person = new Person
            {
                DisplayName = "Bench Person", Email = $"bench.{Guid.NewGuid():N}@example.org", AreaOfWork = "engineering",
                SeniorityLevel = SeniorityLevel.Senior, Roles = { PersonRole.Mentor }, TimeZone = "Europe/Paris",
            },
        }, headers);
        Console.WriteLine($"setup {setup.Elapsed.TotalSeconds:F1} s (PostgreSQL: {Mentoring.Testing.PostgresServer.Origin}); GetPerson {person.Name}, " +
                          $"{o.Clients} clients per path, {o.Rounds} interleaved rounds of {o.SliceSeconds:F1} s per path and mode");

        var disposables = new List<IDisposable>();
        var errors = 0;
        try
        {
            Target Grpc(string name, Uri address, bool viaGateway) => new(name, "gRPC", viaGateway, Enumerable.Range(0, o.Clients).Select(_ =>
            {
                // Each client its own channel, hence its own HTTP/2 connection.
                var channel = GrpcChannel.ForAddress(address);
                disposables.Add(channel);
                var client = new ProfileService.ProfileServiceClient(channel);
                var request = new GetPersonRequest { Name = person.Name };
                return (Call)(async () =>
                {
                    var answer = await client.GetPersonAsync(request, headers);
                    if (answer.Name != person.Name) Interlocked.Increment(ref errors);
                });
            }).ToList());

            Target Rest(string name, Uri address, bool viaGateway) => new(name, "REST", viaGateway, Enumerable.Range(0, o.Clients).Select(_ =>
            {
                // Each client its own HttpClient (HTTP/1.1, keep-alive; more connections when calls overlap in the open loop).
                var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = address };
                disposables.Add(http);
                var path = $"/profile/v1/{person.Name}";
                return (Call)(async () =>
                {
                    using var message = new HttpRequestMessage(HttpMethod.Get, path);
                    message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    using var response = await http.SendAsync(message);
                    var text = await response.Content.ReadAsStringAsync();
                    if (!response.IsSuccessStatusCode || !text.Contains(person.Name)) Interlocked.Increment(ref errors);
                });
            }).ToList());

            var targets = new List<Target>
            {
                Grpc("direct gRPC", profile.GrpcAddress, false),
                Grpc("gateway gRPC", gateway.GrpcAddress, true),
                Rest("direct REST", profile.HttpAddress, false),
                Rest("gateway REST", gateway.HttpAddress, true),
            };

            // Warm-up of every client of every path before anything is timed (JIT tiers, pools, token validation).
            foreach (var t in targets)
                await Task.WhenAll(t.Clients.Select(async call => { for (var i = 0; i < o.Warmup; i++) await call(); }));
            await ClosedSliceAsync(targets[0].Clients, TimeSpan.FromSeconds(1)); // and a short closed-loop burst, not shown
            errors = 0;

            // (a) closed loop, interleaved.
            Console.WriteLine($"-- closed loop (load average {Platform.LoadAverage()})");
            var closedSamples = targets.Select(_ => new List<double>()).ToList();
            var closedWall = new double[targets.Count];
            for (var round = 0; round < o.Rounds; round++)
                for (var j = 0; j < targets.Count; j++)
                {
                    var t = (round + j) % targets.Count;
                    var (samples, seconds) = await ClosedSliceAsync(targets[t].Clients, TimeSpan.FromSeconds(o.SliceSeconds));
                    closedSamples[t].AddRange(samples);
                    closedWall[t] += seconds;
                }
            var closed = targets.Select((_, t) =>
            {
                var s = closedSamples[t].ToArray();
                Array.Sort(s);
                return new Closed(s.Length / closedWall[t], Stats.Percentile(s, 0.5), Stats.Percentile(s, 0.99), s[^1], s.Length);
            }).ToList();

            // (b) open loop at half the gateway's maximum of each protocol (the same rate for its direct path), interleaved.
            var rates = targets.Select(t => 0.5 * closed[targets.FindIndex(g => g.ViaGateway && g.Protocol == t.Protocol)].Rps).ToArray();
            Console.WriteLine($"-- open loop at {string.Join(", ", targets.Select((t, i) => $"{t.Name} {rates[i]:F0}/s"))} (load average {Platform.LoadAverage()})");
            var openSamples = targets.Select(_ => (Lat: new List<double>(), Sched: new List<double>(), Lag: new List<double>())).ToList();
            var openWall = new double[targets.Count];
            for (var round = 0; round < o.Rounds; round++)
                for (var j = 0; j < targets.Count; j++)
                {
                    var t = (round + j) % targets.Count;
                    var slice = await OpenSliceAsync(targets[t].Clients, rates[t], TimeSpan.FromSeconds(o.SliceSeconds));
                    openSamples[t].Lat.AddRange(slice.Latency);
                    openSamples[t].Sched.AddRange(slice.FromSchedule);
                    openSamples[t].Lag.AddRange(slice.Lag);
                    openWall[t] += slice.Seconds;
                }
            var open = targets.Select((_, t) =>
            {
                var (lat, sched, lag) = (openSamples[t].Lat.Order().ToArray(), openSamples[t].Sched.Order().ToArray(), openSamples[t].Lag.Order().ToArray());
                return new Open(rates[t], lat.Length / openWall[t], Stats.Percentile(lat, 0.5), Stats.Percentile(lat, 0.99), lat[^1],
                    Stats.Percentile(sched, 0.99), Stats.Percentile(lag, 0.99), lat.Length);
            }).ToList();

            Console.WriteLine();
            var table = new MarkdownTable("path", "mode", "calls", "calls/s", "p50 ms", "p99 ms", "max ms", "p99 from schedule ms", "p99 send lag ms");
            for (var t = 0; t < targets.Count; t++)
                table.Add(targets[t].Name, $"closed, {o.Clients} clients", $"{closed[t].Calls:N0}", $"{closed[t].Rps:N0}", MarkdownTable.Ms(closed[t].P50),
                    MarkdownTable.Ms(closed[t].P99), MarkdownTable.Ms(closed[t].Max), "", "");
            for (var t = 0; t < targets.Count; t++)
                table.Add(targets[t].Name, $"open, {open[t].Rate:N0}/s", $"{open[t].Calls:N0}", $"{open[t].Achieved:N0}", MarkdownTable.Ms(open[t].P50),
                    MarkdownTable.Ms(open[t].P99), MarkdownTable.Ms(open[t].Max), MarkdownTable.Ms(open[t].P99FromSchedule), MarkdownTable.Ms(open[t].P99Lag));
            table.Print();

            var ratios = new MarkdownTable("protocol", "max calls/s gateway/direct", "closed p50", "closed p99", "open p50", "open p99",
                "open p99 gateway ms (goal <= 10)", "overhead <= 25 %");
            foreach (var protocol in new[] { "gRPC", "REST" })
            {
                var d = targets.FindIndex(t => t.Protocol == protocol && !t.ViaGateway);
                var g = targets.FindIndex(t => t.Protocol == protocol && t.ViaGateway);
                // Overhead: the gateway path's max rate at least 75 % of the direct one, its open-loop p50 at most 1.25 x.
                var met = closed[g].Rps >= 0.75 * closed[d].Rps && open[g].P50 <= 1.25 * open[d].P50;
                ratios.Add(protocol, Stats.Ratio(closed[g].Rps, closed[d].Rps), Stats.Ratio(closed[g].P50, closed[d].P50), Stats.Ratio(closed[g].P99, closed[d].P99),
                    Stats.Ratio(open[g].P50, open[d].P50), Stats.Ratio(open[g].P99, open[d].P99), MarkdownTable.Ms(open[g].P99), met ? "yes" : "no");
            }
            ratios.Print();
        }
        finally
        {
            foreach (var d in disposables) d.Dispose();
        }
        if (errors > 0) Console.WriteLine($"FAILED: {errors} calls failed or answered another person");
        return errors == 0;
    }

    /// <summary>Every client calls back to back for <paramref name="duration"/>; latencies and the slice's wall time.</summary>
    private static async Task<(List<double> Samples, double Seconds)> ClosedSliceAsync(List<Call> clients, TimeSpan duration)
    {
        var perClient = clients.Select(_ => new List<double>(4096)).ToArray();
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(clients.Select((call, k) => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                var start = Stopwatch.GetTimestamp();
                await call();
                perClient[k].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        })));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return (perClient.SelectMany(s => s).ToList(), seconds);
    }

    private sealed record OpenSlice(List<double> Latency, List<double> FromSchedule, List<double> Lag, double Seconds);

    /// <summary>
    /// Calls sent on a fixed schedule (call i due at i / rate), never waiting for earlier answers; the
    /// pacing loop wakes about every millisecond and sends what is due, round robin over the clients.
    /// Latency = send → answer; also from the scheduled time (includes the pacing delay), and the send lag.
    /// </summary>
    private static async Task<OpenSlice> OpenSliceAsync(List<Call> clients, double rate, TimeSpan duration)
    {
        var latency = new List<double>();
        var fromSchedule = new List<double>();
        var lag = new List<double>();
        var gate = new object();
        var inFlight = new List<Task>();
        var started = Stopwatch.GetTimestamp();
        long sent = 0;
        while (true)
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (elapsed >= duration.TotalSeconds) break;
            var due = (long)(rate * elapsed);
            for (; sent < due; sent++)
            {
                var scheduled = started + (long)(sent / rate * Stopwatch.Frequency);
                inFlight.Add(Send(clients[(int)(sent % clients.Count)], scheduled));
            }
            await Task.Delay(1);
        }
        await Task.WhenAll(inFlight);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new OpenSlice(latency, fromSchedule, lag, seconds);

        async Task Send(Call call, long scheduled)
        {
            var begin = Stopwatch.GetTimestamp();
            await call();
            var done = Stopwatch.GetTimestamp();
            lock (gate)
            {
                latency.Add((done - begin) * 1000.0 / Stopwatch.Frequency);
                fromSchedule.Add((done - scheduled) * 1000.0 / Stopwatch.Frequency);
                lag.Add((begin - scheduled) * 1000.0 / Stopwatch.Frequency);
            }
        }
    }
}
