using System.Diagnostics;
using Mentoring.Integration.Load;

// Partner event stream benchmark. Usage (from the repository root):
//   dotnet run -c Release --project bench/Mentoring.Integration.Load [-- latency|rate|catchup|all] [options]
var scenario = "all";
var sources = new[] { "log", "bus" };
var seconds = 10;
int[]? rates = null;
var backlog = 100_000;
for (var k = 0; k < args.Length; k++)
{
    bool Int(out int value) { value = 0; return k + 1 < args.Length && int.TryParse(args[++k], out value) && value > 0; }
    switch (args[k])
    {
        case "latency" or "rate" or "catchup" or "all": scenario = args[k]; break;
        case "--source" when k + 1 < args.Length && args[k + 1] is "log" or "bus" or "both":
            sources = args[++k] == "both" ? ["log", "bus"] : [args[k]]; break;
        case "--seconds" when Int(out var v): seconds = v; break;
        case "--backlog" when Int(out var v): backlog = v; break;
        case "--rates" when k + 1 < args.Length:
            rates = args[++k].Split(',').Select(int.Parse).ToArray(); break;
        default:
            Console.WriteLine(
                """
                usage: Mentoring.Integration.Load [latency|rate|catchup|all] [options]   (default: all)
                  latency:  events committed at 1,000/s (and, from the bus, at 100/s) for 2 x --seconds: commit -> partner stream latency
                  rate:     rising rates, --seconds N (default 10) each, until the stream falls behind
                            (--rates 1000,2000,... ; default 1,000 to 30,000 from the partner log, 100 to 1,000 from the bus)
                  catchup:  --backlog N (default 100000) events added to the partner log, then read by a new stream from before them
                  --source log|bus|both   where events are committed (default both): the partner log (the stream alone)
                                          or the shared event bus (the whole path through integration's subscriptions)
                """);
            return args[k] is "-h" or "--help" ? 0 : 2;
    }
}

Console.WriteLine($"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, " +
                  $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}; load average at start: {LoadAverage()}");
await using var platform = await Platform.StartAsync(new Dictionary<string, string?>());
await using var admin = platform.Db.AdminDataSource();
using var client = platform.CreatePartnerClient();
var ok = true;
var table = new MarkdownTable("source", "target/s", "offered/s", "events", "per commit", "p50 ms", "p99 ms", "max ms", "drain ms", "delivered/s", "once, in order", "keeps up");
void Add(StepResult r) => table.Add(r.Source, $"{r.Target:N0}", $"{r.Offered:N0}", $"{r.Events:N0}", $"{r.PerCommit:F1}", MarkdownTable.Ms(r.P50),
    MarkdownTable.Ms(r.P99), MarkdownTable.Ms(r.Max), MarkdownTable.Ms(r.DrainMs), $"{r.Delivered:N0}", r.AllOnce ? "yes" : "NO", r.KeepsUp ? "yes" : "no");

await using (var probe = new StreamProbe(client, resumeAfter: null))
{
    foreach (var name in sources)
    {
        IEventSource source = name == "log" ? new PartnerLogSource(admin) : new BusSource(admin);
        await RateStep.RunAsync(source, probe, 500, TimeSpan.FromSeconds(3), default); // warm-up, not shown
        if (scenario is "latency" or "all")
            foreach (var rate in name == "log" ? [1000] : new[] { 100, 1000 })
            {
                Console.WriteLine($"== {source.Name}: {rate:N0} events/s for {2 * seconds} s (load average {LoadAverage()})");
                var r = await RateStep.RunAsync(source, probe, rate, TimeSpan.FromSeconds(2 * seconds), default);
                Add(r);
                ok &= r.AllOnce;
            }
        if (scenario is "rate" or "all")
        {
            Console.WriteLine($"== {source.Name}: rising rates, {seconds} s each (load average {LoadAverage()})");
            foreach (var rate in rates ?? (name == "log" ? [1000, 2000, 3000, 5000, 7500, 10000, 15000, 20000, 30000] : [100, 150, 200, 300, 500, 1000]))
            {
                var r = await RateStep.RunAsync(source, probe, rate, TimeSpan.FromSeconds(seconds), default);
                Add(r);
                ok &= r.AllOnce;
                if (!r.KeepsUp) break;
            }
        }
    }
}
table.Print();

if (scenario is "catchup" or "all")
{
    long before;
    Console.WriteLine($"== catch-up: {backlog:N0} events in the partner log, read by a new stream from before them (load average {LoadAverage()})");
    var log = new PartnerLogSource(admin);
    await using (var c = await admin.OpenConnectionAsync())
    await using (var head = new Npgsql.NpgsqlCommand("SELECT coalesce(max(position), 0) FROM integration.partner_log_head", c))
        before = (long)(await head.ExecuteScalarAsync())!;
    var ids = new List<Guid>();
    for (var n = 0; n < backlog; n += 1000) ids.AddRange((await log.CommitAsync(Math.Min(1000, backlog - n), default)).Ids);
    var start = Stopwatch.GetTimestamp();
    await using var reader = new StreamProbe(client, resumeAfter: before);
    var all = await reader.WaitForAsync(ids, TimeSpan.FromMinutes(5));
    var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
    var catchup = new MarkdownTable("backlog", "seconds", "events/s", "once, in order");
    catchup.Add($"{backlog:N0}", $"{elapsed:F1}", $"{reader.Count / elapsed:N0}", all && reader.Duplicates == 0 && reader.OutOfOrder == 0 ? "yes" : "NO");
    catchup.Print();
    ok &= all;
}
Console.WriteLine($"load average at end: {LoadAverage()}");
return ok ? 0 : 1;

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
