using Mentoring.Matching.Engine.Assignment.Solving;

namespace Mentoring.Matching.Engine.Assignment;

/// <summary>
/// Optimal batch assignment of mentees to mentors: maximises the total score of the matches,
/// each mentee with at most one mentor, each mentor with at most its capacity, must-match pins
/// forced and must-not-match pairs never used.
/// <para>
/// <b>Ties.</b> Among assignments of maximum total score, the engine returns one with the most
/// matches; among those, the one its deterministic auction reaches on the candidates in (mentee,
/// mentor) order. The result is therefore a function of the problem only: the order in which
/// candidates or pins were added does not matter.
/// </para>
/// <para>The algorithm is an exact ε-scaling forward/reverse auction; see
/// <c>Solving/ScaledAuction.cs</c>.</para>
/// </summary>
public static class AssignmentSolver
{
    /// <summary>Solves the batch.</summary>
    public static AssignmentResult Solve(AssignmentProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var state = BatchBuilder.Build(problem);
        ScaledAuction.Solve(state);
        return ResultBuilder.Build(problem, state, []);
    }

    /// <summary>Solves the batch and prepares it for joins (<see cref="SolvedAssignment.Join"/>):
    /// this also computes exact dual potentials, a label-correcting pass that costs a fraction of
    /// the solve.</summary>
    public static SolvedAssignment SolveForJoins(AssignmentProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var state = BatchBuilder.Build(problem);
        var (mentorPrices, poolPrice) = ScaledAuction.Solve(state);
        return new SolvedAssignment(problem, state, FlowPotentials.FromAuctionPrices(state, mentorPrices, poolPrice));
    }
}
