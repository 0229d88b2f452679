using System.Diagnostics;
using Mentoring.Matching.Engine.Assignment.Solving;

namespace Mentoring.Matching.Bench.Assignment;

/// <summary>Where the time of one side-by-side engine run goes (issue 12, seventh change): the
/// stages of <c>AssignmentSolver.Solve</c> timed inside the same loop as
/// <see cref="FamiliesBenchmark"/> (OR-Tools interleaved), with the garbage collections, the
/// bytes allocated, the GC pause time and the minor page faults of each run, under three ways of
/// preparing a run: the families' <see cref="PeakMemory.Reset"/> (aggressive compacting GC, memory
/// given back to the system), a plain <c>GC.Collect()</c>, and nothing.</summary>
internal static class OutsideTimeBenchmark
{
    public static bool Run(BenchOptions options, int mentees, int mentors)
    {
        var table = new MarkdownTable("family", "before each run", "run", "engine ms", "engine CPU ms", "problem ms", "batch ms", "method ms", "result ms",
            "gen0/1/2 GCs", "allocated MB", "GC pause ms", "minor faults", "methods jitted", "JIT ms", "OR-Tools ms", "OR-Tools CPU ms", "OR-Tools faults");
        var seed = mentees == 50_000 ? 1000 + InstanceFamilies.All.Length : 1000;
        foreach (var family in InstanceFamilies.All)
        {
            var familySeed = seed++;
            if (!options.Includes(family.Name))
                continue;
            var instance = family.Generate(family.Name, mentees + 205, mentors, familySeed).Split(mentees).Batch;
            foreach (var mode in new[] { "PeakMemory.Reset", "GC.Collect", "nothing" })
            {
                for (var run = 0; run <= options.Runs; run++)
                {
                    Prepare(mode);
                    var faults0 = MinorFaults();
                    var gc0 = GC.CollectionCount(0);
                    var gc1 = GC.CollectionCount(1);
                    var gc2 = GC.CollectionCount(2);
                    var pause0 = GC.GetTotalPauseDuration();
                    var bytes0 = GC.GetAllocatedBytesForCurrentThread();
                    var jitted0 = System.Runtime.JitInfo.GetCompiledMethodCount();
                    var jitTime0 = System.Runtime.JitInfo.GetCompilationTime();
                    var cpu0 = CpuTime.ProcessMilliseconds();
                    var w = Stopwatch.StartNew();
                    var problem = EngineAssignment.Problem(instance);
                    var t0 = w.Elapsed.TotalMilliseconds;
                    var state = BatchBuilder.Build(problem);
                    var t1 = w.Elapsed.TotalMilliseconds;
                    BatchSolver.Solve(state);
                    var t2 = w.Elapsed.TotalMilliseconds;
                    var result = ResultBuilder.Build(problem, state, []);
                    var t3 = w.Elapsed.TotalMilliseconds;
                    var cpuMs = CpuTime.ProcessMilliseconds() - cpu0;
                    var bytes = GC.GetAllocatedBytesForCurrentThread() - bytes0;
                    var pause = (GC.GetTotalPauseDuration() - pause0).TotalMilliseconds;
                    var gcs = $"{GC.CollectionCount(0) - gc0}/{GC.CollectionCount(1) - gc1}/{GC.CollectionCount(2) - gc2}";
                    var faults = MinorFaults() - faults0;
                    var jitted = System.Runtime.JitInfo.GetCompiledMethodCount() - jitted0;
                    var jitMs = (System.Runtime.JitInfo.GetCompilationTime() - jitTime0).TotalMilliseconds;
                    GC.KeepAlive(result);
                    result = null;
                    problem = null;
                    state = null;

                    Prepare(mode);
                    var orFaults0 = MinorFaults();
                    var orCpu0 = CpuTime.ProcessMilliseconds();
                    var outcome = OrToolsMinCostFlow.Solve(instance);
                    var orCpuMs = CpuTime.ProcessMilliseconds() - orCpu0;
                    var orFaults = MinorFaults() - orFaults0;
                    table.Add(family.Name, mode, run == 0 ? "warm-up" : $"{run}", $"{t3:F1}", $"{cpuMs:F1}", $"{t0:F1}", $"{t1 - t0:F1}", $"{t2 - t1:F1}", $"{t3 - t2:F1}",
                        gcs, $"{bytes / 1e6:F1}", $"{pause:F1}", $"{faults:N0}", $"{jitted:N0}", $"{jitMs:F1}", $"{outcome.BuildMs + outcome.SolveMs:F1}", $"{orCpuMs:F1}", $"{orFaults:N0}");
                }
            }
            Console.Error.WriteLine($"  done: {family.Name}");
        }
        table.Print();
        Console.WriteLine($"GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, latency mode {System.Runtime.GCSettings.LatencyMode}; " +
            "minor faults = /proc/self/stat field 10 (pages first touched) during the run.");
        Console.WriteLine();
        return true;
    }

    private static void Prepare(string mode)
    {
        if (mode == "PeakMemory.Reset")
            PeakMemory.Reset();
        else if (mode == "GC.Collect")
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    /// <summary>Minor page faults of the process so far (Linux; 0 elsewhere).</summary>
    public static long MinorFaults()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After "pid (comm) ": state is field 3, minflt field 10, i.e. index 7 here.
            return long.Parse(fields[7]);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
