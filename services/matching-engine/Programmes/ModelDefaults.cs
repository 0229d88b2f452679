namespace Mentoring.Matching.Engine.Programmes;

/// <summary>Sensible rules and scoring weights for each mentoring model (docs/domain.md §2). A programme
/// starts from these and changes what it needs with <c>with</c>.</summary>
public static class ModelDefaults
{
    private static readonly ProgrammeRules OneToOne = new();

    /// <summary>The default rules of <paramref name="model"/>.</summary>
    public static ProgrammeRules For(MentoringModel model) => model switch
    {
        MentoringModel.OneToOne => OneToOne,

        // A manager assigns from a list; "too few mentors in an area gives mismatches", so a
        // different area is allowed but weighs heavily, and mentees do not send requests.
        MentoringModel.ResourceBased => OneToOne with
        {
            Model = model,
            SameAreaRequired = false,
            MaxRequestsPerMentee = null,
            RequestExpiryDays = null,
            Weights = new(CompetencyGap: 25, AreaOfWork: 30, Seniority: 15, Availability: 10, Interests: 5, Language: 5, LocationFormat: 10),
        },

        // 4–6 mentees meeting once or twice a month: common free time matters most.
        MentoringModel.Group => OneToOne with
        {
            Model = model,
            GroupSizeMin = 4,
            GroupSizeMax = 6,
            MeetingCadenceDays = 14,
            SessionMinutes = 90,
            SameAreaRequired = false,
            PreferredSeniorityGap = new(1, 3),
            MaxRequestsPerMentee = null,
            RequestExpiryDays = null,
            Weights = new(CompetencyGap: 20, AreaOfWork: 20, Seniority: 10, Availability: 25, Interests: 10, Language: 5, LocationFormat: 10),
        },

        // The mentor must be outside the apprentice's hierarchy: never in the reporting line, not
        // even a colleague under the same manager. Pastoral care: meeting in person counts.
        MentoringModel.Apprentice => OneToOne with
        {
            Model = model,
            DurationWeeks = 52,
            EndCondition = EndCondition.GoalsReached,
            MeetingCadenceDays = 14,
            SameAreaRequired = false,
            ExcludeSharedLineManager = true,
            AllowSupervisory = false,
            PreferredSeniorityGap = new(1, 3),
            MaxRequestsPerMentee = null,
            RequestExpiryDays = null,
            Weights = new(CompetencyGap: 25, AreaOfWork: 10, Seniority: 10, Availability: 20, Interests: 5, Language: 10, LocationFormat: 20),
        },

        // Someone strong in a skill with someone weak in it, whatever their ranks; time-boxed,
        // ends when the gap is assessed closed.
        MentoringModel.Competency => OneToOne with
        {
            Model = model,
            DurationWeeks = 12,
            EndCondition = EndCondition.GapClosed,
            SameAreaRequired = false,
            CredentialRequired = false,
            SeniorityDirection = SeniorityDirection.Any,
            PreferredSeniorityGap = new(-1, 3),
            Weights = new(CompetencyGap: 60, AreaOfWork: 5, Seniority: 5, Availability: 15, Interests: 5, Language: 5, LocationFormat: 5),
        },

        // Develops only the skills of the training (set FocusCompetencies); lasts as long as it.
        MentoringModel.TrainingBased => OneToOne with
        {
            Model = model,
            DurationWeeks = 12,
            EndCondition = EndCondition.FixedDuration,
            SameAreaRequired = false,
            SeniorityDirection = SeniorityDirection.Any,
            PreferredSeniorityGap = new(0, 3),
            MaxRequestsPerMentee = null,
            RequestExpiryDays = null,
            Weights = new(CompetencyGap: 50, AreaOfWork: 10, Seniority: 5, Availability: 15, Interests: 5, Language: 5, LocationFormat: 10),
        },

        // Succession planning: a large seniority gap is preferred.
        MentoringModel.Executive => OneToOne with
        {
            Model = model,
            DurationWeeks = 52,
            MeetingCadenceDays = 30,
            SameAreaRequired = false,
            PreferredSeniorityGap = new(3, 5),
            MaxTimeZoneGapHours = 8,
            Weights = new(CompetencyGap: 25, AreaOfWork: 20, Seniority: 30, Availability: 10, Interests: 5, Language: 5, LocationFormat: 5),
        },

        MentoringModel.Reflective => OneToOne with
        {
            Model = model,
            MeetingCadenceDays = 14,
            SameAreaRequired = false,
            PreferredSeniorityGap = new(1, 3),
            Weights = new(CompetencyGap: 15, AreaOfWork: 10, Seniority: 20, Availability: 20, Interests: 20, Language: 10, LocationFormat: 5),
        },

        // Same level (one level apart at most), equality scores best; reciprocal, so no credential.
        MentoringModel.Peer => OneToOne with
        {
            Model = model,
            CredentialRequired = false,
            SameAreaRequired = false,
            SeniorityDirection = SeniorityDirection.SameLevel,
            SameLevelTolerance = 1,
            PreferredSeniorityGap = new(0, 0),
            Weights = new(CompetencyGap: 15, AreaOfWork: 25, Seniority: 25, Availability: 15, Interests: 10, Language: 5, LocationFormat: 5),
        },

        // Online only: video and chat, any time zone (common free hours still count).
        MentoringModel.EMentoring => OneToOne with
        {
            Model = model,
            FormatsAllowed = MeetingFormats.Video | MeetingFormats.Chat,
            MaxTimeZoneGapHours = 12,
            SameAreaRequired = false,
            Weights = new(CompetencyGap: 35, AreaOfWork: 15, Seniority: 15, Availability: 20, Interests: 10, Language: 5, LocationFormat: 0),
        },

        // A junior mentors a senior in the skill where the junior is stronger.
        MentoringModel.Reverse => OneToOne with
        {
            Model = model,
            CredentialRequired = false,
            SameAreaRequired = false,
            SeniorityDirection = SeniorityDirection.MentorMoreJunior,
            PreferredSeniorityGap = new(-3, -1),
            Weights = new(CompetencyGap: 45, AreaOfWork: 5, Seniority: 10, Availability: 15, Interests: 10, Language: 5, LocationFormat: 10),
        },

        // Short one-to-one conversations at one event; the people are in the room or on video.
        MentoringModel.Speed => OneToOne with
        {
            Model = model,
            DurationWeeks = null,
            EndCondition = EndCondition.SingleEvent,
            MeetingCadenceDays = 0,
            SessionMinutes = 10,
            FormatsAllowed = MeetingFormats.InPerson | MeetingFormats.Video,
            SameAreaRequired = false,
            AllowRepairingEndedPairs = true,
            PreferredSeniorityGap = new(1, 4),
            TargetSharedHoursPerWeek = 1,
            MaxRequestsPerMentee = null,
            RequestExpiryDays = null,
            Weights = new(CompetencyGap: 40, AreaOfWork: 20, Seniority: 15, Availability: 0, Interests: 15, Language: 10, LocationFormat: 0),
        },

        // An onboarding buddy in the same field, at any level, ideally on the same site.
        MentoringModel.Colleague => OneToOne with
        {
            Model = model,
            DurationWeeks = 12,
            EndCondition = EndCondition.FixedDuration,
            CredentialRequired = false,
            SameAreaRequired = true,
            SeniorityDirection = SeniorityDirection.Any,
            PreferredSeniorityGap = new(0, 1),
            MaxTimeZoneGapHours = 3,
            MaxRequestsPerMentee = null,
            RequestExpiryDays = null,
            Weights = new(CompetencyGap: 15, AreaOfWork: 10, Seniority: 10, Availability: 20, Interests: 10, Language: 10, LocationFormat: 25),
        },

        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown mentoring model."),
    };
}
