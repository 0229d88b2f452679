using System.Runtime.CompilerServices;
using Mentoring.Matching.Engine.Programmes;

namespace Mentoring.Matching.Engine.Candidates;

/// <summary>
/// The programme's weights turned into integer shares of 10,000 hundredths of a point (largest
/// remainder, ties to the earlier factor), so that a pair scoring fully on every factor gets
/// exactly 100 and contributions always add up to the score.
/// </summary>
internal sealed class FactorShares
{
    public const int Total = 10_000;
    private readonly int[] _shares;

    public FactorShares(ScoringWeights weights)
    {
        int[] raw = [weights.CompetencyGap, weights.AreaOfWork, weights.Seniority, weights.Availability,
            weights.Interests, weights.Language, weights.LocationFormat];
        var sum = 0L;
        foreach (var w in raw) sum += w;
        if (sum <= 0) throw new ArgumentException("At least one weight must be positive.", nameof(weights));

        _shares = new int[ScoreFactors.Count];
        var remainders = new long[ScoreFactors.Count];
        var given = 0;
        for (var f = 0; f < raw.Length; f++)
        {
            _shares[f] = (int)(raw[f] * (long)Total / sum);
            remainders[f] = raw[f] * (long)Total % sum;
            given += _shares[f];
        }
        for (; given < Total; given++)
        {
            var best = -1;
            for (var f = 0; f < raw.Length; f++)
                if (raw[f] > 0 && (best < 0 || remainders[f] > remainders[best])) best = f;
            _shares[best]++;
            remainders[best] = -1;
        }
    }

    /// <summary>The factor's full share in hundredths; 0 when it is not weighted.</summary>
    public int this[ScoreFactor factor] => _shares[(int)factor];

    /// <summary>share × numerator / denominator, rounded half up, in integers (so identical on every machine); 0 when the denominator is 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Points(int share, int numerator, int denominator) =>
        denominator <= 0 ? 0 : (int)((2L * share * numerator + denominator) / (2L * denominator));
}
