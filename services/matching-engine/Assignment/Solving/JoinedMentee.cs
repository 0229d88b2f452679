namespace Mentoring.Matching.Engine.Assignment.Solving;

/// <summary>A mentee that joined a solved batch: its candidates (in mentor order), its group, and
/// either its person in the optimisation (<see cref="Person"/> ≥ 0, re-optimising joins) or its
/// fixed outcome (spare-capacity joins; <see cref="FixedMentor"/> -1 if unmatched).</summary>
internal sealed record JoinedMentee(
    int[] Mentors, int[] Scores, string? Group, int Person, int FixedMentor, int FixedScore);
