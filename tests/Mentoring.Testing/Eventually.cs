namespace Mentoring.Testing;

/// <summary>Waits for eventual consistency by probing a condition until a deadline; never a fixed sleep.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(20);

    /// <summary>Returns the first non-null result of <paramref name="probe"/>; fails with <paramref name="what"/> at the deadline.</summary>
    public static async Task<T> Until<T>(string what, Func<Task<T?>> probe, TimeSpan? deadline = null) where T : class
    {
        var until = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        Exception? last = null;
        var pause = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            try
            {
                if (await probe() is { } result) return result;
            }
            catch (Exception e)
            {
                last = e;
            }
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"Not true within {(deadline ?? DefaultDeadline).TotalSeconds} s: {what}", last);
            await Task.Delay(pause);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 1.5, 250));
        }
    }

    public static Task True(string what, Func<Task<bool>> probe, TimeSpan? deadline = null) =>
        Until(what, async () => await probe() ? "yes" : null, deadline);
}
