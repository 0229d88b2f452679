using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Profile.V1;

namespace Mentoring.Scheduling.Meetings;

/// <summary>How, where and under what title a meeting takes place.</summary>
public sealed record PlaceValues(short Format, string Location, string JoinUrl, string Title)
{
    public static PlaceValues Of(MeetingRecord m) => new(m.Format, m.Location, m.JoinUrl, m.Title);
}

/// <summary>
/// A change of a meeting's (or a series') format, place or title: the fields an update mask names
/// and their new values, checked alone before anything is read, and against what they change
/// (<see cref="Outcome"/>) before anything is written.
/// </summary>
public sealed partial class PlaceChange
{
    public static readonly IReadOnlyList<string> Updatable = ["format", "location", "join_url", "title"];

    private PlaceChange(IReadOnlyList<string> fields, PlaceValues values) => (Fields, Values) = (fields, values);

    /// <summary>The fields to change, in the order of <see cref="Updatable"/>.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>The new values (trimmed); only those of <see cref="Fields"/> apply.</summary>
    public PlaceValues Values { get; }

    /// <summary>Checks the mask and the new values; field names of the values start with <paramref name="prefix"/> (e.g. "meeting.").</summary>
    public static PlaceChange Parse(Violations v, string prefix, FieldMask? mask, MeetingFormat format, string location, string joinUrl, string title)
    {
        // A mask in a REST query string arrives as written (camelCase in JSON style); paths are snake_case.
        var paths = mask?.Paths.Select(SnakeCase).ToList() ?? [];
        if (paths.Count == 0) v.Add("update_mask", "is required: name the fields to update (format, location, join_url, title), or *");
        if (paths.Contains("*") && paths.Count > 1) v.Add("update_mask", "* must stand alone");
        foreach (var path in paths.Where(p => p != "*" && !Updatable.Contains(p)))
            v.Add("update_mask", $"'{path}' is not updatable: only format, location, join_url and title are");
        var fields = paths.Contains("*") ? Updatable : Updatable.Where(paths.Contains).ToList();

        if (fields.Contains("format") && (format == MeetingFormat.Unspecified || !System.Enum.IsDefined(format)))
            v.Add(prefix + "format", "must be IN_PERSON, PHONE, VIDEO or CHAT");
        v.MaxLength(prefix + "location", location, 500).MaxLength(prefix + "join_url", joinUrl, 2000).MaxLength(prefix + "title", title, 200);
        return new PlaceChange(fields, new PlaceValues((short)format, location.Trim(), joinUrl.Trim(), title.Trim()));
    }

    /// <summary>What <paramref name="current"/> becomes: the masked fields replaced, the others kept.</summary>
    public PlaceValues Outcome(PlaceValues current) => new(
        Fields.Contains("format") ? Values.Format : current.Format,
        Fields.Contains("location") ? Values.Location : current.Location,
        Fields.Contains("join_url") ? Values.JoinUrl : current.JoinUrl,
        Fields.Contains("title") ? Values.Title : current.Title);

    /// <summary>The fields whose value the change alters for <paramref name="current"/> (empty: nothing to write).</summary>
    public IReadOnlyList<string> Changed(PlaceValues current)
    {
        var after = Outcome(current);
        return Updatable.Where(f => f switch
        {
            "format" => after.Format != current.Format,
            "location" => after.Location != current.Location,
            "join_url" => after.JoinUrl != current.JoinUrl,
            _ => after.Title != current.Title,
        }).ToList();
    }

    /// <summary>The outcome for <paramref name="current"/> must be a valid format and place (<see cref="MeetingPlace.Check"/>).</summary>
    public void CheckOutcome(Violations v, string prefix, PlaceValues current)
    {
        var after = Outcome(current);
        MeetingPlace.Check(v, prefix, (MeetingFormat)after.Format, after.Location, after.JoinUrl);
    }

    private static string SnakeCase(string path) => CamelHump().Replace(path.Trim(), "_$1").ToLowerInvariant();

    [GeneratedRegex("(?<=[a-z0-9])([A-Z])")]
    private static partial Regex CamelHump();
}
