namespace Mentoring.BuildingBlocks.Events;

/// <summary>Exponential backoff with a cap and "equal jitter": pure, so the rules are unit-tested.</summary>
public sealed record Backoff(TimeSpan Initial, TimeSpan Max)
{
    /// <summary>
    /// Delay before attempt <paramref name="failedAttempts"/> + 1: Initial x 2^(failedAttempts - 1),
    /// capped at Max, of which the upper half is randomised by <paramref name="jitter01"/> (0 to 1).
    /// </summary>
    public TimeSpan DelayAfter(int failedAttempts, double jitter01)
    {
        if (failedAttempts < 1) return TimeSpan.Zero;
        var exponent = Math.Min(failedAttempts - 1, 30);
        var raw = Math.Min(Initial.TotalMilliseconds * Math.Pow(2, exponent), Max.TotalMilliseconds);
        var half = raw / 2;
        return TimeSpan.FromMilliseconds(half + half * Math.Clamp(jitter01, 0, 1));
    }
}
