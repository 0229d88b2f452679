using Mentoring.Matching.Engine.Assignment;

namespace Mentoring.Matching.Bench.Assignment;

/// <summary>
/// Every family of <see cref="InstanceFamilies"/> at the given sizes: the engine and OR-Tools
/// side by side in one run (time, objective, peak working set), then incremental joins of the
/// family's own newcomers into the solved batch (Reoptimise mode), checked against a full re-solve.
/// </summary>
internal static class FamiliesBenchmark
{
    private const int Joins = 200 + WarmUpJoins;

    public static bool Run(BenchOptions options, (int Mentees, int Mentors)[] sizes)
    {
        var table = new MarkdownTable("family", "size", "arcs", "distinct scores", "places / mentees", "engine ms", "OR-Tools ms", "ratio",
            "engine CPU ms", "OR-Tools CPU ms", "CPU ratio", "load", "objective", "objective equal", "engine peak MB", "engine for joins peak MB", "OR-Tools peak MB", "join p50 ms", "join p99 ms", "joins check");
        var ok = true;
        // Each family and size has its own seed, whichever families --family selects (the same
        // instances as a full run and as the traces of AuctionTraceBenchmark).
        var seed = 1000;
        foreach (var (mentees, mentors) in sizes)
        {
            foreach (var family in InstanceFamilies.All)
            {
                var familySeed = seed++;
                if (!options.Includes(family.Name))
                    continue;
                var size = $"{AssignmentInstances.Size(mentees)} x {AssignmentInstances.Size(mentors)}";
                var (batch, newcomers) = family.Generate($"{family.Name} {size}", mentees + Joins, mentors, familySeed).Split(mentees);
                ok &= Measure(table, family.Name, size, batch, newcomers, options);
                Console.Error.WriteLine($"  done: {family.Name} {size}");
            }
        }
        table.Print();
        Console.WriteLine("engine ms = building the problem + solving; OR-Tools ms = adding the arcs + Solve(); ratio = engine / OR-Tools; " +
            "CPU ms = the process's CPU time over the same span (every thread: GC and JIT included), median of the runs; load = 1-minute load average before and after the row's runs; " +
            $"peak MB = the process's peak working set during a run (the instance's arrays included; for joins: from SolveForJoins through the joins); join = {Joins - WarmUpJoins} newcomers of the " +
            $"same family joining one by one (Reoptimise) after {WarmUpJoins} untimed ones, each timed alone; joins check = total score after the joins vs a full re-solve.");
        Console.WriteLine();
        return ok;
    }

    private static bool Measure(MarkdownTable table, string family, string size, AssignmentInstance batch, AssignmentInstance newcomers, BenchOptions options)
    {
        // Interleaved (engine, OR-Tools, engine, ...) after one warm-up run of each, so that both
        // see the same load of the shared machine. Runs of seconds (large sizes) need no warm-up.
        long engineObjective = 0, orToolsObjective = 0, enginePeak = 0, orToolsPeak = 0;
        var engineTimes = new List<double>();
        var orToolsTimes = new List<double>();
        var engineCpu = new List<double>();
        var orToolsCpu = new List<double>();
        var loadBefore = CpuTime.LoadAverage();
        var warmUp = batch.MenteeCount < 100_000 ? 1 : 0;
        for (var run = 1 - warmUp; run <= options.Runs; run++)
        {
            PeakMemory.Reset();
            AssignmentResult? result = null;
            var cpu = CpuTime.ProcessMilliseconds();
            var ms = Timing.Milliseconds(() => result = AssignmentSolver.Solve(EngineAssignment.Problem(batch)));
            var cpuMs = CpuTime.ProcessMilliseconds() - cpu;
            enginePeak = Math.Max(enginePeak, PeakMemory.PeakMegabytes());
            engineObjective = result!.TotalScore;
            result = null;

            PeakMemory.Reset();
            cpu = CpuTime.ProcessMilliseconds();
            var outcome = OrToolsMinCostFlow.Solve(batch);
            var orCpuMs = CpuTime.ProcessMilliseconds() - cpu;
            orToolsPeak = Math.Max(orToolsPeak, PeakMemory.PeakMegabytes());
            orToolsObjective = outcome.Objective;
            if (run > 0)
            {
                engineTimes.Add(ms);
                orToolsTimes.Add(outcome.BuildMs + outcome.SolveMs);
                engineCpu.Add(cpuMs);
                orToolsCpu.Add(orCpuMs);
            }
        }
        var engine = Timing.Median(engineTimes);
        var orTools = Timing.Median(orToolsTimes);
        var same = engineObjective == orToolsObjective;
        var load = $"{loadBefore:F1}-{CpuTime.LoadAverage():F1}";

        var (p50, p99, joinsOk, joinsPeak) = JoinTimes(batch, newcomers);
        string[] row = [family, size, $"{batch.ArcCount:N0}", $"{batch.ArcScore.Distinct().Count():N0}",
            $"{batch.MentorCapacity.Sum(c => (long)c) / (double)batch.MenteeCount:F2}", MarkdownTable.Ms(engine), MarkdownTable.Ms(orTools),
            $"{engine / orTools:F2}", MarkdownTable.Ms(Timing.Median(engineCpu)), MarkdownTable.Ms(Timing.Median(orToolsCpu)),
            $"{Timing.Median(engineCpu) / Timing.Median(orToolsCpu):F2}", load, $"{engineObjective:N0}", same ? "yes" : $"NO: MISMATCH (OR-Tools {orToolsObjective:N0})",
            $"{enginePeak:N0}", $"{joinsPeak:N0}", $"{orToolsPeak:N0}", $"{p50:F3}", $"{p99:F3}", joinsOk ? "same" : "MISMATCH"];
        table.Add(row);
        // Each row also goes out at once: a run at 500k takes long, and a row is worth keeping.
        Console.Error.WriteLine("| " + string.Join(" | ", row) + " |");
        return same && joinsOk;
    }

    private const int WarmUpJoins = 5;

    /// <summary>Join times, the check against a full re-solve, and the peak working set of the
    /// instance solved for joins (its in-arcs and exits included) through the joins.</summary>
    private static (double P50, double P99, bool Ok, long PeakMb) JoinTimes(AssignmentInstance batch, AssignmentInstance newcomers)
    {
        PeakMemory.Reset();
        var solved = AssignmentSolver.SolveForJoins(EngineAssignment.Problem(batch));
        GC.Collect();
        var times = new List<double>();
        for (var k = 0; k < newcomers.MenteeCount; k++)
        {
            var candidates = newcomers.CandidatesOf(k);
            var ms = Timing.Milliseconds(() => solved.Join(candidates));
            if (k >= WarmUpJoins)
                times.Add(ms);
        }
        var peak = PeakMemory.PeakMegabytes();
        var full = AssignmentSolver.Solve(EngineAssignment.Problem(batch.Append(newcomers))).TotalScore;
        return (Timing.Median(times), Timing.Percentile(times, 0.99), full == solved.TotalScore, peak);
    }
}
