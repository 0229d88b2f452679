using CsCheck;

namespace Mentoring.Matching.Engine.Tests.Assignment;

/// <summary>Random valid problems: CsCheck generators for small ones (brute-force sized) and a
/// seeded generator for larger ones.</summary>
public static class RandomProblems
{
    /// <summary>≤ 7 mentees, ≤ 4 mentors with capacity 0–3, random distinct arcs with scores
    /// 1–<paramref name="maxScore"/> (small range, so ties are frequent), and optionally feasible pins.</summary>
    public static Gen<ProblemSpec> Small(bool withPins, int maxScore = 6) =>
        from mentees in Gen.Int[0, 7]
        from mentors in Gen.Int[0, 4]
        from capacities in Gen.Int[0, 3].Array[mentors]
        from arcs in Gen.Select(Gen.Int[0, 99], Gen.Int[0, 99], Gen.Int[1, maxScore]).Array[0, 3 * mentees + 3]
        from pins in Gen.Select(Gen.Int[0, 99], Gen.Int[0, 99], Gen.Bool).Array[0, withPins ? 4 : 0]
        select Make(mentees, capacities, arcs, pins);

    /// <summary>A problem with hundreds of mentees: 0–6 candidates each, capacities 0–6, scores in
    /// 1..maxScore, a few pins.</summary>
    public static ProblemSpec Large(Random random, int mentees, int mentors, int maxScore)
    {
        var capacities = new int[mentors];
        for (var j = 0; j < mentors; j++)
            capacities[j] = random.Next(0, 7);
        var arcs = new List<(int, int, int)>();
        for (var i = 0; i < mentees; i++)
        {
            foreach (var j in Enumerable.Range(0, mentors).OrderBy(_ => random.Next()).Take(random.Next(0, 7)))
                arcs.Add((i, j, random.Next(1, maxScore + 1)));
        }
        var pins = Enumerable.Range(0, mentees / 20).Select(_ => (random.Next(mentees), random.Next(mentors), random.Next(2) == 0)).ToArray();
        return Make(mentees, capacities, arcs.Select(a => (a.Item1, a.Item2, a.Item3)).ToArray(), pins);
    }

    /// <summary>Keeps the first arc of each pair, and only the pins that leave the problem valid.</summary>
    private static ProblemSpec Make(int mentees, int[] capacities, (int, int, int)[] rawArcs, (int, int, bool)[] rawPins)
    {
        var mentors = capacities.Length;
        if (mentees == 0 || mentors == 0)
            return new ProblemSpec(mentees, capacities, [], [], []);
        var arcs = rawArcs.Select(a => (Mentee: a.Item1 % mentees, Mentor: a.Item2 % mentors, Score: a.Item3))
            .DistinctBy(a => (a.Mentee, a.Mentor)).ToArray();
        var mustMatch = new List<(int, int)>();
        var mustNot = new List<(int, int)>();
        var pinsPerMentor = new int[mentors];
        foreach (var (rawMentee, rawMentor, must) in rawPins)
        {
            var pair = (Mentee: rawMentee % mentees, Mentor: rawMentor % mentors);
            if (mustMatch.Contains(pair) || mustNot.Contains(pair))
                continue;
            if (!must)
            {
                mustNot.Add(pair);
            }
            else if (mustMatch.All(p => p.Item1 != pair.Mentee) && pinsPerMentor[pair.Mentor] < capacities[pair.Mentor])
            {
                mustMatch.Add(pair);
                pinsPerMentor[pair.Mentor]++;
            }
        }
        return new ProblemSpec(mentees, capacities, arcs, mustMatch.ToArray(), mustNot.ToArray());
    }
}
