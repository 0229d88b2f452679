using System.Numerics;

namespace Mentoring.Matching.Engine.Candidates;

/// <summary>
/// A set of hours of the week in UTC: hour 0 is Monday 00:00–01:00 UTC, hour 167 is Sunday
/// 23:00–24:00 UTC. The caller maps a person's local weekly windows to these slots. Immutable.
/// </summary>
public readonly record struct HourOfWeekSet(ulong Bits0, ulong Bits1, ulong Bits2)
{
    /// <summary>Hours in a week.</summary>
    public const int HoursPerWeek = 168;

    /// <summary>The empty set.</summary>
    public static HourOfWeekSet Empty => default;

    /// <summary>The set of the given hours (each 0 to 167).</summary>
    public static HourOfWeekSet Of(IEnumerable<int> hours)
    {
        ArgumentNullException.ThrowIfNull(hours);
        var set = Empty;
        foreach (var hour in hours) set = set.With(hour);
        return set;
    }

    /// <summary>The set of the hours <c>[fromHour, toHour)</c> of the week (no wrap-around).</summary>
    public static HourOfWeekSet Range(int fromHour, int toHour)
    {
        Check(fromHour);
        if (toHour < fromHour || toHour > HoursPerWeek) throw new ArgumentOutOfRangeException(nameof(toHour));
        var set = Empty;
        for (var h = fromHour; h < toHour; h++) set = set.With(h);
        return set;
    }

    /// <summary>This set plus <paramref name="hour"/>.</summary>
    public HourOfWeekSet With(int hour)
    {
        Check(hour);
        var bit = 1UL << (hour & 63);
        return (hour >> 6) switch
        {
            0 => this with { Bits0 = Bits0 | bit },
            1 => this with { Bits1 = Bits1 | bit },
            _ => this with { Bits2 = Bits2 | bit },
        };
    }

    /// <summary>Whether <paramref name="hour"/> is in the set.</summary>
    public bool Contains(int hour)
    {
        Check(hour);
        var word = (hour >> 6) switch { 0 => Bits0, 1 => Bits1, _ => Bits2 };
        return (word >> (hour & 63) & 1) != 0;
    }

    /// <summary>How many hours the set holds.</summary>
    public int Count => BitOperations.PopCount(Bits0) + BitOperations.PopCount(Bits1) + BitOperations.PopCount(Bits2);

    /// <summary>The hours in both sets.</summary>
    public HourOfWeekSet Intersect(HourOfWeekSet other) => new(Bits0 & other.Bits0, Bits1 & other.Bits1, Bits2 & other.Bits2);

    /// <summary>The hours in either set.</summary>
    public HourOfWeekSet Union(HourOfWeekSet other) => new(Bits0 | other.Bits0, Bits1 | other.Bits1, Bits2 | other.Bits2);

    /// <summary>The hours of the set, ascending.</summary>
    public IEnumerable<int> Hours()
    {
        for (var h = 0; h < HoursPerWeek; h++)
            if (Contains(h)) yield return h;
    }

    private static void Check(int hour)
    {
        if ((uint)hour >= HoursPerWeek) throw new ArgumentOutOfRangeException(nameof(hour), hour, "An hour of the week is 0 to 167.");
    }
}
