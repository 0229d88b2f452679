namespace Mentoring.BuildingBlocks.Events;

/// <summary>A coalescing wake-up: any number of pulses while nobody waits wake the next wait once.</summary>
public abstract class WakeSignal
{
    private readonly SemaphoreSlim pulses = new(0, 1);

    public void Pulse()
    {
        try { pulses.Release(); }
        catch (SemaphoreFullException) { /* already signalled */ }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => pulses.WaitAsync(timeout, ct);
}
