using Mentoring.Matching.Engine.Assignment.Solving;

namespace Mentoring.Matching.Engine.Assignment;

/// <summary>
/// Optimal batch assignment of mentees to mentors: maximises the total score of the matches,
/// each mentee with at most one mentor, each mentor with at most its capacity, must-match pins
/// forced and must-not-match pairs never used.
/// <para>
/// <b>Ties.</b> Among assignments of maximum total score, the engine returns one with the most
/// matches; among those, the one its deterministic method reaches on the candidates in (mentee,
/// mentor) order. The result is therefore a function of the problem only: the order in which
/// candidates or pins were added does not matter.
/// </para>
/// <para>Two exact methods, chosen from the problem alone (<c>Solving/BatchSolver.cs</c>,
/// docs/adr/0007): a primal–dual method with a greedy start when the greedy start already matches
/// nearly everyone or scores take very few distinct values, else an ε-scaling auction
/// (<c>Solving/ScaledAuction.cs</c>).</para>
/// </summary>
public static class AssignmentSolver
{
    /// <summary>Solves the batch.</summary>
    public static AssignmentResult Solve(AssignmentProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var state = BatchBuilder.Build(problem);
        BatchSolver.Solve(state);
        return ResultBuilder.Build(problem, state, []);
    }

    /// <summary>Solves the batch and prepares it for joins (<see cref="SolvedAssignment.Join"/>):
    /// this also computes exact dual potentials (a label-correcting pass after the auction) and
    /// makes them tight toward the sink (one backward Dijkstra, <c>Solving/SinkTightPotentials.cs</c>),
    /// each a fraction of the solve.</summary>
    public static SolvedAssignment SolveForJoins(AssignmentProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var state = BatchBuilder.Build(problem);
        var (potentials, inArcs) = BatchSolver.SolveWithPotentials(state);
        return new SolvedAssignment(problem, state, potentials, inArcs);
    }
}
