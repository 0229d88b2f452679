namespace Mentoring.Matching.Bench;

/// <summary>Options shared by the scenarios (from the command line).</summary>
/// <param name="Runs">Measured runs per timing (after one warm-up run); the median is reported.</param>
/// <param name="Families">Instance families to run (<c>--family NAME</c>, repeatable); empty for all.</param>
internal sealed record BenchOptions(int Runs, IReadOnlyList<string> Families)
{
    public bool Includes(string family) => Families.Count == 0 || Families.Contains(family);
}

/// <summary>A named benchmark scenario. <see cref="Run"/> prints its table and returns false if a
/// check failed (e.g. objectives differ), which makes the process exit non-zero.</summary>
/// <param name="InAll">Whether <c>all</c> (the default) runs it.</param>
internal sealed record Scenario(string Name, string Description, Func<BenchOptions, bool> Run, bool InAll = true);
