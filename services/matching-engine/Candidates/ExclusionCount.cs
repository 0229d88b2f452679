namespace Mentoring.Matching.Engine.Candidates;

/// <summary>How many mentors were excluded for a mentee by one constraint (the first each failed, in check order).</summary>
public sealed record ExclusionCount(ConstraintCode Constraint, int Count)
{
    /// <summary>The stable code of the constraint.</summary>
    public string Code => Constraint.Code();

    /// <summary>E.g. "312 mentors excluded: no common language".</summary>
    public string Describe() => $"{Count} mentor{(Count == 1 ? "" : "s")} excluded: {Constraint.Label()}";
}
