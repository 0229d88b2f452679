namespace Mentoring.Matching.Engine.Groups;

/// <summary>A working assignment of mentees to mentors with each mentor's members, kept in step.</summary>
internal sealed class GroupSolution
{
    public readonly GroupInstance G;
    public readonly int[] MentorOf;
    public readonly int[] Load;
    public readonly List<int>[] Members;
    /// <summary>Mentors that must not take mentees (closed on purpose by a perturbation).</summary>
    public readonly bool[] Blocked;
    private readonly long[] _value;

    public GroupSolution(GroupInstance g, int[] mentorOf)
    {
        G = g;
        MentorOf = (int[])mentorOf.Clone();
        Load = new int[g.M];
        Members = new List<int>[g.M];
        Blocked = new bool[g.M];
        _value = new long[g.N];
        for (var j = 0; j < g.M; j++) Members[j] = [];
        for (var i = 0; i < g.N; i++)
        {
            if (MentorOf[i] < 0) continue;
            _value[i] = g.Value(i, MentorOf[i]);
            Load[MentorOf[i]]++;
            Members[MentorOf[i]].Add(i);
        }
    }

    public bool IsOpen(int mentor) => Load[mentor] > 0;

    /// <summary>The value the mentee brings where it is now (0 unplaced).</summary>
    public long ValueOf(int mentee) => _value[mentee];

    /// <summary>Puts the mentee with <paramref name="mentor"/> (-1: unplaced).</summary>
    public void Move(int mentee, int mentor)
    {
        var from = MentorOf[mentee];
        if (from == mentor) return;
        if (from >= 0)
        {
            Load[from]--;
            Members[from].Remove(mentee);
        }
        MentorOf[mentee] = mentor;
        _value[mentee] = G.Value(mentee, mentor);
        if (mentor >= 0)
        {
            Load[mentor]++;
            Members[mentor].Add(mentee);
        }
    }

    /// <summary>Whether the mentor's group may take one more mentee and still be valid.</summary>
    public bool CanJoin(int mentor) =>
        !Blocked[mentor] && Load[mentor] < G.Max[mentor] && (Load[mentor] >= G.Min || (Load[mentor] == 0 && G.Min <= 1));

    /// <summary>Whether one mentee may leave the mentor's group and leave it valid (at the minimum, or empty).</summary>
    public bool CanLeave(int mentor) => mentor < 0 || Load[mentor] - 1 >= G.Min || Load[mentor] == 1;
}
