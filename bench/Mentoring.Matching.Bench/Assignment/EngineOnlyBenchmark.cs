using Mentoring.Matching.Engine.Assignment;

namespace Mentoring.Matching.Bench.Assignment;

/// <summary>The engine alone on every family (no OR-Tools, no joins): a quick check while tuning
/// the solver. Instances are generated once and kept.</summary>
internal static class EngineOnlyBenchmark
{
    public static bool Run(BenchOptions options, int mentees, int mentors)
    {
        var table = new MarkdownTable("family", "engine ms", "objective", "matched");
        var seed = 1000;
        foreach (var family in InstanceFamilies.All.Where(f => options.Includes(f.Name)))
        {
            var instance = family.Generate(family.Name, mentees, mentors, seed++);
            AssignmentResult? result = null;
            var ms = Timing.Median(options.Runs, () => [Timing.Milliseconds(() => result = AssignmentSolver.Solve(EngineAssignment.Problem(instance)))])[0];
            table.Add(family.Name, MarkdownTable.Ms(ms), $"{result!.TotalScore:N0}", $"{result.Matches.Count:N0}");
        }
        table.Print();
        return true;
    }
}
