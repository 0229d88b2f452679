namespace Mentoring.Matching.Runs;

/// <summary>What a reviewer decided about a pair: keep it, forbid it, or force it.</summary>
public enum DecisionKind { Accept = 1, Reject = 2, Pin = 3 }

/// <summary>One reviewer decision; every re-solve of the run honours all of them.</summary>
public sealed record RunDecision(DecisionKind Kind, Guid Mentee, Guid Mentor);
