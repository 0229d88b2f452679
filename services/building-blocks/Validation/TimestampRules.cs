using Google.Protobuf.WellKnownTypes;

namespace Mentoring.BuildingBlocks.Validation;

/// <summary>Timestamps from requests, checked before use: a malformed one is a field violation, never an exception.</summary>
public static class TimestampRules
{
    private static readonly long MinSeconds = new DateTimeOffset(1, 1, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
    private static readonly long MaxSeconds = new DateTimeOffset(9999, 12, 30, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    /// <summary>The timestamp as a UTC DateTime, or null (with a violation when it is required or malformed).</summary>
    public static DateTime? UtcTime(this Violations v, string field, Timestamp? timestamp, bool required = true)
    {
        if (timestamp is null)
        {
            if (required) v.Add(field, "is required");
            return null;
        }
        if (timestamp.Seconds < MinSeconds || timestamp.Seconds > MaxSeconds || timestamp.Nanos is < 0 or > 999_999_999)
        {
            v.Add(field, "must be a valid timestamp from 0001-01-02 to 9999-12-30");
            return null;
        }
        return timestamp.ToDateTime();
    }
}
