namespace Mentoring.Matching.Engine.Candidates;

/// <summary>A factor of the soft score, weighted by <see cref="Programmes.ScoringWeights"/>.</summary>
public enum ScoreFactor
{
    /// <summary>How far the mentor's levels cover the mentee's competency gaps.</summary>
    CompetencyGap,
    /// <summary>Same area of work.</summary>
    AreaOfWork,
    /// <summary>Seniority gap within the programme's preferred range.</summary>
    SeniorityFit,
    /// <summary>Weekly free hours in common.</summary>
    Availability,
    /// <summary>Interests and skills in common.</summary>
    SharedInterests,
    /// <summary>The mentee's first language in common.</summary>
    Language,
    /// <summary>Meeting in person in the same place, or else remotely.</summary>
    LocationFormat,
}

/// <summary>Stable codes of the score factors.</summary>
public static class ScoreFactors
{
    /// <summary>The number of factors.</summary>
    public const int Count = 7;

    /// <summary>The stable snake_case code, e.g. <c>competency_gap</c>.</summary>
    public static string Code(this ScoreFactor factor) => factor switch
    {
        ScoreFactor.CompetencyGap => "competency_gap",
        ScoreFactor.AreaOfWork => "area_of_work",
        ScoreFactor.SeniorityFit => "seniority_fit",
        ScoreFactor.Availability => "availability",
        ScoreFactor.SharedInterests => "shared_interests",
        ScoreFactor.Language => "language",
        ScoreFactor.LocationFormat => "location_format",
        _ => throw new ArgumentOutOfRangeException(nameof(factor), factor, null),
    };
}
