using Mentoring.BuildingBlocks.Validation;
using Proto = Mentoring.Contracts.Profile.V1;

namespace Mentoring.Profile.Credentialing.ApplyForCredential;

/// <summary>The rules of an application, field by field (pure; no I/O).</summary>
public static class ApplyForCredentialValidator
{
    public const int MaxCompetencies = 30;

    public static Violations Validate(Proto.ApplyForCredentialRequest request)
    {
        var v = new Violations();
        if (!CredentialingRecord.TryParseName(request.Name, out _)) v.Add("name", "must be people/{person_id}/credentialing");
        var a = request.Application;
        if (a is null) return v.Add("application", "is required");
        v.RequireText("application.motivation", a.Motivation, 2000);
        if (a.Competencies.Count == 0) v.Add("application.competencies", "must name at least one competency");
        else if (a.Competencies.Count > MaxCompetencies) v.Add("application.competencies", $"must hold at most {MaxCompetencies} competencies");
        else
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < a.Competencies.Count; i++)
            {
                var field = $"application.competencies[{i}]";
                var text = a.Competencies[i]?.Trim();
                if (string.IsNullOrEmpty(text) || text.Length > 100) v.Add(field, "must be 1 to 100 characters");
                else if (!seen.Add(text)) v.Add(field, "repeats an earlier competency");
            }
        }
        if (a.MonthlyHours is < 1 or > 200) v.Add("application.monthly_hours", "must be from 1 to 200");
        if (!a.DeclaresNoSupervisionOfMentees)
            v.Add("application.declares_no_supervision_of_mentees", "must be true: mentors do not supervise their mentees");
        return v;
    }
}
