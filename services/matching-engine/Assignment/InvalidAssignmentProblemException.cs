namespace Mentoring.Matching.Engine.Assignment;

/// <summary>Thrown by <see cref="AssignmentProblemBuilder.Build"/> when the problem is inconsistent
/// (duplicate candidates, infeasible pins…). <see cref="Errors"/> lists every error found, not only
/// the first.</summary>
public sealed class InvalidAssignmentProblemException(IReadOnlyList<AssignmentProblemError> errors)
    : Exception(Describe(errors))
{
    /// <summary>Every error found in the problem.</summary>
    public IReadOnlyList<AssignmentProblemError> Errors { get; } = errors;

    private static string Describe(IReadOnlyList<AssignmentProblemError> errors) =>
        errors.Count == 1
            ? $"Invalid assignment problem: {errors[0].Message}"
            : $"Invalid assignment problem ({errors.Count} errors): {errors[0].Message} …";
}
