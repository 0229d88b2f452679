using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Profile.People;

namespace Mentoring.Profile.Competencies;

/// <summary>A row of <c>competency</c> and its mapping to the contract.</summary>
public sealed class CompetencyRecord
{
    public Guid Id { get; init; }
    public string Area { get; init; } = "";
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public string Levels { get; init; } = "[]";
    public int Version { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }

    /// <summary>The sort keys of listings, lower(area) and lower(name) as the database computes them (only when selected).</summary>
    public string AreaKey { get; init; } = "";
    public string NameKey { get; init; } = "";

    public const string Collection = "competencies";

    public const string SelectColumns =
        "id, area, name, description, levels::text AS Levels, version, created_at AS CreatedAt, updated_at AS UpdatedAt";

    private sealed record StoredLevel(string Label, string Description);

    public int LevelCount => JsonSerializer.Deserialize<List<StoredLevel>>(Levels)!.Count;

    public static string EtagOf(int version) => $"\"{version}\"";

    public static string LevelsJson(IEnumerable<CompetencyLevel> levels) =>
        JsonSerializer.Serialize(levels.Select(l => new StoredLevel(l.Label.Trim(), l.Description.Trim())));

    /// <summary>Column values of a competency as it should be stored (trimmed).</summary>
    public static object Columns(Competency c) => new
    {
        Area = c.Area.Trim(),
        Name = c.DisplayName.Trim(),
        Description = c.Description.Trim(),
        Levels = LevelsJson(c.Levels),
    };

    public Competency ToProto()
    {
        var competency = new Competency
        {
            Name = ResourceName.Format(Collection, Id),
            DisplayName = Name,
            Area = Area,
            Description = Description,
            CreateTime = Timestamp.FromDateTime(DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc)),
            UpdateTime = Timestamp.FromDateTime(DateTime.SpecifyKind(UpdatedAt, DateTimeKind.Utc)),
            Etag = EtagOf(Version),
        };
        var levels = JsonSerializer.Deserialize<List<StoredLevel>>(Levels)!;
        competency.Levels.AddRange(levels.Select((l, i) => new CompetencyLevel { Level = i + 1, Label = l.Label, Description = l.Description }));
        return competency;
    }
}

/// <summary>Names of a person's standing in a competency: <c>people/{person_id}/competencies/{competency_id}</c>.</summary>
public static class PersonCompetencyName
{
    public static string Format(Guid personId, Guid competencyId) =>
        $"{ResourceName.Format(PersonRecord.Collection, personId)}/{ResourceName.Format(CompetencyRecord.Collection, competencyId)}";

    /// <summary>
    /// The person part (<c>people/{id}</c>) of a name such as <c>people/{id}/competencies/{cid}</c>, for the
    /// self check of the policies (which compares the id after the last '/'); the name itself when it has no such part.
    /// </summary>
    public static string PersonOf(string? name)
    {
        var parts = (name ?? "").Split('/');
        return parts.Length >= 2 && parts[0] == PersonRecord.Collection ? $"{parts[0]}/{parts[1]}" : name ?? "";
    }
}
