namespace Mentoring.Matching.Engine.Candidates;

/// <summary>
/// One factor's share of a pair's score. Contributions are kept in hundredths of a point so that
/// they add up exactly to the score.
/// </summary>
/// <param name="Factor">The factor.</param>
/// <param name="IntegerContribution">Points in hundredths (0 to <paramref name="IntegerMaximum"/>).</param>
/// <param name="IntegerMaximum">The factor's full share of the 10,000 hundredths, from the programme's weights.</param>
/// <param name="Explanation">A sentence an administrator can read.</param>
public sealed record FactorContribution(ScoreFactor Factor, int IntegerContribution, int IntegerMaximum, string Explanation)
{
    /// <summary>The stable code, e.g. <c>competency_gap</c>.</summary>
    public string Code => Factor.Code();

    /// <summary>Points this factor adds to the 0–100 score.</summary>
    public double Contribution => IntegerContribution / 100.0;

    /// <summary>The most this factor can add.</summary>
    public double Maximum => IntegerMaximum / 100.0;
}
