namespace Mentoring.Matching.Engine.Assignment.Solving;

/// <summary>
/// Chooses the exact method for a batch (docs/adr/0007): the primal–dual method
/// (<see cref="PrimalDualAssignment"/>) when its greedy start already matches nearly everyone or
/// the scores take very few distinct values, else the ε-scaling auction
/// (<see cref="ScaledAuction"/>). Both are exact for the same objective, and the choice depends
/// on the canonical problem only, so the result stays deterministic.
/// </summary>
internal static class BatchSolver
{
    /// <summary>Solves the batch (fills the state's assignment and holders).</summary>
    public static void Solve(MatchingState state)
    {
        if (PrimalDualAssignment.TrySolve(state) is null)
            ScaledAuction.Solve(state);
    }

    /// <summary>Solves the batch and returns exact potentials for joins, tight toward the sink
    /// (<see cref="SinkTightPotentials"/>), and the arcs into each mentor that the tightening and
    /// the joins' backward searches walk (<see cref="MentorInArcs"/>, built once).</summary>
    public static (FlowPotentials Potentials, MentorInArcs InArcs) SolveWithPotentials(MatchingState state)
    {
        FlowPotentials potentials;
        if (PrimalDualAssignment.TrySolve(state) is { } duals)
        {
            potentials = FlowPotentials.FromDuals(state, duals.PersonValues, duals.MentorPrices);
        }
        else
        {
            var outcome = ScaledAuction.Solve(state);
            potentials = outcome.Certified ?? FlowPotentials.FromAuctionPrices(state, outcome.MentorPrices, outcome.PoolPrice);
        }
        var inArcs = MentorInArcs.Build(state);
        SinkTightPotentials.Tighten(state, potentials, inArcs);
        return (potentials, inArcs);
    }
}
