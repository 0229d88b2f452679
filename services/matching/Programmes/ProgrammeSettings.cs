using Mentoring.Contracts.Profile.V1;
using Rules = Mentoring.Matching.Engine.Programmes;
using Proto = Mentoring.Contracts.Matching.V1;

namespace Mentoring.Matching.Programmes;

/// <summary>
/// The contract's programme rules and weights ↔ the engine's. What a creator leaves unset takes the
/// model's default (<see cref="Rules.ModelDefaults"/>), and the stored programme lists every value in force.
/// </summary>
public static class ProgrammeSettings
{
    public static Rules.MentoringModel ToEngine(Proto.MentoringModel model) => (Rules.MentoringModel)((int)model - 1);

    /// <summary>The model's defaults overridden by what <paramref name="rules"/> and <paramref name="weights"/> set.</summary>
    public static Rules.ProgrammeRules Resolve(Proto.MentoringModel model, Proto.ProgrammeRules? rules, Proto.ScoringWeights? weights)
    {
        var d = Rules.ModelDefaults.For(ToEngine(model));
        var r = rules ?? new Proto.ProgrammeRules();
        return d with
        {
            GroupSizeMin = r.HasGroupSizeMin ? r.GroupSizeMin : d.GroupSizeMin,
            GroupSizeMax = r.HasGroupSizeMax ? r.GroupSizeMax : d.GroupSizeMax,
            DurationWeeks = r.HasDurationWeeks ? (r.DurationWeeks == 0 ? null : r.DurationWeeks) : d.DurationWeeks,
            EndCondition = r.EndCondition == Proto.EndCondition.Unspecified ? d.EndCondition : (Rules.EndCondition)((int)r.EndCondition - 1),
            MeetingCadenceDays = r.HasMeetingCadenceDays ? r.MeetingCadenceDays : d.MeetingCadenceDays,
            SessionMinutes = r.HasSessionMinutes ? r.SessionMinutes : d.SessionMinutes,
            CredentialRequired = r.HasCredentialRequired ? r.CredentialRequired : d.CredentialRequired,
            FormatsAllowed = r.FormatsAllowed.Count > 0 ? ToFlags(r.FormatsAllowed) : d.FormatsAllowed,
            MaxTimeZoneGapHours = r.HasMaxTimeZoneGapHours ? (r.MaxTimeZoneGapHours < 0 ? null : r.MaxTimeZoneGapHours) : d.MaxTimeZoneGapHours,
            SameAreaRequired = r.HasSameAreaRequired ? r.SameAreaRequired : d.SameAreaRequired,
            ExcludeSharedLineManager = r.HasExcludeSharedLineManager ? r.ExcludeSharedLineManager : d.ExcludeSharedLineManager,
            AllowSupervisory = r.HasAllowSupervisory ? r.AllowSupervisory : d.AllowSupervisory,
            AllowRepairingEndedPairs = r.HasAllowRepeatPairs ? r.AllowRepeatPairs : d.AllowRepairingEndedPairs,
            SeniorityDirection = r.SeniorityDirection == Proto.SeniorityDirection.Unspecified
                ? d.SeniorityDirection : (Rules.SeniorityDirection)((int)r.SeniorityDirection - 1),
            SameLevelTolerance = r.HasSameLevelTolerance ? r.SameLevelTolerance : d.SameLevelTolerance,
            PreferredSeniorityGap = new(
                r.HasPreferredSeniorityGapMin ? r.PreferredSeniorityGapMin : d.PreferredSeniorityGap.Min,
                r.HasPreferredSeniorityGapMax ? r.PreferredSeniorityGapMax : d.PreferredSeniorityGap.Max),
            TargetSharedHoursPerWeek = r.HasTargetSharedHoursPerWeek ? r.TargetSharedHoursPerWeek : d.TargetSharedHoursPerWeek,
            MaxRequestsPerMentee = r.HasMaxRequestsPerMentee ? (r.MaxRequestsPerMentee == 0 ? null : r.MaxRequestsPerMentee) : d.MaxRequestsPerMentee,
            RequestExpiryDays = r.HasRequestExpiryDays ? (r.RequestExpiryDays == 0 ? null : r.RequestExpiryDays) : d.RequestExpiryDays,
            FocusCompetencies = r.FocusCompetencies.Count > 0 ? r.FocusCompetencies.ToHashSet(StringComparer.Ordinal) : d.FocusCompetencies,
            Weights = weights is null ? d.Weights : new Rules.ScoringWeights(
                weights.CompetencyGap, weights.AreaOfWork, weights.Seniority, weights.Availability, weights.Interests, weights.Language, weights.LocationFormat),
        };
    }

