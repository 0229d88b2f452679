using Mentoring.Matching.Engine.Assignment;
using Mentoring.Matching.Engine.Assignment.Solving;

namespace Mentoring.Matching.Engine.Tests.Assignment;

/// <summary>The engine's exact methods for a batch, each callable alone, so that both are checked
/// whichever the engine would choose for an instance.</summary>
public enum SolverMethod
{
    /// <summary>What <see cref="AssignmentSolver.Solve"/> chooses.</summary>
    Chosen,
    PrimalDual,
    Auction,
}

public static class SolverMethods
{
    public static readonly TheoryData<SolverMethod> All = [SolverMethod.Chosen, SolverMethod.PrimalDual, SolverMethod.Auction];

    public static AssignmentResult Solve(AssignmentProblem problem, SolverMethod method)
    {
        if (method == SolverMethod.Chosen)
            return AssignmentSolver.Solve(problem);
        var state = BatchBuilder.Build(problem);
        if (method == SolverMethod.PrimalDual)
            PrimalDualAssignment.TrySolve(state, always: true);
        else
            ScaledAuction.Solve(state);
        return ResultBuilder.Build(problem, state, []);
    }
}
