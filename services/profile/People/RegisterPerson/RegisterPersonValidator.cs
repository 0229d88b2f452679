using System.Net.Mail;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.People.RegisterPerson;

/// <summary>The rules of a registration, field by field (pure; no I/O).</summary>
public static class RegisterPersonValidator
{
    public const int MaxSkills = 50;

    public static Violations Validate(RegisterPersonRequest request)
    {
        var v = new Violations();
        v.MaxLength("request_id", request.RequestId, 100);
        var p = request.Person;
        if (p is null) return v.Add("person", "is required");

        v.RequireText("person.display_name", p.DisplayName, 200);
        v.RequireText("person.area_of_work", p.AreaOfWork, 100);
        if (string.IsNullOrWhiteSpace(p.Email)) v.Add("person.email", "is required");
        else if (p.Email.Length > 254) v.Add("person.email", "must be at most 254 characters");
        else if (!IsEmail(p.Email)) v.Add("person.email", "is not a valid e-mail address");

        if (!Enum.IsDefined(p.SeniorityLevel) || p.SeniorityLevel == SeniorityLevel.Unspecified)
            v.Add("person.seniority_level", "must be one of ENTRY, JUNIOR, INTERMEDIATE, SENIOR, PRINCIPAL, EXECUTIVE");

        if (p.Roles.Count == 0) v.Add("person.roles", "must hold at least one role");
        for (var i = 0; i < p.Roles.Count; i++)
            if (!Enum.IsDefined(p.Roles[i]) || p.Roles[i] == PersonRole.Unspecified)
                v.Add($"person.roles[{i}]", "must be MENTOR or MENTEE");
        if (p.Roles.Distinct().Count() != p.Roles.Count) v.Add("person.roles", "must not repeat a role");

        if (p.Skills.Count > MaxSkills) v.Add("person.skills", $"must hold at most {MaxSkills} skills");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < p.Skills.Count; i++)
        {
            var skill = p.Skills[i];
            v.RequireText($"person.skills[{i}].name", skill.Name, 100);
            if (skill.Level is < 1 or > 5) v.Add($"person.skills[{i}].level", "must be between 1 and 5");
            if (!string.IsNullOrWhiteSpace(skill.Name) && !seen.Add(skill.Name.Trim()))
                v.Add($"person.skills[{i}].name", "repeats another skill");
        }

        if (p.TimeZone.Length > 0 && !IsIanaTimeZone(p.TimeZone))
            v.Add("person.time_zone", "must be an IANA time zone such as Europe/Paris");
        return v;
    }

    private static bool IsEmail(string value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value && address.Host.Contains('.');

    private static bool IsIanaTimeZone(string id) =>
        id.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;
}