    /// <summary>Every value in force, for storage and for the API.</summary>
    public static (Proto.ProgrammeRules Rules, Proto.ScoringWeights Weights) ToProto(Rules.ProgrammeRules r)
    {
        var rules = new Proto.ProgrammeRules
        {
            GroupSizeMin = r.GroupSizeMin,
            GroupSizeMax = r.GroupSizeMax,
            DurationWeeks = r.DurationWeeks ?? 0,
            EndCondition = (Proto.EndCondition)((int)r.EndCondition + 1),
            MeetingCadenceDays = r.MeetingCadenceDays,
            SessionMinutes = r.SessionMinutes,
            CredentialRequired = r.CredentialRequired,
            MaxTimeZoneGapHours = r.MaxTimeZoneGapHours ?? -1,
            SameAreaRequired = r.SameAreaRequired,
            ExcludeSharedLineManager = r.ExcludeSharedLineManager,
            AllowSupervisory = r.AllowSupervisory,
            AllowRepeatPairs = r.AllowRepairingEndedPairs,
            SeniorityDirection = (Proto.SeniorityDirection)((int)r.SeniorityDirection + 1),
            SameLevelTolerance = r.SameLevelTolerance,
            PreferredSeniorityGapMin = r.PreferredSeniorityGap.Min,
            PreferredSeniorityGapMax = r.PreferredSeniorityGap.Max,
            TargetSharedHoursPerWeek = r.TargetSharedHoursPerWeek,
            MaxRequestsPerMentee = r.MaxRequestsPerMentee ?? 0,
            RequestExpiryDays = r.RequestExpiryDays ?? 0,
        };
        rules.FormatsAllowed.AddRange(FromFlags(r.FormatsAllowed));
        if (r.FocusCompetencies is { } focus) rules.FocusCompetencies.AddRange(focus.Order(StringComparer.Ordinal));
        var w = r.Weights;
        return (rules, new Proto.ScoringWeights
        {
            CompetencyGap = w.CompetencyGap, AreaOfWork = w.AreaOfWork, Seniority = w.Seniority, Availability = w.Availability,
            Interests = w.Interests, Language = w.Language, LocationFormat = w.LocationFormat,
        });
    }

    public static Rules.MeetingFormats ToFlags(IEnumerable<MeetingFormat> formats) =>
        formats.Aggregate(Rules.MeetingFormats.None, (all, f) => all | f switch
        {
            MeetingFormat.InPerson => Rules.MeetingFormats.InPerson,
            MeetingFormat.Phone => Rules.MeetingFormats.Phone,
            MeetingFormat.Video => Rules.MeetingFormats.Video,
            MeetingFormat.Chat => Rules.MeetingFormats.Chat,
            _ => Rules.MeetingFormats.None,
        });

    public static IEnumerable<MeetingFormat> FromFlags(Rules.MeetingFormats formats)
    {
        if ((formats & Rules.MeetingFormats.InPerson) != 0) yield return MeetingFormat.InPerson;
        if ((formats & Rules.MeetingFormats.Phone) != 0) yield return MeetingFormat.Phone;
        if ((formats & Rules.MeetingFormats.Video) != 0) yield return MeetingFormat.Video;
        if ((formats & Rules.MeetingFormats.Chat) != 0) yield return MeetingFormat.Chat;
    }
}
