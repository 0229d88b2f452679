namespace Mentoring.Matching.Engine.Programmes;

/// <summary>How the mentor's seniority level must compare with the mentee's (a hard constraint).</summary>
public enum SeniorityDirection
{
    /// <summary>No constraint.</summary>
    Any,
    /// <summary>The mentor is strictly more senior (traditional mentoring).</summary>
    MentorMoreSenior,
    /// <summary>The mentor is strictly more junior (reverse mentoring).</summary>
    MentorMoreJunior,
    /// <summary>Both are at the same level, give or take <see cref="ProgrammeRules.SameLevelTolerance"/> (peer mentoring).</summary>
    SameLevel,
}
