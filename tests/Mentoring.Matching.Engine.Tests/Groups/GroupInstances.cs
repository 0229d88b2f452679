using CsCheck;
using Mentoring.Matching.Engine.Groups;

namespace Mentoring.Matching.Engine.Tests.Groups;

/// <summary>Random group-formation inputs and the exhaustive oracle.</summary>
internal static class GroupInstances
{
    public static Gen<GroupFormationInput> Gen(int maxMentees, int maxMentors, int maxSize) =>
        CsCheck.Gen.Int.Select(seed => Create(seed, maxMentees, maxMentors, maxSize));

    /// <summary>A random instance drawn from <paramref name="seed"/>: sizes, density, capacities (some below the maximum) and scores (many ties).</summary>
    public static GroupFormationInput Create(int seed, int maxMentees, int maxMentors, int maxSize)
    {
        var random = new Random(seed);
        var (n, m, min, density) = (random.Next(maxMentees + 1), random.Next(maxMentors + 1), 1 + random.Next(3), random.Next(101));
        var max = min + random.Next(Math.Max(1, maxSize - min + 1));
        var mentees = Enumerable.Range(0, n).Select(_ => People.NewId()).ToArray();
        var mentors = Enumerable.Range(0, m).Select(_ => new GroupMentor(People.NewId(), random.Next(4) == 0 ? random.Next(max + 1) : max)).ToArray();
        var arcs = new List<GroupArc>();
        foreach (var e in mentees)
            foreach (var t in mentors)
                if (random.Next(100) < density)
                    arcs.Add(new GroupArc(e, t.Id, random.Next(3) == 0 ? random.Next(10_001) : 5_000 + random.Next(5) * 1_000));
        return new GroupFormationInput(mentees, mentors, arcs, min, max);
    }

    /// <summary>The best (placed, total score) — or (total score, placed) — over every valid plan.</summary>
    public static (int Placed, long Score) BruteForce(GroupFormationInput input, GroupObjective objective)
    {
        var score = input.Arcs.GroupBy(a => (a.Mentee, a.Mentor)).ToDictionary(x => x.Key, x => x.Max(a => a.Score));
        var options = input.Mentees.Select(e => input.Mentors.Select((t, j) => (t, j)).Where(x => score.ContainsKey((e, x.t.Id))).Select(x => x.j).ToArray()).ToArray();
        var load = new int[input.Mentors.Count];
        var best = (Placed: 0, Score: 0L);
        var found = false;

        bool Better((int Placed, long Score) a, (int Placed, long Score) b) => objective == GroupObjective.MostPlacedThenScore
            ? a.Placed > b.Placed || (a.Placed == b.Placed && a.Score > b.Score)
            : a.Score > b.Score || (a.Score == b.Score && a.Placed > b.Placed);

        void Go(int i, int placed, long total)
        {
            if (i == input.Mentees.Count)
            {
                for (var j = 0; j < load.Length; j++)
                {
                    var cap = Math.Min(input.MaxSize, input.Mentors[j].MaxMentees);
                    if (load[j] != 0 && (load[j] < input.MinSize || load[j] > cap)) return;
                }
                if (!found || Better((placed, total), best)) (best, found) = ((placed, total), true);
                return;
            }
            Go(i + 1, placed, total);
            foreach (var j in options[i])
            {
                load[j]++;
                Go(i + 1, placed + 1, total + score[(input.Mentees[i], input.Mentors[j].Id)]);
                load[j]--;
            }
        }
        Go(0, 0, 0);
        return best;
    }

    public static void AssertValid(GroupFormationInput input, GroupPlan plan)
    {
        var arcs = input.Arcs.GroupBy(a => (a.Mentee, a.Mentor)).ToDictionary(x => x.Key, x => x.Max(a => a.Score));
        var capacity = input.Mentors.ToDictionary(m => m.Id, m => Math.Min(input.MaxSize, m.MaxMentees));
        var placed = new HashSet<Guid>();
        foreach (var group in plan.Groups)
        {
            Assert.InRange(group.Mentees.Count, input.MinSize, capacity[group.Mentor]);
            foreach (var mentee in group.Mentees)
            {
                Assert.True(placed.Add(mentee), "a mentee is in two groups");
                Assert.True(arcs.ContainsKey((mentee, group.Mentor)), "a mentee was placed with a mentor who is not a candidate");
            }
            Assert.Equal(group.Mentees.Sum(e => (long)arcs[(e, group.Mentor)]), group.Score);
        }
        Assert.Equal(plan.Groups.Count, plan.Groups.Select(g => g.Mentor).Distinct().Count());
        Assert.Equal(input.Mentees.Order(), placed.Concat(plan.Unplaced.Select(u => u.Mentee)).Order());
        foreach (var unplaced in plan.Unplaced)
        {
            var candidates = input.Arcs.Where(a => a.Mentee == unplaced.Mentee).Select(a => a.Mentor).Distinct().ToList();
            Assert.Equal(candidates.Count == 0, unplaced.Reason == UnplacedReason.NoCandidateMentor);
            Assert.EndsWith(".", unplaced.Explanation);
        }
    }
}
