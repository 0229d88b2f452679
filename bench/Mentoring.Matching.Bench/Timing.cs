using System.Diagnostics;

namespace Mentoring.Matching.Bench;

/// <summary>Wall-clock timing: one warm-up run (JIT, caches), then the median of measured runs.</summary>
internal static class Timing
{
    public static double Milliseconds(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>Runs <paramref name="run"/> once to warm up, then <paramref name="runs"/> times,
    /// and returns the median of each measured component. <paramref name="run"/> returns its own
    /// component timings (e.g. build, solve).</summary>
    public static double[] Median(int runs, Func<double[]> run)
    {
        run();
        var samples = new List<double[]>();
        for (var r = 0; r < runs; r++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            samples.Add(run());
        }
        var medians = new double[samples[0].Length];
        for (var c = 0; c < medians.Length; c++)
            medians[c] = Median(samples.Select(s => s[c]).ToList());
        return medians;
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static double Percentile(IReadOnlyList<double> values, double fraction)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(fraction * sorted.Length) - 1)];
    }
}
