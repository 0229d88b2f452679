namespace Mentoring.Matching.Bench.Assignment;

/// <summary>The benchmark's instance families: programmes scored by the engine's own scorer
/// (<see cref="ProgrammeInstances"/>) and hard cases from the literature
/// (<see cref="AdversarialInstances"/>), each generable at any size.</summary>
internal static class InstanceFamilies
{
    /// <summary>A family: its name and how to generate an instance (name, mentees, mentors, seed).</summary>
    public sealed record Family(string Name, Func<string, int, int, int, AssignmentInstance> Generate);

    public static readonly Family[] All =
    [
        new("programme", (name, n, m, seed) => ProgrammeInstances.Generate(name, n, m, new(MinCapacity: 1, MaxCapacity: 8), seed)),
        new("scarce places", (name, n, m, seed) => ProgrammeInstances.Generate(name, n, m, new(MinCapacity: 1, MaxCapacity: 2), seed)),
        new("hot mentors", (name, n, m, seed) => ProgrammeInstances.Generate(name, n, m, new(MinCapacity: 1, MaxCapacity: 8, HotMentors: 10), seed)),
        new("plenty of places", (name, n, m, seed) => ProgrammeInstances.Generate(name, n, m, new(MinCapacity: 6, MaxCapacity: 8), seed)),
        new("all scores equal", AdversarialInstances.EqualScores),
        new("product scores", AdversarialInstances.ProductScores),
        new("contention", AdversarialInstances.Contention),
    ];
}
