using Mentoring.Matching.Engine.Programmes;

namespace Mentoring.Matching.Engine.Candidates;

/// <summary>
/// The hard constraints checked directly on two participants, each with its sentence. This is the
/// readable definition; <see cref="MentorTable"/> checks the same rules on precomputed arrays for
/// the generator's scan, and the tests hold the two to agree.
/// </summary>
internal static class PairConstraints
{
    /// <summary>Every constraint the pair fails, in check order.</summary>
    public static List<ConstraintViolation> Violations(Participant mentee, Participant mentor, ProgrammeRules rules, PairHistory history)
    {
        var list = new List<ConstraintViolation>();
        void Add(ConstraintCode code, string why) => list.Add(new ConstraintViolation(code, why));

        if (mentee.Id == mentor.Id) Add(ConstraintCode.Self, "The mentee and the mentor are the same person.");

        if (!mentee.IsActive || !mentor.IsActive)
            Add(ConstraintCode.NotActive, (mentee.IsActive, mentor.IsActive) switch
            {
                (false, false) => "Neither the mentee nor the mentor is active (on leave or left).",
                (false, _) => "The mentee is not active (on leave or left).",
                _ => "The mentor is not active (on leave or left).",
            });

        if (mentor.CapacityRemaining <= 0) Add(ConstraintCode.MentorCapacity, "The mentor has no capacity left for another mentee.");

        if (rules.CredentialRequired && !mentor.IsCredentialed)
            Add(ConstraintCode.CredentialRequired, "The programme requires a credentialed mentor and this mentor is not credentialed.");

        if (!rules.AllowSupervisory && ReportingLine(mentee, mentor) is { } line)
            Add(ConstraintCode.ReportingLine, line + " A mentor must not sit in the mentee's reporting line.");

        if (rules.ExcludeSharedLineManager && mentee.LineManagerId is { } manager && mentor.LineManagerId == manager)
            Add(ConstraintCode.SharedLineManager, "Both report to the same line manager, which this programme excludes.");

        if (!rules.AllowRepairingEndedPairs && history.HasEnded(mentee.Id, mentor.Id))
            Add(ConstraintCode.AlreadyPaired, "Their relationship in this programme already ended, and the programme does not pair people again.");

        if (SeniorityViolation(mentee, mentor, rules) is { } seniority) Add(ConstraintCode.SeniorityDirection, seniority);

        if (rules.SameAreaRequired && !SameText(mentee.AreaOfWork, mentor.AreaOfWork))
            Add(ConstraintCode.AreaOfWork, $"The programme requires the same area of work; the mentee's is {Shown(mentee.AreaOfWork)} and the mentor's {Shown(mentor.AreaOfWork)}.");

        if (!ShareLanguage(mentee, mentor))
            Add(ConstraintCode.NoCommonLanguage, $"No language in common (mentee: {Languages(mentee)}; mentor: {Languages(mentor)}).");

        if ((mentee.Formats & mentor.Formats & rules.FormatsAllowed) == 0)
            Add(ConstraintCode.NoCommonFormat,
                $"No meeting format in common that the programme allows (mentee: {MeetingFormatNames.Describe(mentee.Formats)}; " +
                $"mentor: {MeetingFormatNames.Describe(mentor.Formats)}; allowed: {MeetingFormatNames.Describe(rules.FormatsAllowed)}).");

        if (rules.MaxTimeZoneGapHours is { } maxHours && TimeZoneGapMinutes(mentee.UtcOffsetMinutes, mentor.UtcOffsetMinutes) > maxHours * 60)
            Add(ConstraintCode.TimeZoneGap,
                $"Their time zones ({Offset(mentee.UtcOffsetMinutes)} and {Offset(mentor.UtcOffsetMinutes)}) are " +
                $"{Hours(TimeZoneGapMinutes(mentee.UtcOffsetMinutes, mentor.UtcOffsetMinutes))} apart; the programme allows {maxHours} h.");

        return list;
    }

