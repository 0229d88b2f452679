namespace Mentoring.Matching.Bench.Assignment;

/// <summary>
/// Hard cases for assignment algorithms from the literature, made sparse (50 candidates each):
/// <list type="bullet">
/// <item><i>all scores equal</i>: every benefit ties, so only the number of matches counts; the
/// classic worst case of the auction, whose bidders then raise prices by ε at a time (Bertsekas,
/// "Network Optimization", §7.1, price wars).</item>
/// <item><i>product scores</i>: Machol and Wien's cost <c>i · j</c> ("A hard assignment problem",
/// Operations Research 24, 1976), here <c>1 + (i mod 100)(j mod 100) / 10</c>: a structured matrix
/// in which every assignment differs from another by a few units, ~1,000 distinct values.</item>
/// <item><i>contention</i>: every mentee's candidates are among the same 100 mentors, scores 1..5,
/// capacities 1..8: far more demand than places in a dense, tie-heavy core (the "many persons
/// bid for few objects" case of the auction and of push-relabel).</item>
/// </list>
/// </summary>
internal static class AdversarialInstances
{
    public static AssignmentInstance EqualScores(string name, int mentees, int mentors, int seed) =>
        Generate(name, mentees, mentors, seed, (random, _) => random.Next(mentors), (_, _, _) => 1, random => random.Next(1, 9));

    public static AssignmentInstance ProductScores(string name, int mentees, int mentors, int seed) =>
        Generate(name, mentees, mentors, seed, (random, _) => random.Next(mentors), (_, i, j) => 1 + i % 100 * (j % 100) / 10, random => random.Next(1, 9));

    public static AssignmentInstance Contention(string name, int mentees, int mentors, int seed) =>
        Generate(name, mentees, mentors, seed, (random, _) => random.Next(Math.Min(100, mentors)), (random, _, _) => random.Next(1, 6), random => random.Next(1, 9));

    private static AssignmentInstance Generate(
        string name, int mentees, int mentors, int seed, Func<Random, int, int> pickMentor, Func<Random, int, int, int> score, Func<Random, int> capacityOf)
    {
        const int candidates = 50;
        var random = new Random(seed);
        var arcs = mentees * candidates;
        var arcMentee = new int[arcs];
        var arcMentor = new int[arcs];
        var arcScore = new int[arcs];
        var chosen = new HashSet<int>();
        var a = 0;
        for (var i = 0; i < mentees; i++)
        {
            chosen.Clear();
            while (chosen.Count < candidates)
            {
                var j = pickMentor(random, i);
                if (!chosen.Add(j))
                    continue;
                arcMentee[a] = i;
                arcMentor[a] = j;
                arcScore[a] = score(random, i, j);
                a++;
            }
        }
        var capacity = new int[mentors];
        for (var j = 0; j < mentors; j++)
            capacity[j] = capacityOf(random);
        return new AssignmentInstance(name, mentees, capacity, arcMentee, arcMentor, arcScore);
    }
}
