using NodaTime;

namespace Mentoring.Scheduling.Engine.Speed;

/// <summary>
/// Timing of a speed-mentoring event: rounds of <see cref="Round"/>, <see cref="Changeover"/> between rounds, and a
/// break of <see cref="BreakLength"/> after every <see cref="BreakEvery"/>-th round (0 = no breaks; never after the last).
/// </summary>
public sealed record SpeedTiming(Instant EventStart, Duration Round, Duration Changeover, int BreakEvery, Duration BreakLength);

/// <summary>Round <see cref="Number"/> (from 1), [<see cref="Start"/>, <see cref="End"/>).</summary>
public readonly record struct RoundTime(int Number, Instant Start, Instant End);

/// <summary>Round times of a speed-mentoring event (pure).</summary>
public static class SpeedSchedule
{
    /// <summary>
    /// Round 1 starts at the event start; each next round starts at the previous round's end plus the changeover,
    /// plus the break length after every BreakEvery-th round.
    /// </summary>
    public static IReadOnlyList<RoundTime> Rounds(SpeedTiming timing, int rounds)
    {
        ArgumentNullException.ThrowIfNull(timing);
        ArgumentOutOfRangeException.ThrowIfNegative(rounds);
        if (timing.Round <= Duration.Zero) throw new ArgumentOutOfRangeException(nameof(timing), "Round must be positive.");
        if (timing.Changeover < Duration.Zero) throw new ArgumentOutOfRangeException(nameof(timing), "Changeover must not be negative.");
        if (timing.BreakEvery < 0) throw new ArgumentOutOfRangeException(nameof(timing), "BreakEvery must not be negative.");
        if (timing.BreakLength < Duration.Zero) throw new ArgumentOutOfRangeException(nameof(timing), "BreakLength must not be negative.");

        var result = new RoundTime[rounds];
        var start = timing.EventStart;
        for (var i = 1; i <= rounds; i++)
        {
            var end = start + timing.Round;
            result[i - 1] = new RoundTime(i, start, end);
            start = end + timing.Changeover;
            if (timing.BreakEvery > 0 && i % timing.BreakEvery == 0) start += timing.BreakLength;
        }
        return result;
    }
}
