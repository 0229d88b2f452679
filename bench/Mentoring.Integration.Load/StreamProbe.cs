using System.Collections.Concurrent;
using System.Diagnostics;
using Mentoring.Client;
using Mentoring.Contracts.Events.V1;

namespace Mentoring.Integration.Load;

/// <summary>
/// A partner's WatchEvents stream through the gateway (the .NET client's resumable stream), noting
/// when each event arrived (<see cref="Stopwatch"/> ticks) and whether positions only ever grew.
/// </summary>
internal sealed class StreamProbe : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, long> arrived = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task reading;
    private long last = -1;

    public StreamProbe(MentoringClient client, long? resumeAfter)
    {
        Stream = client.WatchEvents(new WatchEventsOptions { EventTypes = [MeetingScheduled.Descriptor.FullName], ResumeAfter = resumeAfter });
        reading = Task.Run(async () =>
        {
            await foreach (var item in Stream.WithCancellation(stop.Token))
            {
                var now = Stopwatch.GetTimestamp();
                if (!arrived.TryAdd(Guid.Parse(item.Event!.Id), now)) Duplicates++;
                if (item.Position <= last) OutOfOrder++;
                last = item.Position;
            }
        });
    }

    public ResumableEventStream Stream { get; }
    public int Duplicates { get; private set; }
    public int OutOfOrder { get; private set; }
    public int Count => arrived.Count;

    /// <summary>When the event arrived; null if it has not.</summary>
    public long? ArrivedAt(Guid id) => arrived.TryGetValue(id, out var t) ? t : null;

    /// <summary>Waits until every one of <paramref name="ids"/> arrived; false at the deadline.</summary>
    public async Task<bool> WaitForAsync(IReadOnlyList<Guid> ids, TimeSpan deadline)
    {
        var until = Stopwatch.GetTimestamp() + (long)(deadline.TotalSeconds * Stopwatch.Frequency);
        var next = 0;
        while (true)
        {
            if (reading.IsFaulted) throw new InvalidOperationException("the stream failed", reading.Exception);
            while (next < ids.Count && arrived.ContainsKey(ids[next])) next++;
            if (next == ids.Count) return true;
            if (Stopwatch.GetTimestamp() > until) return false;
            await Task.Delay(5);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try { await reading; }
        catch (OperationCanceledException) { }
    }
}
