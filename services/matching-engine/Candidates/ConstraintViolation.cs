namespace Mentoring.Matching.Engine.Candidates;

/// <summary>A hard constraint a pair fails, with a sentence an administrator can read.</summary>
public sealed record ConstraintViolation(ConstraintCode Constraint, string Explanation)
{
    /// <summary>The stable code, e.g. <c>reporting_line</c>.</summary>
    public string Code => Constraint.Code();
}
