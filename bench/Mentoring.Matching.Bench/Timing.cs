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

/// <summary>CPU time of the whole process (every thread: the caller's, the GC's, the JIT's), in
/// milliseconds, from <c>clock_gettime(CLOCK_PROCESS_CPUTIME_ID)</c> (nanosecond resolution on
/// Linux; <see cref="System.Diagnostics.Process.TotalProcessorTime"/> elsewhere). Unlike wall-clock
/// time it does not count the time spent waiting for a core, so it moves much less with the load
/// of a shared machine.</summary>
internal static class CpuTime
{
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private const int ProcessCpuTimeClock = 2;

    public static double ProcessMilliseconds()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ProcessCpuTimeClock, out var time) == 0)
            return time.Seconds * 1e3 + time.Nanoseconds / 1e6;
        return System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
    }

    /// <summary>The 1-minute load average (Linux), or NaN.</summary>
    public static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}
