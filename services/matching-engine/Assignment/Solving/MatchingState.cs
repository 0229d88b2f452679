namespace Mentoring.Matching.Engine.Assignment.Solving;

/// <summary>The optimisable part of a batch, in flat arrays: the persons (mentees that are neither
/// pinned nor without a usable candidate, then the re-optimising joins), their candidate arcs in
/// CSR form (every person has at least one), the mentors' capacities and current holders, and
/// who holds what. Shared by the auction (<see cref="ScaledAuction"/>) and the incremental joins
/// (<see cref="ShortestAugmentingPath"/>).</summary>
internal sealed class MatchingState
{
    /// <summary><see cref="AssignedArc"/> value of a person matched with nobody.</summary>
    public const int Unmatched = -1;

    public MatchingState(int[] personMentee, int[] arcStart, int[] arcMentor, int[] arcScore, int[] capacity, BenefitScale scale)
    {
        PersonCount = personMentee.Length;
        PersonMentee = personMentee;
        ArcStart = arcStart;
        ArcCount = arcStart[PersonCount];
        ArcMentor = arcMentor;
        ArcScore = arcScore;
        Scale = scale;
        Capacity = capacity;
        Load = new int[capacity.Length];
        HolderStart = new int[capacity.Length + 1];
        for (var j = 0; j < capacity.Length; j++)
            HolderStart[j + 1] = HolderStart[j] + capacity[j];
        Holder = new int[HolderStart[capacity.Length]];
        HolderPosition = new int[PersonCount];
        AssignedArc = new int[PersonCount];
        Array.Fill(AssignedArc, Unmatched);
    }

    public BenefitScale Scale { get; }

    public int PersonCount { get; private set; }

    /// <summary>The mentee index (in the caller's numbering) of each person.</summary>
    public int[] PersonMentee { get; private set; }

    /// <summary>Arcs of person <c>i</c>: <c>ArcStart[i]..ArcStart[i+1]-1</c>, in mentor order.</summary>
    public int[] ArcStart { get; private set; }

    public int ArcCount { get; private set; }

    public int[] ArcMentor { get; private set; }

    /// <summary>The auction's benefit of each arc (<see cref="BenefitScale.Benefit"/>), computed
    /// on first use: the primal–dual method of a batch solved without joins never reads it, and
    /// it is 8 bytes per arc.</summary>
    public long[] ArcBenefit => arcBenefit ??= Benefits();

    private long[]? arcBenefit;

    private long[] Benefits()
    {
        var benefits = new long[ArcMentor.Length];
        for (var a = 0; a < ArcCount; a++)
            benefits[a] = Scale.Benefit(ArcScore[a]);
        return benefits;
    }

    public int[] ArcScore { get; private set; }

    public int MentorCount => Capacity.Length;

    /// <summary>Places of each mentor open to the optimisation (capacity minus pins and
    /// spare-capacity joins).</summary>
    public int[] Capacity { get; }

    /// <summary>Number of persons each mentor holds.</summary>
    public int[] Load { get; }

    /// <summary>The persons held by mentor <c>j</c> are
    /// <c>Holder[HolderStart[j] .. HolderStart[j] + Load[j] - 1]</c>, in no particular order.</summary>
    public int[] HolderStart { get; }

    public int[] Holder { get; }

    /// <summary>Index into <see cref="Holder"/> of each matched person.</summary>
    public int[] HolderPosition { get; private set; }

    /// <summary>The arc each person is matched by, or <see cref="Unmatched"/>.</summary>
    public int[] AssignedArc { get; private set; }

    /// <summary>Appends a person (a joining mentee) with its arcs, unmatched; returns its index.</summary>
    public int AddPerson(int mentee, ReadOnlySpan<int> mentors, ReadOnlySpan<int> scores)
    {
        if (PersonCount + 1 >= ArcStart.Length)
        {
            var size = Math.Max(16, ArcStart.Length * 2);
            ArcStart = Grow(ArcStart, size);
            PersonMentee = Grow(PersonMentee, size);
            HolderPosition = Grow(HolderPosition, size);
            AssignedArc = Grow(AssignedArc, size);
        }
        if (ArcCount + mentors.Length > ArcMentor.Length)
        {
            var size = Math.Max(ArcCount + mentors.Length, Math.Max(64, ArcMentor.Length * 2));
            ArcMentor = Grow(ArcMentor, size);
            if (arcBenefit is not null)
                arcBenefit = Grow(arcBenefit, size);
            ArcScore = Grow(ArcScore, size);
        }
        var person = PersonCount++;
        PersonMentee[person] = mentee;
        AssignedArc[person] = Unmatched;
        for (var k = 0; k < mentors.Length; k++)
        {
            ArcMentor[ArcCount] = mentors[k];
            ArcScore[ArcCount] = scores[k];
            if (arcBenefit is not null)
                arcBenefit[ArcCount] = Scale.Benefit(scores[k]);
            ArcCount++;
        }
        ArcStart[PersonCount] = ArcCount;
        return person;
    }

    /// <summary>Adds a person to a mentor's holders.</summary>
    public void AddHolder(int mentor, int person)
    {
        var position = HolderStart[mentor] + Load[mentor]++;
        Holder[position] = person;
        HolderPosition[person] = position;
    }

    /// <summary>Removes a person from a mentor's holders.</summary>
    public void RemoveHolder(int mentor, int person)
    {
        var position = HolderPosition[person];
        var last = HolderStart[mentor] + --Load[mentor];
        Holder[position] = Holder[last];
        HolderPosition[Holder[position]] = position;
    }

    public int MentorOf(int person) => AssignedArc[person] >= 0 ? ArcMentor[AssignedArc[person]] : -1;

    private static T[] Grow<T>(T[] array, int size)
    {
        var grown = new T[size];
        Array.Copy(array, grown, array.Length);
        return grown;
    }
}
