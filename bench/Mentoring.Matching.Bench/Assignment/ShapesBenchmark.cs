namespace Mentoring.Matching.Bench.Assignment;

/// <summary>Other shapes than the reference instances, to check that the engine's speed and
/// exactness do not depend on them: pure assignment (capacity 1), heavy ties, demand far above or
/// below capacity, varied capacities, wide score range.</summary>
internal static class ShapesBenchmark
{
    public static bool Run(BenchOptions options)
    {
        (string Label, AssignmentInstances.Shape Shape)[] shapes =
        [
            ("capacity 1", new(10_000, 10_000, Skewed: false, Capacity: _ => 1)),
            ("capacity 1", new(10_000, 10_000, Skewed: true, Capacity: _ => 1)),
            ("scores 1..10", new(10_000, 2_000, Skewed: false, MaxScore: 10)),
            ("scores 1..10", new(10_000, 2_000, Skewed: true, MaxScore: 10)),
            ("demand 4x capacity", new(20_000, 1_000, Skewed: false)),
            ("demand 4x capacity", new(20_000, 1_000, Skewed: true)),
            ("demand 1/2 capacity", new(5_000, 2_000, Skewed: false)),
            ("capacity 0..10", new(10_000, 2_000, Skewed: true, Capacity: random => random.Next(0, 11))),
            ("scores 1..1,000,000", new(10_000, 2_000, Skewed: true, MaxScore: 1_000_000)),
            ("200 candidates", new(10_000, 2_000, Skewed: false, Candidates: 200)),
        ];
        var instances = shapes.Select((s, k) => (Func<AssignmentInstance>)(() =>
            AssignmentInstances.Generate($"{(s.Shape.Skewed ? "skewed" : "uniform")} {AssignmentInstances.Size(s.Shape.Mentees)} x {AssignmentInstances.Size(s.Shape.Mentors)}, {s.Label}", s.Shape, seed: 100 + k)));
        return AssignmentBenchmark.Compare(instances, options);
    }
}
