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
    public string JobTitle { get; init; } = "";
    public string Location { get; init; } = "";
    public string[] Languages { get; init; } = [];
    public short[] MeetingFormats { get; init; } = [];
    public int MentorCapacity { get; init; }
    public int HoursPerMonth { get; init; }
    public string Motivation { get; init; } = "";
    public short Status { get; init; } = 1;
    public Guid? OrgUnitId { get; init; }

    public const string Collection = "people";

    public const string SelectColumns =
        "id, display_name AS DisplayName, email, area_of_work AS AreaOfWork, seniority_level AS SeniorityLevel, " +
        "skills::text AS Skills, roles, time_zone AS TimeZone, created_at AS CreatedAt, version, " +
        "line_manager_id AS LineManagerId, job_title AS JobTitle, location, languages, meeting_formats AS MeetingFormats, " +
        "mentor_capacity AS MentorCapacity, hours_per_month AS HoursPerMonth, motivation, status, org_unit_id AS OrgUnitId";

    private sealed record StoredSkill(string Name, int Level);

    /// <summary>The columns a caller can write, and the parameters of <see cref="Columns"/> that fill them.</summary>
    public const string WritableColumns =
        "display_name, email, area_of_work, seniority_level, skills, roles, time_zone, job_title, location, languages, " +
        "meeting_formats, mentor_capacity, hours_per_month, motivation, status, org_unit_id";

    public const string WritableValues =
        "@DisplayName, @Email, @AreaOfWork, @Seniority, @Skills::jsonb, @Roles, @TimeZone, @JobTitle, @Location, @Languages, " +
        "@MeetingFormats, @MentorCapacity, @HoursPerMonth, @Motivation, @Status, @OrgUnitId";

    /// <summary>Column values of a person as it should be stored (trimmed, defaults applied).</summary>
    public static object Columns(Person p) => new
    {
        DisplayName = p.DisplayName.Trim(),
        Email = p.Email.Trim(),
        AreaOfWork = p.AreaOfWork.Trim(),
        Seniority = (short)p.SeniorityLevel,
        Skills = SkillsJson(p.Skills),
        Roles = p.Roles.Select(r => (short)r).ToArray(),
        TimeZone = p.TimeZone.Length > 0 ? p.TimeZone : "UTC",
        JobTitle = p.JobTitle.Trim(),
        Location = p.Location.Trim(),
        Languages = p.Languages.ToArray(),
        MeetingFormats = p.MeetingFormats.Select(f => (short)f).ToArray(),
        p.MentorCapacity,
        p.HoursPerMonth,
        Motivation = p.Motivation.Trim(),
        Status = (short)(p.Status == PersonStatus.Unspecified ? PersonStatus.Active : p.Status),
        OrgUnitId = ResourceName.TryParse("orgUnits", p.OrgUnit, out var unit) ? unit : (Guid?)null,
    };

    /// <summary>A new row as a JSON-serialisable object (the names <see cref="Columns"/> uses), for bulk inserts.</summary>
    public static Dictionary<string, object?> Row(Guid id, string externalId, Person p)
    {
        var row = System.Text.Json.JsonSerializer.SerializeToElement(Columns(p)).EnumerateObject()
            .ToDictionary(x => x.Name, x => (object?)x.Value);
        row["Id"] = id;
        row["ExternalId"] = externalId;
        return row;
    }

    /// <summary>The person as it would be stored: strings trimmed, defaults applied.</summary>
    public static Person Normalize(Person p)
    {
        var n = p.Clone();
        n.DisplayName = p.DisplayName.Trim();
        n.Email = p.Email.Trim();
        n.AreaOfWork = p.AreaOfWork.Trim();
        n.TimeZone = p.TimeZone.Length > 0 ? p.TimeZone : "UTC";
        n.JobTitle = p.JobTitle.Trim();
        n.Location = p.Location.Trim();
        n.Motivation = p.Motivation.Trim();
        foreach (var skill in n.Skills) skill.Name = skill.Name.Trim();
        if (n.Status == PersonStatus.Unspecified) n.Status = PersonStatus.Active;
        return n;
    }

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
            JobTitle = JobTitle,
            Location = Location,
            MentorCapacity = MentorCapacity,
            HoursPerMonth = HoursPerMonth,
            Motivation = Motivation,
            Status = (PersonStatus)Status,
            OrgUnit = OrgUnitId is { } unit ? ResourceName.Format("orgUnits", unit) : "",
        };
        person.Languages.AddRange(Languages);
        person.MeetingFormats.AddRange(MeetingFormats.Select(f => (MeetingFormat)f));
        person.Roles.AddRange(Roles.Select(r => (PersonRole)r));
        person.Skills.AddRange(JsonSerializer.Deserialize<StoredSkill[]>(Skills)!.Select(s => new Skill { Name = s.Name, Level = s.Level }));
        return person;
    }
}
