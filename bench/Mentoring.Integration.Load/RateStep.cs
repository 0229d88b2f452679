using System.Diagnostics;

namespace Mentoring.Integration.Load;

/// <summary>What one paced run at a target rate measured.</summary>
internal sealed record StepResult(
    string Source, int Target, double Offered, int Events, double PerCommit, double P50, double P99, double Max,
    double DrainMs, double Delivered, bool AllOnce, bool KeepsUp);

/// <summary>
/// Commits events at a target rate for a while (as fast as commits return, each commit taking what
/// is due, so batches grow only when a commit takes longer than the pace allows), then waits for the
/// stream to deliver them. Latency of an event = its arrival on the stream − the return of its commit.
/// </summary>
internal static class RateStep
{
    /// <summary>
    /// Keeping up: every event arrived once and in order, the producer held ≥ 95 % of the target
    /// rate, and the stream was less than <see cref="MaxDrain"/> behind when the producer stopped.
    /// </summary>
    public static readonly TimeSpan MaxDrain = TimeSpan.FromSeconds(1);

    public static async Task<StepResult> RunAsync(IEventSource source, StreamProbe probe, int rate, TimeSpan duration, CancellationToken ct)
    {
        var commits = new List<(Guid[] Ids, long At)>();
        var start = Stopwatch.GetTimestamp();
        long sent = 0;
        var maxBatch = Math.Max(1, rate / 10); // at most 100 ms worth per commit
        double Elapsed() => Stopwatch.GetElapsedTime(start).TotalSeconds;
        while (Elapsed() < duration.TotalSeconds)
        {
            var due = (long)(rate * Elapsed()) - sent;
            if (due <= 0)
            {
                await Task.Delay(1, ct);
                continue;
            }
            var batch = await source.CommitAsync((int)Math.Min(due, maxBatch), ct);
            commits.Add(batch);
            sent += batch.Ids.Length;
        }
        var produced = Elapsed();
        var ids = commits.SelectMany(c => c.Ids).ToList();
        var (duplicates, disorder) = (probe.Duplicates, probe.OutOfOrder);
        // A path that fell behind drains at its own pace (~100 events/s at worst here).
        var all = await probe.WaitForAsync(ids, TimeSpan.FromSeconds(Math.Max(60, ids.Count / 100.0)));

        var latencies = commits.SelectMany(c => c.Ids.Select(id => probe.ArrivedAt(id) is { } at ? Ms(at - c.At) : double.NaN))
            .Where(double.IsFinite).Order().ToArray();
        var lastArrival = ids.Select(probe.ArrivedAt).Max() ?? start;
        var drain = Ms(lastArrival - commits[^1].At);
        var once = all && probe.Duplicates == duplicates && probe.OutOfOrder == disorder;
        return new StepResult(source.Name, rate, sent / produced, ids.Count, (double)ids.Count / commits.Count,
            Stats.Percentile(latencies, 0.50), Stats.Percentile(latencies, 0.99), latencies[^1], drain,
            ids.Count / Math.Max(Ms(lastArrival - start) / 1000, produced), once,
            once && sent / produced >= 0.95 * rate && drain <= MaxDrain.TotalMilliseconds);
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
