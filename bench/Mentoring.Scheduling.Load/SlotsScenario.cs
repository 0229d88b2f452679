using System.Diagnostics;
using System.Net.Http.Headers;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Mentoring.Contracts.Scheduling.V1;
using Mentoring.Testing;
using NodaTime;
using Duration = NodaTime.Duration;

namespace Mentoring.Scheduling.Load;

/// <summary>
/// FindMutualSlots for a group of 7 over 8 weeks at 15 minutes: straight at the scheduling service
/// (gRPC, and its REST transcoding) and through the gateway (gRPC and REST), sequentially and with
/// several concurrent clients. Every answer must equal the first direct gRPC answer.
/// </summary>
internal static class SlotsScenario
{
    private static readonly string[] Zones = ["Europe/London", "America/New_York", "Asia/Kolkata"];
    private const int People = 7, Days = 56, MeetingsPerPerson = 20;

    public sealed record Options(int Calls, int Warmup, int Clients, bool DirectRest);

    private delegate Task<FindMutualSlotsResponse> Call();

    private sealed record Target(string Name, Func<IAsyncDisposable?, Call> Client, Func<IAsyncDisposable?> Open);

    public static async Task<bool> RunAsync(Options o)
    {
        var setup = Stopwatch.StartNew();
        var db = await Platform.FreshDatabaseAsync();
        await using var identity = await Platform.StartIdentityAsync(db);
        var token = await Platform.PartnerTokenAsync(identity);
        await using var scheduling = await Platform.StartSchedulingAsync(db, identity, new Dictionary<string, string?>());
        await using var gateway = await Platform.StartGatewayAsync(identity, scheduling);

        // The group: a mentor in London and six mentees in New York, Kolkata, London, ... (08:00-20:00 local on weekdays),
        // each booked into 20 other meetings; from the first Monday of March on, so clocks change in London and New York.
        var world = new World(db);
        var from = FirstMondayOfMarch();
        var random = new Random(7);
        var ids = Enumerable.Range(0, People).Select(_ => Guid.NewGuid()).ToArray();
        for (var p = 0; p < People; p++)
        {
            await world.PersonAsync(ids[p], Zones[p % Zones.Length], "08:00", "20:00");
            await world.BookAsync(random, ids[p], DateTimeZoneProviders.Tzdb[Zones[p % Zones.Length]], from, Days, MeetingsPerPerson);
        }
        var relationship = await world.RelationshipAsync([ids[0]], ids[1..]);
        var request = new FindMutualSlotsRequest
        {
            Relationship = relationship,
            StartTime = Timestamp.FromDateTimeOffset(from.ToDateTimeOffset()),
            EndTime = Timestamp.FromDateTimeOffset((from + Duration.FromDays(Days)).ToDateTimeOffset()),
            DurationMinutes = 60, GranularityMinutes = 15, BufferMinutes = 10,
            PreferredPartOfDay = PartOfDay.Morning, MaxResults = 20,
        };
        Console.WriteLine($"setup {setup.Elapsed.TotalSeconds:F1} s (PostgreSQL: {PostgresServer.Origin}); group of {People} over {Days} days from " +
                          $"{from.InUtc().Date:yyyy-MM-dd}, {MeetingsPerPerson} meetings each; 60-minute slots on a 15-minute grid, 10-minute buffer, mornings preferred, 20 results");

        var targets = new List<Target>
        {
            Grpc("direct gRPC", scheduling.GrpcAddress, token, request),
        };
        if (o.DirectRest) targets.Add(Rest("direct REST", scheduling.HttpAddress, token, request));
        targets.Add(Grpc("gateway gRPC", gateway.GrpcAddress, token, request));
        targets.Add(Rest("gateway REST", gateway.HttpAddress, token, request));

        FindMutualSlotsResponse? reference = null;
        var mismatches = 0;
        // Every path gets its clients (own channel / HTTP client each) up front and is warmed up before any is timed (JIT
        // tiers, connection pools, token validation). The machine is shared, so the paths are timed interleaved: in the
        // sequential mode one call of each path in turn, in the concurrent mode rounds of a share of the calls per path,
        // in rotating order; each path thus sees the same background load.
        var open = targets.Select(t => Enumerable.Range(0, o.Clients).Select(_ => t.Open()).ToList()).ToList();
        try
        {
            var calls = targets.Select((t, i) => open[i].Select(t.Client).ToList()).ToList();
            reference = await calls[0][0]();
            foreach (var perTarget in calls)
            {
                for (var i = 0; i < o.Warmup; i++) Check(await perTarget[0]());
                await Task.WhenAll(perTarget.Select(async call =>
                {
                    for (var i = 0; i < Math.Max(10, o.Warmup / o.Clients); i++) Check(await call());
                }));
            }

            var sequential = targets.Select(_ => new double[o.Calls]).ToList();
            for (var i = 0; i < o.Calls; i++)
            {
                for (var j = 0; j < targets.Count; j++)
                {
                    var t = (i + j) % targets.Count;
                    var start = Stopwatch.GetTimestamp();
                    var response = await calls[t][0]();
                    sequential[t][i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    Check(response);
                }
            }

            const int Rounds = 10;
            var perClient = Math.Max(1, o.Calls / (Rounds * o.Clients));
            var concurrent = targets.Select(_ => new List<double>()).ToList();
            var wall = new TimeSpan[targets.Count];
            for (var round = 0; round < Rounds; round++)
            {
                for (var j = 0; j < targets.Count; j++)
                {
                    var t = (round + j) % targets.Count;
                    var samples = new double[perClient * o.Clients];
                    var started = Stopwatch.GetTimestamp();
                    await Task.WhenAll(calls[t].Select((call, k) => Task.Run(async () =>
                    {
                        for (var i = 0; i < perClient; i++)
                        {
                            var start = Stopwatch.GetTimestamp();
                            var response = await call();
                            samples[k * perClient + i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                            Check(response);
                        }
                    })));
                    wall[t] += Stopwatch.GetElapsedTime(started);
                    concurrent[t].AddRange(samples);
                }
            }

            var table = new MarkdownTable("path", "clients", "calls", "median ms", "p99 ms", "max ms", "calls/s", "slots", "full");
            for (var t = 0; t < targets.Count; t++)
            {
                Row(table, targets[t].Name, 1, sequential[t], TimeSpan.FromMilliseconds(sequential[t].Sum()));
                Row(table, targets[t].Name, o.Clients, concurrent[t].ToArray(), wall[t]);
            }
            Console.WriteLine();
            table.Print();
        }
        finally
        {
            foreach (var c in open.SelectMany(x => x)) if (c is not null) await c.DisposeAsync();
        }
        if (reference!.Slots.Count == 0 || reference.Partial)
        {
            Console.WriteLine("FAILED: expected 20 full slots for the group");
            return false;
        }
        if (mismatches > 0) Console.WriteLine($"FAILED: {mismatches} answers differ from the first direct gRPC answer");
        return mismatches == 0;

        void Check(FindMutualSlotsResponse response)
        {
            if (!response.Equals(reference)) Interlocked.Increment(ref mismatches);
        }

        void Row(MarkdownTable table, string name, int clients, double[] samples, TimeSpan elapsed)
        {
            Array.Sort(samples);
            table.Add(name, $"{clients}", $"{samples.Length:N0}", MarkdownTable.Ms(Stats.Percentile(samples, 0.5)),
                MarkdownTable.Ms(Stats.Percentile(samples, 0.99)), MarkdownTable.Ms(samples[^1]), $"{samples.Length / elapsed.TotalSeconds:F0}",
                $"{reference!.Slots.Count}", reference.Partial ? "no" : "yes");
        }
    }

    private static Instant FirstMondayOfMarch()
    {
        var today = DateTime.UtcNow.Date;
        var march = new LocalDate(today.Month < 3 ? today.Year : today.Year + 1, 3, 1);
        while (march.DayOfWeek != IsoDayOfWeek.Monday) march = march.PlusDays(1);
        return march.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();
    }

    private sealed class Channel(GrpcChannel channel) : IAsyncDisposable
    {
        public GrpcChannel Value => channel;
        public ValueTask DisposeAsync() { channel.Dispose(); return ValueTask.CompletedTask; }
    }

    private sealed class Http(HttpClient client) : IAsyncDisposable
    {
        public HttpClient Value => client;
        public ValueTask DisposeAsync() { client.Dispose(); return ValueTask.CompletedTask; }
    }

    /// <summary>A gRPC client per simulated client (its own channel, hence its own HTTP/2 connection).</summary>
    private static Target Grpc(string name, Uri address, string token, FindMutualSlotsRequest request) => new(name,
        open =>
        {
            var client = new SchedulingService.SchedulingServiceClient(((Channel)open!).Value);
            var headers = new Metadata { { "Authorization", $"Bearer {token}" } };
            return async () => await client.FindMutualSlotsAsync(request, headers);
        },
        () => new Channel(GrpcChannel.ForAddress(address)));

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default);
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    /// <summary>POST /scheduling/v1/relationships/{id}:findMutualSlots with the rest of the request as the JSON body (HTTP/1.1, keep-alive).</summary>
    private static Target Rest(string name, Uri address, string token, FindMutualSlotsRequest request)
    {
        var body = request.Clone();
        body.Relationship = "";
        var json = Formatter.Format(body);
        var path = $"/scheduling/v1/{request.Relationship}:findMutualSlots";
        return new(name,
            open =>
            {
                var http = ((Http)open!).Value;
                return async () =>
                {
                    using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
                    message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    using var response = await http.SendAsync(message);
                    var text = await response.Content.ReadAsStringAsync();
                    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{name}: {(int)response.StatusCode} {text}");
                    return Parser.Parse<FindMutualSlotsResponse>(text);
                };
            },
            () => new Http(new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = address }));
    }
}
