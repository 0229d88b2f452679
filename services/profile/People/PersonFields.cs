using System.Text.RegularExpressions;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.People;

/// <summary>The writable fields of a person and the rules of each (pure; no I/O).</summary>
public static partial class PersonFields
{
    public const int MaxSkills = 50;
    public const int MaxLanguages = 20;

    /// <summary>Paths a caller may set, in the order their rules are checked.</summary>
    public static readonly IReadOnlyList<string> Writable =
    [
        "display_name", "area_of_work", "email", "seniority_level", "roles", "skills", "time_zone",
        "job_title", "location", "languages", "meeting_formats", "mentor_capacity", "hours_per_month", "motivation", "status",
        "org_unit",
    ];

    /// <summary>Checks the given fields of <paramref name="p"/>, reporting violations as <c>{prefix}{field}</c>.</summary>
    public static void Validate(Violations v, Person p, IReadOnlyCollection<string> fields, string prefix, bool statusMayBeUnspecified)
    {
        foreach (var field in Writable.Where(fields.Contains))
        {
            var path = prefix + field;
            switch (field)
            {
                case "display_name": v.RequireText(path, p.DisplayName, 200); break;
                case "area_of_work": v.RequireText(path, p.AreaOfWork, 100); break;
                case "email":
                    if (string.IsNullOrWhiteSpace(p.Email)) v.Add(path, "is required");
                    else if (p.Email.Length > 254) v.Add(path, "must be at most 254 characters");
                    else if (!IsEmail(p.Email)) v.Add(path, "is not a valid e-mail address");
                    break;
                case "seniority_level":
                    if (!Enum.IsDefined(p.SeniorityLevel) || p.SeniorityLevel == SeniorityLevel.Unspecified)
                        v.Add(path, "must be one of ENTRY, JUNIOR, INTERMEDIATE, SENIOR, PRINCIPAL, EXECUTIVE");
                    break;
                case "roles":
                    if (p.Roles.Count == 0) v.Add(path, "must hold at least one role");
                    for (var i = 0; i < p.Roles.Count; i++)
                        if (!Enum.IsDefined(p.Roles[i]) || p.Roles[i] == PersonRole.Unspecified) v.Add($"{path}[{i}]", "must be MENTOR or MENTEE");
                    if (p.Roles.Distinct().Count() != p.Roles.Count) v.Add(path, "must not repeat a role");
                    break;
                case "skills": ValidateSkills(v, p, path); break;
                case "time_zone":
                    if (p.TimeZone.Length > 0 && !IsIanaTimeZone(p.TimeZone)) v.Add(path, "must be an IANA time zone such as Europe/Paris");
                    break;
                case "job_title": v.MaxLength(path, p.JobTitle, 100); break;
                case "location": v.MaxLength(path, p.Location, 100); break;
                case "languages":
                    if (p.Languages.Count > MaxLanguages) v.Add(path, $"must hold at most {MaxLanguages} languages");
                    for (var i = 0; i < p.Languages.Count; i++)
                        if (!LanguageTag().IsMatch(p.Languages[i])) v.Add($"{path}[{i}]", "must be a BCP 47 language tag such as en or pt-BR");
                    if (p.Languages.Select(l => l.ToLowerInvariant()).Distinct().Count() != p.Languages.Count) v.Add(path, "must not repeat a language");
                    break;
                case "meeting_formats":
                    for (var i = 0; i < p.MeetingFormats.Count; i++)
                        if (!Enum.IsDefined(p.MeetingFormats[i]) || p.MeetingFormats[i] == MeetingFormat.Unspecified)
                            v.Add($"{path}[{i}]", "must be IN_PERSON, PHONE, VIDEO or CHAT");
                    if (p.MeetingFormats.Distinct().Count() != p.MeetingFormats.Count) v.Add(path, "must not repeat a format");
                    break;
                case "mentor_capacity": if (p.MentorCapacity is < 0 or > 50) v.Add(path, "must be between 0 and 50"); break;
                case "hours_per_month": if (p.HoursPerMonth is < 0 or > 200) v.Add(path, "must be between 0 and 200"); break;
                case "motivation": v.MaxLength(path, p.Motivation, 2000); break;
                case "org_unit":
                    if (p.OrgUnit.Length > 0 && !Mentoring.BuildingBlocks.Resources.ResourceName.TryParse("orgUnits", p.OrgUnit, out _))
                        v.Add(path, "must be orgUnits/{unit_id} or empty");
                    break;
                case "status":
                    if (!Enum.IsDefined(p.Status) || (p.Status == PersonStatus.Unspecified && !statusMayBeUnspecified))
                        v.Add(path, "must be ACTIVE, ON_LEAVE or LEFT");
                    break;
            }
        }
    }

    private static void ValidateSkills(Violations v, Person p, string path)
    {
        if (p.Skills.Count > MaxSkills) v.Add(path, $"must hold at most {MaxSkills} skills");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < p.Skills.Count; i++)
        {
            var skill = p.Skills[i];
            v.RequireText($"{path}[{i}].name", skill.Name, 100);
            if (skill.Level is < 1 or > 5) v.Add($"{path}[{i}].level", "must be between 1 and 5");
            if (!string.IsNullOrWhiteSpace(skill.Name) && !seen.Add(skill.Name.Trim())) v.Add($"{path}[{i}].name", "repeats another skill");
        }
    }

    private static bool IsEmail(string value) =>
        System.Net.Mail.MailAddress.TryCreate(value, out var address) && address.Address == value && address.Host.Contains('.');

    private static bool IsIanaTimeZone(string id) =>
        id.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$")]
    private static partial Regex LanguageTag();
}
