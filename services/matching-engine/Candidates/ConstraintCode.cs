namespace Mentoring.Matching.Engine.Candidates;

/// <summary>
/// A hard constraint a mentee–mentor pair can fail. The values are in check order: the candidate
/// generator counts an excluded mentor under the first constraint it fails.
/// </summary>
public enum ConstraintCode
{
    /// <summary>The mentee and the mentor are the same person.</summary>
    Self = 1,
    /// <summary>The mentee or the mentor is not active (on leave, or left).</summary>
    NotActive,
    /// <summary>The mentor has no capacity left.</summary>
    MentorCapacity,
    /// <summary>The programme requires a credentialed mentor and the mentor is not.</summary>
    CredentialRequired,
    /// <summary>One is in the other's reporting line, at any depth.</summary>
    ReportingLine,
    /// <summary>Both report to the same line manager, which the programme excludes.</summary>
    SharedLineManager,
    /// <summary>Their relationship in the programme already ended and the programme does not allow re-pairing.</summary>
    AlreadyPaired,
    /// <summary>The seniority levels do not go the way the programme requires.</summary>
    SeniorityDirection,
    /// <summary>The programme requires the same area of work.</summary>
    AreaOfWork,
    /// <summary>No language in common.</summary>
    NoCommonLanguage,
    /// <summary>No meeting format in common among those the programme allows.</summary>
    NoCommonFormat,
    /// <summary>Their time zones are further apart than the programme allows.</summary>
    TimeZoneGap,
}

/// <summary>Stable codes and short labels of the constraints.</summary>
public static class ConstraintCodes
{
    /// <summary>The number of constraints (the largest <see cref="ConstraintCode"/> value).</summary>
    public const int Count = (int)ConstraintCode.TimeZoneGap;

    /// <summary>Every constraint, in check order.</summary>
    public static IReadOnlyList<ConstraintCode> InCheckOrder { get; } = Enum.GetValues<ConstraintCode>();

    /// <summary>The stable snake_case code, e.g. <c>no_common_language</c>.</summary>
    public static string Code(this ConstraintCode code) => code switch
    {
        ConstraintCode.Self => "self",
        ConstraintCode.NotActive => "not_active",
        ConstraintCode.MentorCapacity => "mentor_capacity",
        ConstraintCode.CredentialRequired => "credential_required",
        ConstraintCode.ReportingLine => "reporting_line",
        ConstraintCode.SharedLineManager => "shared_line_manager",
        ConstraintCode.AlreadyPaired => "already_paired",
        ConstraintCode.SeniorityDirection => "seniority_direction",
        ConstraintCode.AreaOfWork => "area_of_work",
        ConstraintCode.NoCommonLanguage => "no_common_language",
        ConstraintCode.NoCommonFormat => "no_common_format",
        ConstraintCode.TimeZoneGap => "time_zone_gap",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };

    /// <summary>A short label for counts, e.g. "no common language".</summary>
    public static string Label(this ConstraintCode code) => code switch
    {
        ConstraintCode.Self => "same person",
        ConstraintCode.NotActive => "not active",
        ConstraintCode.MentorCapacity => "no capacity left",
        ConstraintCode.CredentialRequired => "not credentialed",
        ConstraintCode.ReportingLine => "in the reporting line",
        ConstraintCode.SharedLineManager => "same line manager",
        ConstraintCode.AlreadyPaired => "already paired before",
        ConstraintCode.SeniorityDirection => "seniority does not fit the programme",
        ConstraintCode.AreaOfWork => "different area of work",
        ConstraintCode.NoCommonLanguage => "no common language",
        ConstraintCode.NoCommonFormat => "no common meeting format",
        ConstraintCode.TimeZoneGap => "time zones too far apart",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };
}
