namespace Mentoring.Matching.Engine.Candidates;

/// <summary>
/// One mentee prepared against a <see cref="MentorTable"/>: their texts mapped to the table's
/// ids and bit words, their gaps, their per-mentor exclusions (self, reporting line, ended
/// pairs) marked, and their score tables. One per thread, reloaded for each mentee.
/// </summary>
internal sealed class MenteeProbe
{
    private readonly List<int> _marked = [];

    public MenteeProbe(int mentorCount) => Marks = new byte[mentorCount];

    public Participant Mentee { get; private set; } = null!;

    /// <summary>Per mentor: the first constraint that only this mentee's relations decide (0 when none).</summary>
    public readonly byte[] Marks;

    /// <summary><see cref="ConstraintCode.NotActive"/> when the mentee is not active, else 0.</summary>
    public int MenteeBlock;
    public int Area, Seniority, Offset, Location, Manager;
    public byte Formats;
    public ulong Hours0, Hours1, Hours2;

    public int LanguageWordCount;
    public int[] LanguageWord = new int[2];
    public ulong[] LanguageMask = new ulong[2];
    public int PreferredWord = -1;
    public ulong PreferredMask;

    public int InterestWordCount;
    public int[] InterestWord = new int[4];
    public ulong[] InterestMask = new ulong[4];
    /// <summary>Shared interests that score the factor fully: min(3, the mentee's interests).</summary>
    public int InterestTarget;

    public int GapCount;
    /// <summary>The table's competency column of each gap, -1 when no mentor was assessed in it.</summary>
    public int[] GapColumn = new int[4];
    public int[] GapCurrent = new int[4];
    public int[] GapTarget = new int[4];
    public string[] GapName = new string[4];
    public int TotalGap;

    /// <summary>Points of the competency factor by levels covered (0 to <see cref="TotalGap"/>).</summary>
    public int[] CompetencyPoints = new int[1];
    /// <summary>Points of the interests factor by shared interests (0 to <see cref="InterestTarget"/>).</summary>
    public int[] InterestPoints = new int[1];

    internal void Reset(Participant mentee)
    {
        Mentee = mentee;
        LanguageWordCount = InterestWordCount = GapCount = TotalGap = 0;
        PreferredWord = -1;
        PreferredMask = 0;
    }

    internal void Mark(int mentor, byte code)
    {
        var current = Marks[mentor];
        if (current == 0) _marked.Add(mentor);
        if (current == 0 || code < current) Marks[mentor] = code;
    }

    internal void ClearMarks()
    {
        foreach (var m in _marked) Marks[m] = 0;
        _marked.Clear();
    }

    internal static void AddBit(ref int count, ref int[] words, ref ulong[] masks, int bit)
    {
        var word = bit >> 6;
        var mask = 1UL << (bit & 63);
        for (var i = 0; i < count; i++)
        {
            if (words[i] != word) continue;
            masks[i] |= mask;
            return;
        }
        if (count == words.Length)
        {
            Array.Resize(ref words, count * 2);
            Array.Resize(ref masks, count * 2);
        }
        words[count] = word;
        masks[count] = mask;
        count++;
    }

    internal void AddGap(int column, int current, int target, string name)
    {
        if (GapCount == GapColumn.Length)
        {
            var size = GapCount * 2;
            Array.Resize(ref GapColumn, size);
            Array.Resize(ref GapCurrent, size);
            Array.Resize(ref GapTarget, size);
            Array.Resize(ref GapName, size);
        }
        GapColumn[GapCount] = column;
        GapCurrent[GapCount] = current;
        GapTarget[GapCount] = target;
        GapName[GapCount] = name;
        GapCount++;
        TotalGap += target - current;
    }
}
