using System.Diagnostics;
using Mentoring.Scheduling.Bench;
using Mentoring.Scheduling.Engine.Slots;

// Benchmark of the scheduling engine's mutual-slot search. Usage:
//   dotnet run -c Release --project bench/Mentoring.Scheduling.Bench [-- --runs N]   (default 1000 runs per case)
var runs = 1000;
for (var k = 0; k < args.Length; k++)
{
    if (args[k] == "--runs" && k + 1 < args.Length && int.TryParse(args[++k], out var n) && n > 0) runs = n;
    else
    {
        Console.WriteLine("usage: Mentoring.Scheduling.Bench [--runs N]   (default 1000)");
        return args[k] is "-h" or "--help" ? 0 : 2;
    }
}

Console.WriteLine($"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, " +
                  $"{runs} runs per case after {Math.Max(100, runs / 5)} warm-up runs");
Console.WriteLine();
var table = new MarkdownTable("case", "people", "candidates", "busy / person", "slots", "full", "median ms", "p99 ms", "max ms", "KB allocated", "inputs ms");
foreach (var c in new[] { Workload.Pair(), Workload.Group(), Workload.GroupPartial(), Workload.Worst() })
{
    IReadOnlyList<Slot> result = [];
    for (var i = 0; i < Math.Max(100, runs / 5); i++) result = SlotFinder.Find(c.Query, c.People);
    GC.Collect();
    var samples = new double[runs];
    for (var i = 0; i < runs; i++)
    {
        var start = Stopwatch.GetTimestamp();
        result = SlotFinder.Find(c.Query, c.People);
        samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
    Array.Sort(samples);
    var allocated = GC.GetAllocatedBytesForCurrentThread();
    SlotFinder.Find(c.Query, c.People);
    allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

    // Building the inputs (free intervals from weekly windows, busy times parsed from each .ics): once per search.
    var inputs = new double[20];
    for (var i = 0; i < inputs.Length; i++)
    {
        var start = Stopwatch.GetTimestamp();
        c.BuildInputs();
        inputs[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
    Array.Sort(inputs);

    var q = c.Query;
    var candidates = (long)((q.To - q.Length - (q.EarliestStart > q.From ? q.EarliestStart : q.From)) / q.Granularity) + 1;
    table.Add(c.Name, $"{c.People.Count}", $"~{candidates:N0}", $"{c.BusyPerPerson}", $"{result.Count}",
        result.Count > 0 && result[0].Unavailable.Count == 0 ? "yes" : "no",
        MarkdownTable.Ms(Percentile(samples, 0.5)), MarkdownTable.Ms(Percentile(samples, 0.99)), MarkdownTable.Ms(samples[^1]), $"{allocated / 1024.0:F0}",
        MarkdownTable.Ms(Percentile(inputs, 0.5)));
}
table.Print();
return 0;

static double Percentile(double[] sorted, double fraction) =>
    sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
