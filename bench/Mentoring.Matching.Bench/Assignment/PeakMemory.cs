namespace Mentoring.Matching.Bench.Assignment;

/// <summary>Peak working set (resident memory) of the process over a stretch of code, on Linux:
/// writing 5 to <c>/proc/self/clear_refs</c> resets the peak (VmHWM) to the current working set,
/// and <c>/proc/self/status</c> reports it. Elsewhere the process's lifetime peak is returned.</summary>
internal static class PeakMemory
{
    public static void Reset()
    {
        // Aggressive: compacts and gives the freed memory back to the system, so that what the
        // previous step (e.g. generating the instance) used does not count.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The peak working set since the last <see cref="Reset"/>, in MB.</summary>
    public static long PeakMegabytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
            }
        }
        catch (IOException)
        {
        }
        return System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 >> 20;
    }
}
