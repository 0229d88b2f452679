namespace Mentoring.Matching.Engine.Assignment;

/// <summary>A (mentee, mentor) pair of indices, used for administrator pins.</summary>
public readonly record struct MenteeMentorPair(int Mentee, int Mentor);
