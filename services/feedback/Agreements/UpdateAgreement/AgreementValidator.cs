using Mentoring.BuildingBlocks.Resources;
using Mentoring.BuildingBlocks.Validation;
using Mentoring.Contracts.Feedback.V1;
using Mentoring.Contracts.Profile.V1;
using Mentoring.Scheduling.Engine.Recurrence;
using NodaTime;
using NodaTime.Text;

namespace Mentoring.Feedback.Agreements.UpdateAgreement;

/// <summary>The rules of the five parts. Logistics are checked with scheduling's own rules, so a signed agreement books.</summary>
public static class AgreementValidator
{
    public const int MaxText = 4000;
    public static readonly IReadOnlyList<string> Parts = ["goals", "scope", "trust", "fit", "logistics"];
    private static readonly LocalDateTimePattern StartPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm");

    /// <summary>The parts the mask names, in a fixed order.</summary>
    public static IReadOnlyList<string> MaskedParts(Violations v, IEnumerable<string>? mask)
    {
        var paths = mask?.ToList() ?? [];
        if (paths.Count == 0) v.Add("update_mask", "is required: name the parts to update (goals, scope, trust, fit, logistics), or *");
        if (paths.Contains("*") && paths.Count > 1) v.Add("update_mask", "* must stand alone");
        foreach (var path in paths.Where(p => p != "*" && !Parts.Contains(p))) v.Add("update_mask", $"'{path}' is not a part of the agreement");
        return paths.Contains("*") ? Parts : Parts.Where(paths.Contains).ToList();
    }

    public static void Check(Violations v, Agreement a, IReadOnlyList<string> parts)
    {
        if (parts.Contains("goals") && a.Goals is { } goals)
        {
            if (goals.Parties.Count > 12) v.Add("agreement.goals.parties", "must have at most 12 entries");
            for (var i = 0; i < goals.Parties.Count; i++)
            {
                if (!ResourceName.TryParse("people", goals.Parties[i].Party, out _)) v.Add($"agreement.goals.parties[{i}].party", "must be people/{person_id}");
                v.MaxLength($"agreement.goals.parties[{i}].goals", goals.Parties[i].Goals, MaxText);
            }
            if (goals.Parties.Select(p => p.Party).Distinct().Count() != goals.Parties.Count) v.Add("agreement.goals.parties", "must name each party once");
            v.MaxLength("agreement.goals.alignment", goals.Alignment, MaxText);
        }
        if (parts.Contains("scope")) v.MaxLength("agreement.scope", a.Scope, MaxText);
        if (parts.Contains("trust")) v.MaxLength("agreement.trust", a.Trust, MaxText);
        if (parts.Contains("fit") && a.Fit is { } fit)
        {
            v.MaxLength("agreement.fit.check_in", fit.CheckIn, MaxText);
            v.MaxLength("agreement.fit.exit", fit.Exit, MaxText);
            if (fit.CheckIntervalDays != 0 && fit.CheckIntervalDays is < 7 or > 180) v.Add("agreement.fit.check_interval_days", "must be 0 or between 7 and 180");
        }
        if (parts.Contains("logistics") && a.Logistics is { } l) CheckLogistics(v, l);
    }

    /// <summary>Either no series (no first start nor recurrence) or a complete one that scheduling can book.</summary>
    private static void CheckLogistics(Violations v, AgreementLogistics l)
    {
        const string P = "agreement.logistics.";
        var booksSeries = l.FirstStart.Length > 0 || l.Recurrence.Length > 0;
        if (booksSeries)
        {
            if (!StartPattern.Parse(l.FirstStart).Success) v.Add(P + "first_start", "must be a local date and time \"YYYY-MM-DDTHH:MM\"");
            if (l.TimeZone.Length == 0 || DateTimeZoneProviders.Tzdb.GetZoneOrNull(l.TimeZone) is null) v.Add(P + "time_zone", "must be an IANA time zone, e.g. Europe/London");
            if (l.Recurrence.Length > 500) v.Add(P + "recurrence", "must be at most 500 characters");
            else if (Recurrences.Validate(l.Recurrence) is { } reason) v.Add(P + "recurrence", reason);
        }
        else if (l.TimeZone.Length > 0 && DateTimeZoneProviders.Tzdb.GetZoneOrNull(l.TimeZone) is null)
            v.Add(P + "time_zone", "must be an IANA time zone, e.g. Europe/London");
        if ((booksSeries || l.DurationMinutes != 0) && l.DurationMinutes is < 5 or > 480) v.Add(P + "duration_minutes", "must be between 5 and 480");
        if (booksSeries && l.Format == MeetingFormat.Unspecified) v.Add(P + "format", "is required to book meetings");
        if (!Enum.IsDefined(l.Format)) v.Add(P + "format", "is not a meeting format");
        v.MaxLength(P + "location", l.Location, 500);
        v.MaxLength(P + "join_url", l.JoinUrl, 2000);
        v.MaxLength(P + "notes", l.Notes, 2000);
        if (l.Format == MeetingFormat.InPerson && booksSeries && string.IsNullOrWhiteSpace(l.Location)) v.Add(P + "location", "is required for IN_PERSON meetings");
        if (l.JoinUrl.Length > 0 && !(Uri.TryCreate(l.JoinUrl.Trim(), UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps))
            v.Add(P + "join_url", "must be an absolute https URL");
        else if (l.Format == MeetingFormat.Video && booksSeries && string.IsNullOrWhiteSpace(l.JoinUrl)) v.Add(P + "join_url", "is required for VIDEO meetings");
        if (l.NoticeHours is < 0 or > 336) v.Add(P + "notice_hours", "must be between 0 and 336");
    }
}
