namespace Mentoring.Matching.Engine.Assignment.Solving;

/// <summary>
/// Node potentials of the batch seen as a min-cost flow: every person sends one unit to a sink,
/// either through a mentor (arc cost −benefit, mentor→sink capacity = the mentor's capacity) or
/// directly (cost 0: unmatched). Reduced cost of a residual arc u→v:
/// <c>cost(u,v) + potential(u) − potential(v)</c>. The potentials are exact when every residual
/// arc has a non-negative reduced cost, which is what Dijkstra needs.
/// </summary>
internal sealed class FlowPotentials
{
    private FlowPotentials(long[] person, long[] mentor, long sink)
    {
        Person = person;
        Mentor = mentor;
        Sink = sink;
    }

    public long[] Person { get; set; }

    public long[] Mentor { get; }

    public long Sink { get; set; }

    /// <summary>Exact potentials from optimal duals (person values and mentor prices, in units of
    /// benefit / <see cref="BenefitScale.Precision"/>): a person at <c>value</c>, a mentor at
    /// <c>−price</c>, the sink at 0, all scaled by the precision. Every residual arc then has a
    /// non-negative reduced cost because the duals are feasible and complementary.</summary>
    public static FlowPotentials FromDuals(MatchingState state, long[] values, long[] prices)
    {
        var precision = state.Scale.Precision;
        var person = new long[Math.Max(values.Length, 16)];
        for (var i = 0; i < values.Length; i++)
            person[i] = values[i] * precision;
        var mentor = new long[prices.Length];
        for (var j = 0; j < prices.Length; j++)
            mentor[j] = -prices[j] * precision;
        return new FlowPotentials(person, mentor, 0);
    }

    /// <summary>
    /// Exact potentials from the auction's final prices (ε = 1), by the repair pass of
    /// <see cref="PotentialRepair"/>: the assignment is optimal, so the pass converges.
    /// </summary>
    /// <exception cref="InvalidOperationException">The assignment was not optimal (a bug).</exception>
    public static FlowPotentials FromAuctionPrices(MatchingState state, long[] prices, long poolPrice) =>
        PotentialRepair.TryFromPrices(state, prices, poolPrice, PotentialRepair.GuardBudget(state))
        ?? throw new InvalidOperationException("The assignment is not optimal: its residual graph has a negative cycle.");

    /// <summary>Potentials from raw arrays (persons, mentors, the sink), already exact.</summary>
    public static FlowPotentials Of(long[] person, long[] mentor, long sink) => new(person, mentor, sink);
}
