using Mentoring.Matching.Engine.Assignment;

namespace Mentoring.Matching.Bench.Assignment;

/// <summary>The reference instances: engine and OR-Tools on the same integers, objectives compared.</summary>
internal static class AssignmentBenchmark
{
    public static IEnumerable<Func<AssignmentInstance>> ReferenceInstances()
    {
        yield return () => AssignmentInstances.Uniform(10_000, 2_000, seed: 1);
        yield return () => AssignmentInstances.Skewed(10_000, 2_000, seed: 2);
        yield return () => AssignmentInstances.Uniform(50_000, 10_000, seed: 3);
        yield return () => AssignmentInstances.Skewed(50_000, 10_000, seed: 4);
    }

    public static bool Run(BenchOptions options) => Compare(ReferenceInstances(), options);

    /// <summary>Times both solvers on each instance (generated one at a time to bound memory) and
    /// prints the table; false if an objective differs.</summary>
    public static bool Compare(IEnumerable<Func<AssignmentInstance>> instances, BenchOptions options)
    {
        var table = new MarkdownTable("instance", "arcs", "engine ms", "engine solve ms", "OR-Tools ms", "OR-Tools solve ms",
            "ratio", "solve ratio", "objective", "matched", "check");
        var ok = true;
        foreach (var generate in instances)
        {
            var instance = generate();
            long engineObjective = 0;
            var matched = 0;
            var engine = Timing.Median(options.Runs, () =>
            {
                AssignmentProblem? problem = null;
                var build = Timing.Milliseconds(() => problem = EngineAssignment.Problem(instance));
                AssignmentResult? result = null;
                var solve = Timing.Milliseconds(() => result = AssignmentSolver.Solve(problem!));
                engineObjective = result!.TotalScore;
                matched = result.Matches.Count;
                return [build + solve, solve];
            });
            long orToolsObjective = 0;
            var orTools = Timing.Median(options.Runs, () =>
            {
                var outcome = OrToolsMinCostFlow.Solve(instance);
                orToolsObjective = outcome.Objective;
                return [outcome.BuildMs + outcome.SolveMs, outcome.SolveMs];
            });
            var same = engineObjective == orToolsObjective;
            ok &= same;
            table.Add(instance.Name, $"{instance.ArcCount:N0}", MarkdownTable.Ms(engine[0]), MarkdownTable.Ms(engine[1]),
                MarkdownTable.Ms(orTools[0]), MarkdownTable.Ms(orTools[1]), $"{engine[0] / orTools[0]:F2}", $"{engine[1] / orTools[1]:F2}",
                $"{engineObjective:N0}", $"{matched:N0}", same ? "same" : $"MISMATCH (OR-Tools {orToolsObjective:N0})");
        }
        table.Print();
        Console.WriteLine("engine ms = building the problem + solving (matches, unmatched reasons, shortage); OR-Tools ms = adding the arcs + Solve(); ratio = engine / OR-Tools.");
        Console.WriteLine();
        return ok;
    }
}
