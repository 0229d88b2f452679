using Mentoring.Platform.Load;

// Platform load driver of issue 15. Usage (from the repository root):
//   dotnet run -c Release --project bench/Mentoring.Platform.Load [-- gateway|events|all] [--quick] [options]
// ./platform up from cold and warm: bench/Mentoring.Platform.Load/platform-up.sh
var scenario = "all";
var quick = args.Contains("--quick");
int clients = 16, rounds = quick ? 3 : 6, warmup = quick ? 100 : 300;
var slice = quick ? 1.0 : 2.0;
int latencyRate = 1000;
double latencySeconds = quick ? 5 : 15, rateSeconds = quick ? 4 : 8;
int[] rates = quick ? [500, 1000, 2000, 5000] : [500, 1000, 2000, 3000, 5000, 7500, 10000];
int[] replicas = [1, 2];
for (var k = 0; k < args.Length; k++)
{
    bool Int(out int value) { value = 0; return k + 1 < args.Length && int.TryParse(args[++k], out value) && value > 0; }
    bool Number(out double value) { value = 0; return k + 1 < args.Length && double.TryParse(args[++k], System.Globalization.CultureInfo.InvariantCulture, out value) && value > 0; }
    switch (args[k])
    {
        case "gateway" or "events" or "all": scenario = args[k]; break;
        case "--quick": break;
        case "--clients" when Int(out var v): clients = v; break;
        case "--rounds" when Int(out var v): rounds = v; break;
        case "--slice" when Number(out var v): slice = v; break;
        case "--warmup" when Int(out var v): warmup = v; break;
        case "--rate" when Int(out var v): latencyRate = v; break;
        case "--seconds" when Number(out var v): latencySeconds = v; break;
        case "--step-seconds" when Number(out var v): rateSeconds = v; break;
        case "--rates" when k + 1 < args.Length: rates = args[++k].Split(',').Select(int.Parse).ToArray(); break;
        case "--replicas" when Int(out var v): replicas = [v]; break;
        default:
            Console.WriteLine(
                """
                usage: Mentoring.Platform.Load [gateway|events|all] [--quick] [options]   (default: all)
                  --quick   a short run of everything (about a minute and a half): fewer rounds, shorter steps
                  gateway:  profile GetPerson over gRPC and REST (GET /profile/v1/people/{id}), direct and through the gateway,
                            interleaved: closed loop (maximum rate), then open loop at half the gateway's maximum of each protocol
                    --clients N     concurrent clients per path (default 16)
                    --rounds N      interleaved rounds (default 6; quick 3) of --slice S seconds per path and mode (default 2; quick 1)
                    --warmup N      warm-up calls per client (default 300; quick 100)
                  events:   PersonRegistered committed to eventbus.log -> matching's candidate projection (postgres transport),
                            commit-to-effect latency from PostgreSQL commit timestamps, with 1 and then 2 matching replicas
                    --rate N          the fixed rate (default 1000/s) for --seconds S (default 15; quick 5)
                    --rates a,b,...   the rising rates (default 500,1000,2000,3000,5000,7500,10000; quick 500,1000,2000,5000),
                                      --step-seconds S each (default 8; quick 4), until the subscriber falls behind
                    --replicas N      only N matching replicas (default: 1, then 2)
                """);
            return args[k] is "-h" or "--help" ? 0 : 2;
    }
}

Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC; {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, " +
                  $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}; load average at start: {Platform.LoadAverage()}");
Console.WriteLine($"command: dotnet run -c Release --project bench/Mentoring.Platform.Load -- {string.Join(' ', args)}");
var ok = true;
if (scenario is "gateway" or "all")
{
    Console.WriteLine("== Gateway overhead: profile GetPerson, direct and through the gateway");
    ok &= await GatewayScenario.RunAsync(new GatewayScenario.Options(clients, rounds, slice, warmup));
}
if (scenario is "events" or "all")
{
    Console.WriteLine("== Event path (postgres transport): eventbus.log -> matching candidates");
    ok &= await EventsScenario.RunAsync(new EventsScenario.Options(replicas, latencyRate, latencySeconds, rates, rateSeconds));
}
Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC; load average at end: {Platform.LoadAverage()}");
return ok ? 0 : 1;
