namespace Mentoring.Matching.Engine.Programmes;

/// <summary>
/// The rules of a programme: who may be matched with whom (hard constraints), how candidates are
/// scored, group size, cadence and how relationships end. Property defaults are those of the
/// one-to-one model; <see cref="ModelDefaults.For"/> gives each model's. Check with
/// <see cref="ProgrammeRulesValidator.Validate"/>.
/// </summary>
public sealed record ProgrammeRules
{
    /// <summary>The model these rules are for.</summary>
    public MentoringModel Model { get; init; } = MentoringModel.OneToOne;

    /// <summary>Fewest mentees per mentor (1 for pairs).</summary>
    public int GroupSizeMin { get; init; } = 1;

    /// <summary>Most mentees per mentor in one relationship or group (1 for pairs).</summary>
    public int GroupSizeMax { get; init; } = 1;

    /// <summary>Length of a relationship in weeks; with <see cref="EndCondition.GapClosed"/> or
    /// <see cref="EndCondition.GoalsReached"/> it is the time box. Null: no fixed length.</summary>
    public int? DurationWeeks { get; init; } = 26;

    /// <summary>What ends a relationship.</summary>
    public EndCondition EndCondition { get; init; } = EndCondition.GoalsReached;

    /// <summary>Default days between meetings (0 for a single event).</summary>
    public int MeetingCadenceDays { get; init; } = 7;

    /// <summary>Default length of a meeting in minutes.</summary>
    public int SessionMinutes { get; init; } = 60;

    /// <summary>Only credentialed mentors (docs/domain.md §5) may be matched.</summary>
    public bool CredentialRequired { get; init; } = true;

    /// <summary>The formats meetings may take; a pair needs one of these in common.</summary>
    public MeetingFormats FormatsAllowed { get; init; } = MeetingFormats.All;

    /// <summary>Largest difference between the two UTC offsets, in hours, around the clock
    /// (so never more than 12). Null: no limit.</summary>
    public int? MaxTimeZoneGapHours { get; init; } = 6;

    /// <summary>Mentor and mentee must share their area of work.</summary>
    public bool SameAreaRequired { get; init; } = true;

    /// <summary>Exclude pairs who have the same direct line manager.</summary>
    public bool ExcludeSharedLineManager { get; init; }

    /// <summary>"Supervisory" mentoring: allow a mentor in the mentee's reporting line (either
    /// direction), flagged as a conflict of interest. Off by default: the mentor role is not part
    /// of the supervisor's role.</summary>
    public bool AllowSupervisory { get; init; }

    /// <summary>Allow pairing again two people whose relationship in this programme ended.</summary>
    public bool AllowRepairingEndedPairs { get; init; }

    /// <summary>How the mentor's level must compare with the mentee's.</summary>
    public SeniorityDirection SeniorityDirection { get; init; } = SeniorityDirection.MentorMoreSenior;

    /// <summary>With <see cref="SeniorityDirection.SameLevel"/>: how many levels apart peers may be.</summary>
    public int SameLevelTolerance { get; init; }

    /// <summary>Seniority gaps (mentor minus mentee) that score fully; each level outside costs a quarter of the factor.</summary>
    public SeniorityGapRange PreferredSeniorityGap { get; init; } = new(1, 2);

    /// <summary>Weekly free hours in common that score the availability factor fully.</summary>
    public int TargetSharedHoursPerWeek { get; init; } = 4;

    /// <summary>Mentee-initiated requests: how many a mentee may have open at once. Null: mentees
    /// do not request (a programme manager assigns).</summary>
    public int? MaxRequestsPerMentee { get; init; } = 3;

    /// <summary>Days after which an unanswered request expires. Null: requests do not expire.</summary>
    public int? RequestExpiryDays { get; init; } = 14;

    /// <summary>The competencies the programme develops (training-based, competency); null: all.</summary>
    public IReadOnlySet<string>? FocusCompetencies { get; init; }

    /// <summary>Relative weights of the soft-score factors.</summary>
    public ScoringWeights Weights { get; init; } = new(
        CompetencyGap: 30, AreaOfWork: 15, Seniority: 15, Availability: 15, Interests: 10, Language: 5, LocationFormat: 10);

    /// <summary>When a relationship started at <paramref name="start"/> ends at the latest: start plus
    /// the duration, or null when the programme sets none.</summary>
    public DateTimeOffset? LatestEnd(DateTimeOffset start) =>
        DurationWeeks is { } weeks ? start.AddDays(7.0 * weeks) : null;
}
