namespace Mentoring.Matching.Engine.Programmes;

/// <summary>Checks programme rules field by field.</summary>
public static class ProgrammeRulesValidator
{
    /// <summary>Largest group (profile caps a mentor's capacity at 50).</summary>
    public const int MaxGroupSize = 50;

    /// <summary>Every field violation of <paramref name="rules"/>, in field order; empty when valid.</summary>
    public static IReadOnlyList<FieldViolation> Validate(ProgrammeRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var violations = new List<FieldViolation>();
        void Add(string field, string description) => violations.Add(new FieldViolation(field, description));

        if (!Enum.IsDefined(rules.Model)) Add("model", "Must be a known mentoring model.");

        if (rules.GroupSizeMin < 1) Add("group_size_min", "Must be at least 1.");
        if (rules.GroupSizeMax < 1 || rules.GroupSizeMax > MaxGroupSize)
            Add("group_size_max", $"Must be from 1 to {MaxGroupSize}.");
        else if (rules.GroupSizeMin > rules.GroupSizeMax)
            Add("group_size_max", $"Must be at least group_size_min ({rules.GroupSizeMin}).");

        if (rules.DurationWeeks is < 1 or > 520) Add("duration_weeks", "Must be from 1 to 520 weeks when set.");
        if (!Enum.IsDefined(rules.EndCondition)) Add("end_condition", "Must be a known end condition.");
        else if (rules.EndCondition == EndCondition.FixedDuration && rules.DurationWeeks is null)
            Add("duration_weeks", "Is required when relationships end after a fixed duration.");

        if (rules.MeetingCadenceDays < 0 || rules.MeetingCadenceDays > 365)
            Add("meeting_cadence_days", "Must be from 0 to 365 days.");
        else if (rules.MeetingCadenceDays == 0 && rules.EndCondition != EndCondition.SingleEvent)
            Add("meeting_cadence_days", "Must be at least 1 day unless the programme is a single event.");
        if (rules.SessionMinutes < 5 || rules.SessionMinutes > 480) Add("session_minutes", "Must be from 5 to 480 minutes.");

        if (rules.FormatsAllowed == MeetingFormats.None) Add("formats_allowed", "Must allow at least one meeting format.");
        else if ((rules.FormatsAllowed & ~MeetingFormats.All) != 0) Add("formats_allowed", "Contains an unknown meeting format.");

        if (rules.MaxTimeZoneGapHours is < 0 or > 12)
            Add("max_time_zone_gap_hours", "Must be from 0 to 12 hours when set (time zones are never more than 12 hours apart around the clock).");

        if (!Enum.IsDefined(rules.SeniorityDirection)) Add("seniority_direction", "Must be a known seniority direction.");
        if (rules.SameLevelTolerance < 0 || rules.SameLevelTolerance > 5) Add("same_level_tolerance", "Must be from 0 to 5 levels.");
        ValidatePreferredGap(rules, Add);

        if (rules.TargetSharedHoursPerWeek < 1 || rules.TargetSharedHoursPerWeek > 168)
            Add("target_shared_hours_per_week", "Must be from 1 to 168 hours.");
        if (rules.MaxRequestsPerMentee is < 1 or > 20) Add("max_requests_per_mentee", "Must be from 1 to 20 when set.");
        if (rules.RequestExpiryDays is < 1 or > 90) Add("request_expiry_days", "Must be from 1 to 90 days when set.");
        if (rules.FocusCompetencies is { Count: 0 })
            Add("focus_competencies", "Must name at least one competency when set (leave it unset for all).");

        ValidateWeights(rules.Weights, Add);
        return violations;
    }

    private static void ValidatePreferredGap(ProgrammeRules rules, Action<string, string> add)
    {
        var (min, max) = (rules.PreferredSeniorityGap.Min, rules.PreferredSeniorityGap.Max);
        const string field = "preferred_seniority_gap";
        if (min < -5 || max > 5) { add(field, "Must lie within -5 to 5 levels (mentor's level minus mentee's)."); return; }
        if (min > max) { add(field, "Its minimum must not exceed its maximum."); return; }
        switch (rules.SeniorityDirection)
        {
            case SeniorityDirection.MentorMoreSenior when min < 1:
                add(field, "Must be at least 1 when the mentor must be more senior."); break;
            case SeniorityDirection.MentorMoreJunior when max > -1:
                add(field, "Must be at most -1 when the mentor must be more junior."); break;
            case SeniorityDirection.SameLevel when min < -rules.SameLevelTolerance || max > rules.SameLevelTolerance:
                add(field, $"Must lie within the same-level tolerance (-{rules.SameLevelTolerance} to {rules.SameLevelTolerance})."); break;
        }
    }

    private static void ValidateWeights(ScoringWeights? weights, Action<string, string> add)
    {
        if (weights is null) { add("weights", "Are required."); return; }
        (string Field, int Value)[] all =
        [
            ("weights.competency_gap", weights.CompetencyGap), ("weights.area_of_work", weights.AreaOfWork),
            ("weights.seniority", weights.Seniority), ("weights.availability", weights.Availability),
            ("weights.interests", weights.Interests), ("weights.language", weights.Language),
            ("weights.location_format", weights.LocationFormat),
        ];
        var anyInvalid = false;
        foreach (var (field, value) in all)
        {
            if (value is >= 0 and <= 1000) continue;
            add(field, "Must be from 0 to 1000.");
            anyInvalid = true;
        }
        if (!anyInvalid && weights.Total == 0) add("weights", "At least one weight must be positive.");
    }
}
