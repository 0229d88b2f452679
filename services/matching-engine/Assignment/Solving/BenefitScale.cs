namespace Mentoring.Matching.Engine.Assignment.Solving;

/// <summary>Turns integer scores into the integer benefits the solver maximises:
/// <c>benefit = (score · MatchUnit + 1) · Precision</c>.
/// <list type="bullet">
/// <item><c>MatchUnit</c> exceeds the number of matches that can ever be made, so a higher total
/// score always wins, and among equal total scores the solution with more matches wins (the
/// <c>+ 1</c>): the documented secondary objective.</item>
/// <item><c>Precision</c> exceeds the number of persons of the auction's symmetric problem
/// (mentees and phantoms, see <see cref="ScaledAuction"/>), so that an ε-optimal solution with
/// ε = 1 is exactly optimal (Bertsekas: ε &lt; 1/n on integer benefits).</item>
/// </list>
/// All arithmetic is on <see cref="long"/>; <see cref="MaxBenefit"/> is kept below 2^60 so that
/// prices, bids and reduced costs (sums of three such numbers) cannot overflow.</summary>
internal readonly record struct BenefitScale(long MatchUnit, long Precision)
{
    public const long Limit = 1L << 60;

    /// <summary>Matches are counted for the secondary objective up to this many (the mentees of the
    /// batch, as many joins again, and some slack).</summary>
    public long MaxMatches => MatchUnit - 1;

    public static BenefitScale For(int mentees, long auctionPersons) => new(2L * mentees + 1024, auctionPersons + 1L);

    public long Benefit(int score) => (score * MatchUnit + 1) * Precision;

    public bool CanScale(long maxScore) =>
        maxScore <= 0 || (Limit / Precision - 1) / MatchUnit >= maxScore;
}
