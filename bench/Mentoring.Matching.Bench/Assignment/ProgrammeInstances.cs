using Mentoring.Matching.Engine.Candidates;
using Mentoring.Matching.Engine.Programmes;

namespace Mentoring.Matching.Bench.Assignment;

/// <summary>
/// Instances that look like real programmes: people of a synthetic organisation
/// (<see cref="CandidateWorkload"/>: areas, seniority, sites, languages, competencies, interests,
/// free hours), and scores from the engine's own scorer (<see cref="MentorTable"/>, the rules of
/// the resource-based model), so that scores are small sums of a few weighted factors and
/// thousands of pairs tie. Each mentee's candidates are the best feasible mentors (30–80 of them)
/// of a random sample of the organisation: scanning every mentor for every mentee is what
/// candidate generation does, but it costs 5·10^10 pair checks at 500k × 100k.
/// </summary>
internal static class ProgrammeInstances
{
    /// <summary>How a programme looks.</summary>
    /// <param name="MinCapacity">Smallest mentor capacity (each mentor draws uniformly).</param>
    /// <param name="MaxCapacity">Largest mentor capacity.</param>
    /// <param name="HotMentors">Mentors who suit everyone (top levels in every competency, every
    /// interest, language, format and hour): they are in every mentee's sample.</param>
    public sealed record Shape(int MinCapacity, int MaxCapacity, int HotMentors = 0, int MinCandidates = 30, int MaxCandidates = 80);

    /// <summary>Different people stand for the mentees up to this many; beyond, mentees reuse them
    /// (with their own samples of mentors), which keeps generation memory small at 500k.</summary>
    private const int MenteePersonas = 20_000;

    /// <summary>Candidates are the best of a sample this many times larger than the list.</summary>
    private const int SampleFactor = 3;

    public static AssignmentInstance Generate(string name, int mentees, int mentors, Shape shape, int seed)
    {
        var random = new Random(seed);
        var (personas, people) = CandidateWorkload.Generate(seed, Math.Min(mentees, MenteePersonas), mentors);
        var capacity = new int[mentors];
        var prepared = new Participant[mentors];
        for (var j = 0; j < mentors; j++)
        {
            capacity[j] = random.Next(shape.MinCapacity, shape.MaxCapacity + 1);
            prepared[j] = j < shape.HotMentors ? Star(people[j], capacity[j]) : people[j] with { CapacityRemaining = capacity[j], IsActive = true };
        }
        var rules = ModelDefaults.For(MentoringModel.ResourceBased) with { CredentialRequired = false };
        var table = new MentorTable(prepared, rules, history: null, competencyNames: null);

        var lists = new (int Mentor, int Score)[mentees][];
        Parallel.For(0, mentees, () => new MenteeProbe(mentors), (i, _, probe) =>
        {
            lists[i] = Candidates(table, probe, personas[i % personas.Length] with { IsActive = true }, shape, seed, i);
            return probe;
        }, _ => { });

        var arcs = lists.Sum(l => l.Length);
        var arcMentee = new int[arcs];
        var arcMentor = new int[arcs];
        var arcScore = new int[arcs];
        var a = 0;
        for (var i = 0; i < mentees; i++)
        {
            foreach (var (mentor, score) in lists[i])
            {
                arcMentee[a] = i;
                arcMentor[a] = mentor;
                arcScore[a] = score;
                a++;
            }
        }
        return new AssignmentInstance(name, mentees, capacity, arcMentee, arcMentor, arcScore);
    }

    /// <summary>The best feasible mentors (score &gt; 0) of a random sample, score descending,
    /// ties by mentor index.</summary>
    private static (int Mentor, int Score)[] Candidates(MentorTable table, MenteeProbe probe, Participant mentee, Shape shape, int seed, int index)
    {
        // Not HashCode.Combine: it is seeded per process, and the instances must be the same in every run.
        var random = new Random(unchecked(seed * 1_000_003 + index));
        var wanted = random.Next(shape.MinCandidates, shape.MaxCandidates + 1);
        table.Load(probe, mentee);
        var sample = new HashSet<int>();
        for (var j = 0; j < Math.Min(shape.HotMentors, table.Count); j++)
            sample.Add(j);
        var target = Math.Min(table.Count, shape.HotMentors + SampleFactor * wanted);
        while (sample.Count < target)
            sample.Add(random.Next(table.Count));
        var scored = new List<(int Mentor, int Score)>(sample.Count);
        foreach (var m in sample)
        {
            if (table.FirstViolation(probe, m) != 0)
                continue;
            var score = table.Score(probe, m);
            if (score > 0)
                scored.Add((m, score));
        }
        probe.ClearMarks();
        scored.Sort((x, y) => x.Score != y.Score ? y.Score.CompareTo(x.Score) : x.Mentor.CompareTo(y.Mentor));
        return scored.Take(wanted).ToArray();
    }

    /// <summary>A mentor everyone wants: top levels everywhere, shares everything.</summary>
    private static Participant Star(Participant mentor, int capacity)
    {
        var competencies = new Dictionary<string, CompetencyLevel>();
        for (var c = 0; c < CandidateWorkload.CompetencyCount; c++)
            competencies[$"c{c:00}"] = new CompetencyLevel(5, null);
        var interests = new HashSet<string>();
        for (var t = 0; t < CandidateWorkload.InterestCount; t++)
            interests.Add($"topic-{t:00}");
        var hours = HourOfWeekSet.Empty;
        for (var h = 0; h < 168; h++)
            hours = hours.With(h);
        return mentor with
        {
            Seniority = 5,
            Languages = ["en", "fr", "de", "es", "pt", "hi", "zh", "ja", "it"],
            Formats = MeetingFormats.Video | MeetingFormats.Phone | MeetingFormats.Chat,
            IsActive = true,
            CapacityRemaining = capacity,
            Competencies = competencies,
            Interests = interests,
            FreeHours = hours,
        };
    }
}
