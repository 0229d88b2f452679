namespace Mentoring.Matching.Engine.Assignment;

/// <summary>A candidate mentor for one mentee, with its score (&gt; 0). Used when a mentee joins a
/// solved batch (<see cref="SolvedAssignment.Join"/>).</summary>
public readonly record struct MentorCandidate(int Mentor, int Score);
