namespace Mentoring.Matching.Engine.Assignment;

/// <summary>How a new mentee joins a solved batch (<see cref="SolvedAssignment.Join"/>).</summary>
public enum JoinMode
{
    /// <summary>(a) The best-scored candidate mentor that still has room; nobody else moves. The
    /// match is then fixed, like a pin: later re-optimising joins never move it. If no candidate
    /// has room, the mentee stays unmatched.</summary>
    SpareCapacityOnly,

    /// <summary>(b) Exact re-optimisation: one shortest augmenting path (Dijkstra on reduced costs)
    /// from the new mentee. The result is exactly what a full re-solve would score, and may move
    /// other (re-optimisable) mentees to other mentors, or leave one of them unmatched, which
    /// <see cref="JoinOutcome.Moves"/> reports.</summary>
    Reoptimise,
}
