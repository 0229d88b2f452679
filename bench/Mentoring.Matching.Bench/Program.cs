using Mentoring.Matching.Bench;
using Mentoring.Matching.Bench.Assignment;
using Mentoring.Matching.Bench.Candidates;

// Benchmarks of the matching engine. Usage:
//   dotnet run -c Release --project bench/Mentoring.Matching.Bench [-- <scenario>... | all] [--runs N]
// A scenario is one line below: add yours to the list.
Scenario[] scenarios =
[
    new("assignment", "Batch assignment: engine vs OR-Tools MinCostFlow, same objective", AssignmentBenchmark.Run),
    new("assignment-join", "Incremental join of one mentee into a solved 10k x 2k batch", JoinBenchmark.Run),
    new("candidates", "Candidate generation and explained scores, 10k mentees x 2k mentors, top 50", CandidateBenchmark.Run),
    new("assignment-families", "Programme-like and adversarial families at 10k x 2k and 50k x 10k: engine vs OR-Tools, peak memory, joins",
        options => FamiliesBenchmark.Run(options, [(10_000, 2_000), (50_000, 10_000)])),
    new("assignment-families-10k", "The families at 10k x 2k only", options => FamiliesBenchmark.Run(options, [(10_000, 2_000)]), InAll: false),
    new("assignment-families-500k", "The families at 500k x 100k (minutes; use --runs 1)",
        options => FamiliesBenchmark.Run(options, [(500_000, 100_000)]), InAll: false),
    new("assignment-families-engine", "The engine alone on the families at 10k x 2k (quick check while tuning)",
        options => EngineOnlyBenchmark.Run(options, 10_000, 2_000), InAll: false),
    new("assignment-families-engine-50k", "The engine alone on the families at 50k x 10k", options => EngineOnlyBenchmark.Run(options, 50_000, 10_000), InAll: false),
    new("assignment-families-joins", "The engine's joins alone on the families at 10k x 2k, with their work (nodes and arcs scanned)",
        options => EngineJoinsBenchmark.Run(options, 10_000, 2_000), InAll: false),
    new("assignment-families-joins-50k", "The engine's joins alone on the families at 50k x 10k", options => EngineJoinsBenchmark.Run(options, 50_000, 10_000), InAll: false),
    new("assignment-families-trace", "The batch method's deterministic work per family at 10k x 2k (auction phases, bids, arc scans)",
        options => AuctionTraceBenchmark.Run(options, 10_000, 2_000), InAll: false),
    new("assignment-families-trace-50k", "The same at 50k x 10k", options => AuctionTraceBenchmark.Run(options, 50_000, 10_000), InAll: false),
    new("assignment-families-trace-500k", "The same at 500k x 100k (the instances of assignment-families-500k run on all families)",
        options => AuctionTraceBenchmark.Run(options, 500_000, 100_000), InAll: false),
    new("assignment-families-outside", "Where a side-by-side engine run's time goes at 10k x 2k: stages, GCs, allocation, page faults (issue 12)",
        options => OutsideTimeBenchmark.Run(options, 10_000, 2_000), InAll: false),
    new("assignment-families-outside-50k", "The same at 50k x 10k", options => OutsideTimeBenchmark.Run(options, 50_000, 10_000), InAll: false),
    new("assignment-shapes", "Batch assignment on other shapes (capacity 1, ties, over/under-demand)", ShapesBenchmark.Run, InAll: false),
];

var runs = 5;
var names = new List<string>();
var families = new List<string>();
for (var k = 0; k < args.Length; k++)
{
    if (args[k] == "--runs" && k + 1 < args.Length && int.TryParse(args[++k], out var n) && n > 0)
        runs = n;
    else if (args[k] == "--family" && k + 1 < args.Length)
        families.Add(args[++k]);
    else if (args[k] is "-h" or "--help")
        names.Add("help");
    else
        names.Add(args[k]);
}
if (names.Count == 0)
    names.Add("all");
if (names.Contains("help") || names.Any(name => name != "all" && scenarios.All(s => s.Name != name)))
{
    Console.WriteLine("usage: Mentoring.Matching.Bench [all | <scenario>...] [--runs N] [--family NAME]...   (default: all, 5 runs, every family)");
    foreach (var s in scenarios)
        Console.WriteLine($"  {s.Name,-20} {s.Description}{(s.InAll ? "" : " (not in all)")}");
    return names.Contains("help") ? 0 : 2;
}

var selected = scenarios.Where(s => names.Contains(s.Name) || names.Contains("all") && s.InAll).ToList();
Console.WriteLine($"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, median of {runs} runs after a warm-up");
Console.WriteLine();
var ok = true;
foreach (var scenario in selected)
{
    Console.WriteLine($"## {scenario.Name}: {scenario.Description}");
    Console.WriteLine();
    ok &= scenario.Run(new BenchOptions(runs, families));
}
if (!ok)
    Console.WriteLine("FAILED: see the rows marked MISMATCH above.");
return ok ? 0 : 1;
