using Mentoring.Scheduling.Load;

// Load driver for the scheduling service. Usage (from the repository root):
//   dotnet run -c Release --project bench/Mentoring.Scheduling.Load [-- slots|reminders|all] [options]
var scenario = "all";
int calls = 2000, warmup = 200, clients = 8, meetings = 100_000;
var directRest = false;
var drain = false;
var explain = false;
int[] instances = [1, 2];
for (var k = 0; k < args.Length; k++)
{
    bool Int(out int value) { value = 0; return k + 1 < args.Length && int.TryParse(args[++k], out value) && value > 0; }
    switch (args[k])
    {
        case "slots" or "reminders" or "all": scenario = args[k]; break;
        case "--calls" when Int(out var v): calls = v; break;
        case "--warmup" when Int(out var v): warmup = v; break;
        case "--clients" when Int(out var v): clients = v; break;
        case "--meetings" when Int(out var v): meetings = v; break;
        case "--instances" when Int(out var v): instances = [v]; break;
        case "--direct-rest": directRest = true; break;
        case "--drain": drain = true; break;
        case "--explain": explain = true; break;
        default:
            Console.WriteLine(
                """
                usage: Mentoring.Scheduling.Load [slots|reminders|all] [options]   (default: all)
                  slots:      FindMutualSlots, group of 7 over 8 weeks, direct (gRPC) and through the gateway (gRPC, REST)
                    --calls N       timed calls per path and mode (default 2000), after --warmup N (default 200)
                    --clients N     concurrent clients of the concurrent mode (default 8)
                    --direct-rest   also time the service's own REST transcoding (no gateway)
                  reminders:  the reminder sweeper catching up on --meetings N (default 100000) reminders due during one
                              hour of downtime, with one and then two service instances (--instances N: only N)
                    --drain         also wait until the relay has published every reminder to the event log
                    --explain       print the plan (EXPLAIN ANALYZE) of the sweeper's due query on the backlog first
                """);
            return args[k] is "-h" or "--help" ? 0 : 2;
    }
}

Console.WriteLine($"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, " +
                  $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}; load average at start: {LoadAverage()}");
var ok = true;
if (scenario is "slots" or "all")
{
    Console.WriteLine($"== Mutual slots: {calls} calls per path and mode after {warmup} warm-up calls; 1 and {clients} clients");
    ok &= await SlotsScenario.RunAsync(new SlotsScenario.Options(calls, warmup, clients, directRest));
}
if (scenario is "reminders" or "all")
{
    Console.WriteLine($"== Reminder catch-up: {meetings:N0} due reminders, {string.Join(" then ", instances)} instance(s)");
    ok &= await RemindersScenario.RunAsync(new RemindersScenario.Options(meetings, instances, drain, explain));
}
Console.WriteLine($"load average at end: {LoadAverage()}");
return ok ? 0 : 1;

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
