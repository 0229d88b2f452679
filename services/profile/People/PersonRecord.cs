using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Mentoring.BuildingBlocks.Resources;
using Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.People;

/// <summary>A row of <c>person</c> and its mapping to the contract.</summary>
public sealed class PersonRecord
{
    public Guid Id { get; init; }
    public string DisplayName { get; init; } = "";
    public string Email { get; init; } = "";
    public string AreaOfWork { get; init; } = "";
    public short SeniorityLevel { get; init; }
    public string Skills { get; init; } = "[]";
    public short[] Roles { get; init; } = [];
    public string TimeZone { get; init; } = "UTC";
    public DateTime CreatedAt { get; init; }
    public int Version { get; init; }
    public Guid? LineManagerId { get; init; }

    public const string Collection = "people";

    public const string SelectColumns =
        "id, display_name AS DisplayName, email, area_of_work AS AreaOfWork, seniority_level AS SeniorityLevel, " +
        "skills::text AS Skills, roles, time_zone AS TimeZone, created_at AS CreatedAt, version, " +
        "line_manager_id AS LineManagerId";

    private sealed record StoredSkill(string Name, int Level);

    public static string SkillsJson(IEnumerable<Skill> skills) =>
        JsonSerializer.Serialize(skills.Select(s => new StoredSkill(s.Name.Trim(), s.Level)));

    public Person ToProto()
    {
        var person = new Person
        {
            Name = ResourceName.Format(Collection, Id),
            DisplayName = DisplayName,
            Email = Email,
            AreaOfWork = AreaOfWork,
            SeniorityLevel = (SeniorityLevel)SeniorityLevel,
            TimeZone = TimeZone,
            CreateTime = Timestamp.FromDateTime(DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc)),
            Etag = $"\"{Version}\"",
            LineManager = LineManagerId is { } manager ? ResourceName.Format(Collection, manager) : "",
        };
        person.Roles.AddRange(Roles.Select(r => (PersonRole)r));
        person.Skills.AddRange(JsonSerializer.Deserialize<StoredSkill[]>(Skills)!.Select(s => new Skill { Name = s.Name, Level = s.Level }));
        return person;
    }
}
