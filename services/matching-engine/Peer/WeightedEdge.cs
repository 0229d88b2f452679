namespace Mentoring.Matching.Engine.Peer;

/// <summary>An undirected edge between vertices <paramref name="U"/> and <paramref name="V"/> (0-based) of integer weight.</summary>
public readonly record struct WeightedEdge(int U, int V, long Weight);
