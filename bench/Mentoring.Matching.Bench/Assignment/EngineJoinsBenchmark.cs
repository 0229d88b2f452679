using Mentoring.Matching.Engine.Assignment;

namespace Mentoring.Matching.Bench.Assignment;

/// <summary>The engine's incremental joins alone on every family (no OR-Tools): the same batches
/// and newcomers as <see cref="FamiliesBenchmark"/> (same seeds), solved for joins, then 200 joins
/// timed one by one after 5 untimed ones, with their deterministic work (nodes settled and arcs
/// scanned) and the number of other mentees each join moves beside the times; checked against a
/// full re-solve.</summary>
internal static class EngineJoinsBenchmark
{
    private const int WarmUpJoins = 5;
    private const int Joins = 200 + WarmUpJoins;

    public static bool Run(BenchOptions options, int mentees, int mentors)
    {
        var table = new MarkdownTable("family", "solve for joins ms", "join p50 ms", "join p99 ms", "join max ms",
            "work p50", "work p99", "work max", "work total", "moves p50", "moves max", "joins check");
        var ok = true;
        // FamiliesBenchmark numbers its seeds from 1000 over the sizes 10k, then 50k.
        var seed = mentees == 10_000 ? 1000 : 1000 + InstanceFamilies.All.Length;
        foreach (var family in InstanceFamilies.All)
        {
            var familySeed = seed++;
            if (!options.Includes(family.Name))
                continue;
            var size = $"{AssignmentInstances.Size(mentees)} x {AssignmentInstances.Size(mentors)}";
            var (batch, newcomers) = family.Generate($"{family.Name} {size}", mentees + Joins, mentors, familySeed).Split(mentees);
            SolvedAssignment? solved = null;
            var solveMs = Timing.Milliseconds(() => solved = AssignmentSolver.SolveForJoins(EngineAssignment.Problem(batch)));
            GC.Collect();
            var times = new List<double>();
            var work = new List<double>();
            var moves = new List<double>();
            for (var k = 0; k < newcomers.MenteeCount; k++)
            {
                var candidates = newcomers.CandidatesOf(k);
                JoinOutcome? outcome = null;
                var ms = Timing.Milliseconds(() => outcome = solved!.Join(candidates));
                if (k >= WarmUpJoins)
                {
                    times.Add(ms);
                    work.Add(solved!.LastJoinWork);
                    moves.Add(outcome!.Moves.Count);
                }
            }
            if (Environment.GetEnvironmentVariable("BENCH_JOIN_TRACE") == "1")
                Console.Error.WriteLine($"{family.Name}: " + string.Join(" ", work) + "\n  ms: " + string.Join(" ", times.Select(t => t.ToString("F2"))));
            var full = AssignmentSolver.Solve(EngineAssignment.Problem(batch.Append(newcomers))).TotalScore;
            var same = full == solved!.TotalScore;
            ok &= same;
            table.Add(family.Name, MarkdownTable.Ms(solveMs), $"{Timing.Median(times):F3}", $"{Timing.Percentile(times, 0.99):F3}", $"{times.Max():F3}",
                $"{Timing.Median(work):N0}", $"{Timing.Percentile(work, 0.99):N0}", $"{work.Max():N0}", $"{work.Sum():N0}", $"{Timing.Median(moves):N0}", $"{moves.Max():N0}", same ? "same" : "MISMATCH");
            Console.Error.WriteLine($"  done: {family.Name} {size}");
        }
        table.Print();
        return ok;
    }
}
