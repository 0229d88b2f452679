using System.Text.Json;
using Mentoring.Matching.Candidates.Scoring;

namespace Mentoring.Matching.Candidates;

/// <summary>A row of the <c>candidate</c> projection.</summary>
public sealed class CandidateRecord
{
    public const string SelectColumns =
        "person_id AS PersonId, display_name AS DisplayName, area_of_work AS AreaOfWork, " +
        "seniority_level AS SeniorityLevel, skills::text AS Skills";

    public Guid PersonId { get; init; }
    public string DisplayName { get; init; } = "";
    public string AreaOfWork { get; init; } = "";
    public short SeniorityLevel { get; init; }
    public string Skills { get; init; } = "{}";

    /// <summary>Skills as stored: lower-cased name → level.</summary>
    public static string SkillsJson(IEnumerable<(string Name, int Level)> skills) =>
        JsonSerializer.Serialize(skills.ToDictionary(s => s.Name.Trim().ToLowerInvariant(), s => s.Level));

    public ScoringProfile ToScoringProfile() => new(
        PersonId, DisplayName, SeniorityLevel, JsonSerializer.Deserialize<Dictionary<string, int>>(Skills)!);
}
