using Mentoring.Matching.Engine.Assignment.Solving;

namespace Mentoring.Matching.Engine.Tests.Assignment;

/// <summary>The auction's answer to a small problem: feasible, as good as the brute-force optimum, and exact potentials whenever it certifies.</summary>
public static class AuctionAgainstOracle
{
    public static void Check(ProblemSpec spec)
    {
        var state = BatchBuilder.Build(spec.Build());
        var outcome = ScaledAuction.Solve(state);
        var result = ResultBuilder.Build(spec.Build(), state, []);
        ConstraintCheck.Holds(spec, result);
        var (score, matches) = BruteForceOracle.Best(spec);
        Assert.Equal(score, result.TotalScore);
        Assert.Equal(matches, result.Matches.Count);
        if (outcome.Certified is { } potentials)
            ExactPotentialsTests.AssertReducedCostsNonNegative(state, potentials);
    }
}
