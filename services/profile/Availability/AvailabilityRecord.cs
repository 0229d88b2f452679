using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Profile.People;
using Mentoring.Scheduling.Engine.Availability;
using NodaTime;
using Proto = Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.Availability;

/// <summary>A stored weekly window: ISO day (1 = Monday) and minutes after local midnight (end 1440 = 24:00).</summary>
public sealed record StoredWindow(short DayOfWeek, short StartMinute, short EndMinute)
{
    public WeeklyWindow ToCalculation() =>
        new((IsoDayOfWeek)DayOfWeek, AvailabilityText.ToLocalTime(StartMinute), AvailabilityText.ToLocalTime(EndMinute));

    public Proto.WeeklyWindow ToProto() => new()
    {
        DayOfWeek = (Proto.DayOfWeek)DayOfWeek,
        StartTime = AvailabilityText.FormatTime(StartMinute),
        EndTime = AvailabilityText.FormatTime(EndMinute),
    };
}

/// <summary>A stored exception: an ISO local date and, unless the whole day is blocked, a local minute range.</summary>
public sealed record StoredException(string Date, short? StartMinute, short? EndMinute)
{
    public BlockedTime ToCalculation() => StartMinute is { } s && EndMinute is { } e
        ? new BlockedTime(AvailabilityText.ParseDate(Date)!.Value, AvailabilityText.ToLocalTime(s), AvailabilityText.ToLocalTime(e))
        : new BlockedTime(AvailabilityText.ParseDate(Date)!.Value);

    public Proto.AvailabilityException ToProto() => new()
    {
        Date = Date,
        StartTime = StartMinute is { } s ? AvailabilityText.FormatTime(s) : "",
        EndTime = EndMinute is { } e ? AvailabilityText.FormatTime(e) : "",
    };
}

/// <summary>A person's availability as stored, with the person's time zone.</summary>
public sealed record AvailabilityRecord(
    Guid PersonId, string TimeZone, int Version, DateTime? UpdatedAt, IReadOnlyList<StoredWindow> Windows, IReadOnlyList<StoredException> Exceptions)
{
    public const string Suffix = "/availability";

    public static string NameOf(Guid personId) => ResourceName.Format(PersonRecord.Collection, personId) + Suffix;

    /// <summary>Parses <c>people/{person_id}/availability</c>.</summary>
    public static bool TryParseName(string? name, out Guid personId)
    {
        personId = Guid.Empty;
        return name is not null && name.EndsWith(Suffix, StringComparison.Ordinal)
            && ResourceName.TryParse(PersonRecord.Collection, name[..^Suffix.Length], out personId);
    }

    /// <summary>The person part of an availability name (<c>people/{id}</c>), for the self check of the policies.</summary>
    public static string PersonOf(string? name) => (name ?? "").Split(Suffix)[0];

    public static string EtagOf(int version) => $"\"{version}\"";

    /// <summary>The zone's rules from the IANA database; an id unknown to it falls back to the system's, then UTC.</summary>
    public DateTimeZone Zone() =>
        DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone) ?? DateTimeZoneProviders.Bcl.GetZoneOrNull(TimeZone) ?? DateTimeZone.Utc;

    public Proto.Availability ToProto()
    {
        var availability = new Proto.Availability
        {
            Name = NameOf(PersonId),
            TimeZone = TimeZone,
            Etag = EtagOf(Version),
            UpdateTime = UpdatedAt is { } at ? Timestamp.FromDateTime(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null,
        };
        availability.WeeklyWindows.AddRange(Windows.Select(w => w.ToProto()));
        availability.Exceptions.AddRange(Exceptions.Select(e => e.ToProto()));
        return availability;
    }
}

/// <summary>The text forms of the contract: "HH:MM" local times (end "24:00") and ISO "YYYY-MM-DD" dates.</summary>
public static partial class AvailabilityText
{
    public const int MinutesPerDay = 1440;

    /// <summary>Minutes after midnight of "HH:MM" (00:00 to 23:59; "24:00" too when <paramref name="isEnd"/>), else null.</summary>
    public static short? ParseTime(string? text, bool isEnd)
    {
        if (text is null || !Time().IsMatch(text)) return null;
        var minutes = int.Parse(text[..2]) * 60 + int.Parse(text[3..]);
        if (text == "24:00") return isEnd ? (short)MinutesPerDay : null;
        return minutes < MinutesPerDay ? (short)minutes : null;
    }

    public static string FormatTime(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";

    /// <summary>A local time of the calculation; 1440 (24:00) is 00:00, which ends mean as the end of the day.</summary>
    public static LocalTime ToLocalTime(int minutes) => minutes >= MinutesPerDay ? LocalTime.Midnight : LocalTime.FromMinutesSinceMidnight(minutes);

    /// <summary>An ISO "YYYY-MM-DD" date of the years 1900 to 9999, else null.</summary>
    public static LocalDate? ParseDate(string? text)
    {
        if (text is null || !Date().IsMatch(text)) return null;
        var result = NodaTime.Text.LocalDatePattern.Iso.Parse(text);
        return result.Success && result.Value.Year >= 1900 ? result.Value : null;
    }

    [GeneratedRegex(@"^\d{2}:\d{2}$")]
    private static partial Regex Time();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex Date();
}
