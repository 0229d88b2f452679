namespace Mentoring.Matching.Engine.Programmes;

/// <summary>
/// Relative weights of the soft-score factors. A factor's share of the 100 points is its weight
/// divided by the sum of the weights; a factor of weight 0 is not scored (nor explained).
/// </summary>
/// <param name="CompetencyGap">How far the mentor's levels cover the mentee's competency gaps.</param>
/// <param name="AreaOfWork">Same area of work.</param>
/// <param name="Seniority">Seniority gap within the programme's preferred range.</param>
/// <param name="Availability">Weekly free hours in common.</param>
/// <param name="Interests">Interests and skills in common.</param>
/// <param name="Language">The mentee's first language in common.</param>
/// <param name="LocationFormat">Can meet in person in the same place, or else remotely.</param>
public sealed record ScoringWeights(
    int CompetencyGap,
    int AreaOfWork,
    int Seniority,
    int Availability,
    int Interests,
    int Language,
    int LocationFormat)
{
    /// <summary>The sum of the weights.</summary>
    public int Total => CompetencyGap + AreaOfWork + Seniority + Availability + Interests + Language + LocationFormat;
}