    /// <summary>Warnings that do not exclude the pair: supervisory mentoring when the programme allows it.</summary>
    public static List<string> Warnings(Participant mentee, Participant mentor, ProgrammeRules rules)
    {
        var warnings = new List<string>();
        if (rules.AllowSupervisory && ReportingLine(mentee, mentor) is { } line)
            warnings.Add($"Supervisory mentoring, a conflict of interest: {line}");
        return warnings;
    }

    /// <summary>Distance between two UTC offsets around the clock, in minutes (0 to 720).</summary>
    public static int TimeZoneGapMinutes(int offsetA, int offsetB)
    {
        var gap = Math.Abs(offsetA - offsetB) % 1440;
        return Math.Min(gap, 1440 - gap);
    }

    /// <summary>The inclusive range of allowed seniority gaps (mentor minus mentee) of the programme.</summary>
    public static (int Min, int Max) AllowedGap(ProgrammeRules rules) => rules.SeniorityDirection switch
    {
        SeniorityDirection.MentorMoreSenior => (1, int.MaxValue),
        SeniorityDirection.MentorMoreJunior => (int.MinValue, -1),
        SeniorityDirection.SameLevel => (-rules.SameLevelTolerance, rules.SameLevelTolerance),
        _ => (int.MinValue, int.MaxValue),
    };

    public static bool SameText(string? a, string? b) =>
        !string.IsNullOrEmpty(a) && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string? ReportingLine(Participant mentee, Participant mentor)
    {
        var up = IndexOf(mentee.LineManagerChain, mentor.Id);
        if (up == 0) return "The mentor is the mentee's line manager.";
        if (up > 0) return $"The mentor is in the mentee's reporting line, {up + 1} levels up.";
        var down = IndexOf(mentor.LineManagerChain, mentee.Id);
        if (down == 0) return "The mentee is the mentor's line manager.";
        if (down > 0) return $"The mentee is in the mentor's reporting line, {down + 1} levels up.";
        return null;
    }

    private static int IndexOf(IReadOnlyList<Guid> chain, Guid id)
    {
        for (var i = 0; i < chain.Count; i++)
            if (chain[i] == id) return i;
        return -1;
    }

    private static string? SeniorityViolation(Participant mentee, Participant mentor, ProgrammeRules rules)
    {
        var (min, max) = AllowedGap(rules);
        var gap = mentor.Seniority - mentee.Seniority;
        if (gap >= min && gap <= max) return null;
        return rules.SeniorityDirection switch
        {
            SeniorityDirection.MentorMoreSenior =>
                $"The mentor (level {mentor.Seniority}) is not more senior than the mentee (level {mentee.Seniority}).",
            SeniorityDirection.MentorMoreJunior =>
                $"In reverse mentoring the mentor is more junior, but the mentor (level {mentor.Seniority}) is not more junior than the mentee (level {mentee.Seniority}).",
            _ => $"Peers must be within {rules.SameLevelTolerance} level{(rules.SameLevelTolerance == 1 ? "" : "s")} of each other; " +
                 $"levels {mentee.Seniority} and {mentor.Seniority} differ by {Math.Abs(gap)}.",
        };
    }

    private static bool ShareLanguage(Participant mentee, Participant mentor)
    {
        foreach (var a in mentee.Languages)
            foreach (var b in mentor.Languages)
                if (string.Equals(a, b, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private static string Languages(Participant p) => p.Languages.Count == 0 ? "none" : string.Join(", ", p.Languages);
    private static string Shown(string area) => string.IsNullOrEmpty(area) ? "unknown" : $"\"{area}\"";

    internal static string Offset(int minutes)
    {
        var sign = minutes < 0 ? "-" : "+";
        var abs = Math.Abs(minutes);
        return $"UTC{sign}{abs / 60:00}:{abs % 60:00}";
    }

    internal static string Hours(int minutes) => minutes % 60 == 0 ? $"{minutes / 60} h" : $"{minutes / 60} h {minutes % 60:00}";
}
