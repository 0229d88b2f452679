namespace Mentoring.Matching.Engine.Groups;

/// <summary>
/// A group-formation input turned into indices: mentees 0..N-1 and mentors 0..M-1 in input order,
/// each arc with its value for the objective. Values are positive, so placing a mentee always
/// adds: for <see cref="GroupObjective.MostPlacedThenScore"/> a value is the score plus a bonus
/// larger than any plan's total score; for <see cref="GroupObjective.TotalScore"/> it is the score
/// times (N + 1) plus 1, so that more placed mentees only break ties. Mentors who cannot lead a
/// group of the minimum size (capacity, or fewer candidate mentees) are unusable and lose their arcs.
/// </summary>
internal sealed class GroupInstance
{
    public readonly int N, M, Min;
    public readonly int[] Max;
    public readonly bool[] Usable;
    /// <summary>Per mentee, the usable mentors with value and score, best value first (ties: lower mentor index).</summary>
    public readonly (int Mentor, long Value, int Score)[][] ArcsOf;
    /// <summary>Per mentor, the mentees with an arc to it (ascending) and the arc's value.</summary>
    public readonly (int Mentee, long Value)[][] MenteesOf;
    /// <summary>Per mentee, whether it had any arc at all (even to an unusable mentor).</summary>
    public readonly bool[] HadArc;
    private readonly Dictionary<int, (long Value, int Score)>[] _arc;

    public GroupInstance(GroupFormationInput input, GroupObjective objective)
    {
        N = input.Mentees.Count;
        M = input.Mentors.Count;
        Min = input.MinSize;
        var menteeIndex = Index(input.Mentees, nameof(input.Mentees));
        var mentorIndex = Index(input.Mentors.Select(m => m.Id).ToList(), nameof(input.Mentors));

        var scores = new Dictionary<(int, int), int>();
        var maxScore = 0;
        foreach (var arc in input.Arcs)
        {
            if (!menteeIndex.TryGetValue(arc.Mentee, out var i) || !mentorIndex.TryGetValue(arc.Mentor, out var j))
                throw new ArgumentException($"Arc ({arc.Mentee}, {arc.Mentor}) names an unknown mentee or mentor.", nameof(input));
            if (arc.Score < 0) throw new ArgumentException($"Arc ({arc.Mentee}, {arc.Mentor}) has a negative score.", nameof(input));
            scores[(i, j)] = scores.TryGetValue((i, j), out var s) ? Math.Max(s, arc.Score) : arc.Score;
            maxScore = Math.Max(maxScore, arc.Score);
        }

        var candidateCount = new int[M];
        HadArc = new bool[N];
        foreach (var ((i, j), _) in scores)
        {
            candidateCount[j]++;
            HadArc[i] = true;
        }
        Max = new int[M];
        Usable = new bool[M];
        for (var j = 0; j < M; j++)
        {
            Max[j] = Math.Min(input.MaxSize, input.Mentors[j].MaxMentees);
            Usable[j] = Max[j] >= Min && candidateCount[j] >= Min;
        }

        var bonus = (long)N * maxScore + 1;
        long Value(int score) => objective == GroupObjective.MostPlacedThenScore ? score + bonus : (long)score * (N + 1) + 1;

        _arc = new Dictionary<int, (long, int)>[N];
        var lists = new List<(int Mentor, long Value, int Score)>[N];
        var menteesOf = new List<(int, long)>[M];
        for (var i = 0; i < N; i++) (_arc[i], lists[i]) = ([], []);
        for (var j = 0; j < M; j++) menteesOf[j] = [];
        foreach (var ((i, j), score) in scores.OrderBy(p => p.Key))
        {
            if (!Usable[j]) continue;
            _arc[i][j] = (Value(score), score);
            lists[i].Add((j, Value(score), score));
            menteesOf[j].Add((i, Value(score)));
        }
        MenteesOf = [.. menteesOf.Select(list => list.ToArray())];
        ArcsOf = new (int, long, int)[N][];
        for (var i = 0; i < N; i++)
            ArcsOf[i] = [.. lists[i].OrderByDescending(a => a.Value).ThenBy(a => a.Mentor)];
    }

    public bool HasArc(int mentee, int mentor) => _arc[mentee].ContainsKey(mentor);

    /// <summary>The value of placing the mentee with the mentor; 0 for -1 (unplaced).</summary>
    public long Value(int mentee, int mentor) => mentor < 0 ? 0 : _arc[mentee][mentor].Value;

    public int Score(int mentee, int mentor) => _arc[mentee][mentor].Score;

    /// <summary>The value of a whole assignment.</summary>
    public long Total(int[] mentorOf)
    {
        var total = 0L;
        for (var i = 0; i < N; i++) total += Value(i, mentorOf[i]);
        return total;
    }

    /// <summary>Whether every mentor's load is 0 or within [Min, Max], and every placement is an arc.</summary>
    public bool IsFeasible(int[] mentorOf)
    {
        var load = new int[M];
        for (var i = 0; i < N; i++)
        {
            if (mentorOf[i] < 0) continue;
            if (!HasArc(i, mentorOf[i])) return false;
            load[mentorOf[i]]++;
        }
        for (var j = 0; j < M; j++)
            if (load[j] != 0 && (load[j] < Min || load[j] > Max[j])) return false;
        return true;
    }

    private static Dictionary<Guid, int> Index(IReadOnlyList<Guid> ids, string what)
    {
        var index = new Dictionary<Guid, int>(ids.Count);
        for (var k = 0; k < ids.Count; k++)
            if (!index.TryAdd(ids[k], k)) throw new ArgumentException($"{ids[k]} is listed twice in {what}.", nameof(ids));
        return index;
    }
}
