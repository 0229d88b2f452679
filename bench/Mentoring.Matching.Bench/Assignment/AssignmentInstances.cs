namespace Mentoring.Matching.Bench.Assignment;

/// <summary>Generated batch-assignment instances, from fixed seeds.</summary>
internal static class AssignmentInstances
{
    /// <summary>How to generate an instance.</summary>
    /// <param name="Skewed">False: candidates are uniformly random mentors, scores uniform in
    /// 1..<paramref name="MaxScore"/>. True: everyone prefers the same few hundred mentors:
    /// candidates follow a Zipf-like law over a popularity ranking (rank = mentor index), and the
    /// score grows with the mentor's popularity, plus noise.</param>
    /// <param name="Capacity">Capacity of each mentor (given the random source).</param>
    public sealed record Shape(
        int Mentees, int Mentors, bool Skewed, int Candidates = 50, int MaxScore = 10_000, Func<Random, int>? Capacity = null);

    public static AssignmentInstance Uniform(int mentees, int mentors, int seed) =>
        Generate($"uniform {Size(mentees)} x {Size(mentors)}", new Shape(mentees, mentors, Skewed: false), seed);

    public static AssignmentInstance Skewed(int mentees, int mentors, int seed) =>
        Generate($"skewed {Size(mentees)} x {Size(mentors)}", new Shape(mentees, mentors, Skewed: true), seed);

    public static AssignmentInstance Generate(string name, Shape shape, int seed)
    {
        var random = new Random(seed);
        var mentors = shape.Mentors;
        var candidates = Math.Min(shape.Candidates, mentors);
        Func<int> pickMentor = () => random.Next(mentors);
        Func<int, int> score = _ => 1 + random.Next(shape.MaxScore);
        if (shape.Skewed)
        {
            var cumulative = new double[mentors];
            double total = 0;
            for (var rank = 0; rank < mentors; rank++)
            {
                total += 1.0 / Math.Pow(rank + 10, 1.1);
                cumulative[rank] = total;
            }
            pickMentor = () =>
            {
                var index = Array.BinarySearch(cumulative, random.NextDouble() * total);
                return Math.Min(index < 0 ? ~index : index, mentors - 1);
            };
            score = mentor => 1 + (int)((shape.MaxScore - 1) * (0.6 * Math.Exp(-mentor / 150.0) + 0.4 * random.NextDouble()));
        }

        var arcs = shape.Mentees * candidates;
        var arcMentee = new int[arcs];
        var arcMentor = new int[arcs];
        var arcScore = new int[arcs];
        var chosen = new HashSet<int>();
        var a = 0;
        for (var mentee = 0; mentee < shape.Mentees; mentee++)
        {
            chosen.Clear();
            while (chosen.Count < candidates)
            {
                var mentor = pickMentor();
                if (!chosen.Add(mentor))
                    continue;
                arcMentee[a] = mentee;
                arcMentor[a] = mentor;
                arcScore[a] = score(mentor);
                a++;
            }
        }
        var capacity = new int[mentors];
        for (var j = 0; j < mentors; j++)
            capacity[j] = shape.Capacity?.Invoke(random) ?? 5;
        return new AssignmentInstance(name, shape.Mentees, capacity, arcMentee, arcMentor, arcScore);
    }

    public static string Size(int n) => n % 1000 == 0 ? $"{n / 1000}k" : n.ToString();
}
