using Mentoring.Matching.Engine.Assignment.Solving;

namespace Mentoring.Matching.Engine.Assignment;

/// <summary>Builds an <see cref="AssignmentProblem"/>. Index and score arguments are checked as
/// they are added (<see cref="ArgumentOutOfRangeException"/>); the consistency of the whole (duplicate
/// candidates, infeasible pins) is checked by <see cref="Build"/>, which reports every error at once
/// in an <see cref="InvalidAssignmentProblemException"/>.</summary>
public sealed class AssignmentProblemBuilder
{
    private readonly int menteeCount;
    private readonly int[] capacity;
    private readonly string?[] menteeGroups;
    private readonly string?[] mentorGroups;
    private readonly List<MenteeMentorPair> mustMatch = [];
    private readonly List<MenteeMentorPair> mustNotMatch = [];
    private int[] arcMentee = new int[16];
    private int[] arcMentor = new int[16];
    private int[] arcScore = new int[16];
    private int arcCount;

    /// <summary>True once <see cref="Build"/> has handed <see cref="arcMentor"/> and
    /// <see cref="arcScore"/> (sorted in place) to the problem it built: the next candidate added
    /// copies them first, and the next build sorts a copy.</summary>
    private bool arcsGivenAway;

    /// <summary>Starts a problem with <paramref name="menteeCount"/> mentees and one mentor per
    /// capacity (maximum number of concurrent mentees, ≥ 0).</summary>
    public AssignmentProblemBuilder(int menteeCount, IReadOnlyList<int> mentorCapacities)
        : this(menteeCount, mentorCapacities, expectedCandidates: 0)
    {
    }

    /// <summary>Starts a problem as above, with room for <paramref name="expectedCandidates"/>
    /// candidates (≥ 0; a hint, more may be added): the arcs are stored once instead of in
    /// arrays that double as they fill (on 2,500,000 candidates a solve allocated 134.8 MB
    /// without the hint, 64.1 MB with it; bench/README.md, seventh change for issue 12).</summary>
    public AssignmentProblemBuilder(int menteeCount, IReadOnlyList<int> mentorCapacities, int expectedCandidates)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedCandidates);
        ArgumentOutOfRangeException.ThrowIfNegative(menteeCount);
        ArgumentNullException.ThrowIfNull(mentorCapacities);
        this.menteeCount = menteeCount;
        capacity = new int[mentorCapacities.Count];
        for (var j = 0; j < capacity.Length; j++)
        {
            if (mentorCapacities[j] < 0)
                throw new ArgumentOutOfRangeException(nameof(mentorCapacities), $"Mentor {j} has a negative capacity.");
            capacity[j] = mentorCapacities[j];
        }
        menteeGroups = new string?[menteeCount];
        mentorGroups = new string?[capacity.Length];
        if (expectedCandidates > arcMentee.Length)
        {
            arcMentee = new int[expectedCandidates];
            arcMentor = new int[expectedCandidates];
            arcScore = new int[expectedCandidates];
        }
    }

    /// <summary>Adds a candidate arc: the mentee may be matched with the mentor for this score (&gt; 0).</summary>
    public AssignmentProblemBuilder AddCandidate(int mentee, int mentor, int score)
    {
        CheckMentee(mentee);
        CheckMentor(mentor);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(score);
        if (arcsGivenAway)
        {
            // The built problem owns the arrays: add to copies.
            var size = Math.Max(16, arcCount * 2);
            var mentors = new int[size];
            var scores = new int[size];
            Array.Copy(arcMentor, mentors, arcCount);
            Array.Copy(arcScore, scores, arcCount);
            arcMentor = mentors;
            arcScore = scores;
            arcsGivenAway = false;
        }
        if (arcCount == arcMentee.Length)
        {
            var size = Math.Max(16, arcCount * 2);
            Array.Resize(ref arcMentee, size);
            Array.Resize(ref arcMentor, size);
            Array.Resize(ref arcScore, size);
        }
        arcMentee[arcCount] = mentee;
        arcMentor[arcCount] = mentor;
        arcScore[arcCount] = score;
        arcCount++;
        return this;
    }

    /// <summary>Forces the pair into the solution. Its score is the candidate's if there is one,
    /// else 0 (the match is then reported as <see cref="MatchKind.PinnedWithoutCandidate"/>).</summary>
    public AssignmentProblemBuilder MustMatch(int mentee, int mentor)
    {
        CheckMentee(mentee);
        CheckMentor(mentor);
        mustMatch.Add(new MenteeMentorPair(mentee, mentor));
        return this;
    }

    /// <summary>Forbids the pair: its candidate arc, if any, is not used.</summary>
    public AssignmentProblemBuilder MustNotMatch(int mentee, int mentor)
    {
        CheckMentee(mentee);
        CheckMentor(mentor);
        mustNotMatch.Add(new MenteeMentorPair(mentee, mentor));
        return this;
    }

    /// <summary>Labels a mentee with a group (e.g. its area of work) for the shortage report.</summary>
    public AssignmentProblemBuilder WithMenteeGroup(int mentee, string? group)
    {
        CheckMentee(mentee);
        menteeGroups[mentee] = group;
        return this;
    }

    /// <summary>Labels a mentor with a group for the shortage report.</summary>
    public AssignmentProblemBuilder WithMentorGroup(int mentor, string? group)
    {
        CheckMentor(mentor);
        mentorGroups[mentor] = group;
        return this;
    }

    /// <summary>Validates and freezes the problem.</summary>
    /// <exception cref="InvalidAssignmentProblemException">Duplicate candidates, a mentee pinned
    /// twice, more pins on a mentor than its capacity, a pair both pinned and excluded, or scores
    /// too large to be solved exactly.</exception>
    public AssignmentProblem Build()
    {
        var errors = new List<AssignmentProblemError>();
        var (arcStart, mentors, scores) = SortByMenteeThenMentor(errors);
        var givesArcsAway = ReferenceEquals(mentors, arcMentor);
        var excluded = new bool[mentors.Length];
        var excludedPairs = new HashSet<MenteeMentorPair>(mustNotMatch);
        foreach (var pair in mustNotMatch)
        {
            var arc = Array.BinarySearch(mentors, arcStart[pair.Mentee], arcStart[pair.Mentee + 1] - arcStart[pair.Mentee], pair.Mentor);
            if (arc >= 0)
                excluded[arc] = true;
        }

        var pinnedMentor = new int[menteeCount];
        Array.Fill(pinnedMentor, -1);
        var pinsPerMentor = new int[capacity.Length];
        foreach (var pin in mustMatch)
        {
            if (pinnedMentor[pin.Mentee] >= 0)
            {
                errors.Add(new AssignmentProblemError(AssignmentProblemErrorCode.MenteePinnedTwice, pin.Mentee, pin.Mentor,
                    $"Mentee {pin.Mentee} is pinned to mentor {pinnedMentor[pin.Mentee]} and again to mentor {pin.Mentor}."));
                continue;
            }
            if (excludedPairs.Contains(pin))
                errors.Add(new AssignmentProblemError(AssignmentProblemErrorCode.PinnedPairExcluded, pin.Mentee, pin.Mentor,
                    $"Mentee {pin.Mentee} and mentor {pin.Mentor} are both must-match and must-not-match."));
            pinnedMentor[pin.Mentee] = pin.Mentor;
            pinsPerMentor[pin.Mentor]++;
        }
        for (var j = 0; j < capacity.Length; j++)
        {
            if (pinsPerMentor[j] > capacity[j])
                errors.Add(new AssignmentProblemError(AssignmentProblemErrorCode.PinnedMentorOverCapacity, null, j,
                    $"Mentor {j} has {pinsPerMentor[j]} must-match pins but a capacity of {capacity[j]}."));
        }

        var maxScore = 0;
        for (var a = 0; a < scores.Length; a++)
            maxScore = Math.Max(maxScore, scores[a]);
        long places = 0;
        foreach (var c in capacity)
            places += c;
        if (!BenefitScale.For(menteeCount, menteeCount + Math.Min(places, scores.Length)).CanScale(maxScore))
            errors.Add(new AssignmentProblemError(AssignmentProblemErrorCode.ScoresTooLarge, null, null,
                $"A score of {maxScore} is too large to solve {menteeCount} mentees exactly in 64-bit arithmetic; scale the scores down."));

        if (errors.Count > 0)
            throw new InvalidAssignmentProblemException(errors);
        arcsGivenAway |= givesArcsAway;
        return new AssignmentProblem(menteeCount, (int[])capacity.Clone(), arcStart, mentors, scores, excluded, pinnedMentor,
            mustMatch.ToArray(), mustNotMatch.ToArray(), (string?[])menteeGroups.Clone(), (string?[])mentorGroups.Clone());
    }

    /// <summary>Arcs of a block of mentees sorted at once: enough to amortise a pass over the
    /// mentors' counters, few enough to stay in the caches.</summary>
    private const int SortBlockArcs = 1 << 15;

    /// <summary>Each mentee's candidates in mentor order, in input order among equal mentors
    /// (duplicates, reported): a stable counting pass by mentee (none when the arcs already come
    /// grouped by mentee in increasing order, as from a loop over the mentees), then, block of
    /// mentees by block (~32,000 arcs, at least twice the mentors), the two stable counting sorts
    /// by mentor and then by mentee. Linear in the number of arcs whatever the input order (an
    /// insertion sort per mentee took most of a 500,000-arc build when candidates came in score
    /// order), and cache-friendly: the same two counting sorts over all the arcs at once read the
    /// arcs back in mentor order, a cache miss per arc once the arrays outgrow the caches (about
    /// half of a 2,500,000-arc build went there). Each block is copied aside and sorted back in
    /// place, into the builder's own arrays when they can be handed to the problem.</summary>
    private (int[] Start, int[] Mentor, int[] Score) SortByMenteeThenMentor(List<AssignmentProblemError> errors)
    {
        var start = new int[menteeCount + 1];
        var grouped = true;
        var previous = 0;
        for (var a = 0; a < arcCount; a++)
        {
            var mentee = arcMentee[a];
            start[mentee + 1]++;
            grouped &= mentee >= previous;
            previous = mentee;
        }
        for (var i = 0; i < menteeCount; i++)
            start[i + 1] += start[i];

        // The arcs in mentee order (arc a at slot a when grouped; else distributed, stably), in
        // the arrays that will hold the result: grouped arcs sort in the builder's own arrays
        // when they are exactly full and not already handed to a problem (Build then hands them
        // over), else in copies.
        int[] mentors, scores;
        if (!grouped)
        {
            mentors = new int[arcCount];
            scores = new int[arcCount];
            var next = start[..menteeCount];
            for (var a = 0; a < arcCount; a++)
            {
                var slot = next[arcMentee[a]]++;
                mentors[slot] = arcMentor[a];
                scores[slot] = arcScore[a];
            }
        }
        else if (arcMentor.Length == arcCount && !arcsGivenAway)
        {
            mentors = arcMentor;
            scores = arcScore;
        }
        else
        {
            mentors = arcMentor[..arcCount];
            scores = arcScore[..arcCount];
        }

        // Block by block: the block's arcs copied aside, then sorted back in place.
        var blockArcs = Math.Max(SortBlockArcs, 2 * capacity.Length);
        var byMentor = new int[capacity.Length + 1];
        var order = new int[Math.Min(arcCount, blockArcs)];
        var slotMentee = new int[order.Length];
        var blockMentor = new int[order.Length];
        var blockScore = new int[order.Length];
        var cursor = new int[menteeCount];
        for (var first = 0; first < menteeCount;)
        {
            // The block: mentees first..last-1, at least one, arcs from..to-1.
            var last = first + 1;
            while (last < menteeCount && start[last + 1] - start[first] <= blockArcs)
                last++;
            var from = start[first];
            var length = start[last] - from;
            if (length > order.Length)
            {
                order = new int[length];
                slotMentee = new int[length];
                blockMentor = new int[length];
                blockScore = new int[length];
            }
            Array.Copy(mentors, from, blockMentor, 0, length);
            Array.Copy(scores, from, blockScore, 0, length);
            for (var i = first; i < last; i++)
            {
                cursor[i] = start[i];
                for (var a = start[i]; a < start[i + 1]; a++)
                    slotMentee[a - from] = i;
            }
            Array.Clear(byMentor);
            for (var k = 0; k < length; k++)
                byMentor[blockMentor[k] + 1]++;
            for (var j = 0; j < capacity.Length; j++)
                byMentor[j + 1] += byMentor[j];
            for (var k = 0; k < length; k++)
                order[byMentor[blockMentor[k]]++] = k;
            for (var n = 0; n < length; n++)
            {
                var k = order[n];
                var slot = cursor[slotMentee[k]]++;
                mentors[slot] = blockMentor[k];
                scores[slot] = blockScore[k];
            }
            first = last;
        }
        for (var i = 0; i < menteeCount; i++)
        {
            for (var a = start[i] + 1; a < start[i + 1]; a++)
            {
                if (mentors[a] == mentors[a - 1])
                    errors.Add(new AssignmentProblemError(AssignmentProblemErrorCode.DuplicateCandidate, i, mentors[a],
                        $"Mentee {i} has mentor {mentors[a]} as a candidate more than once."));
            }
        }
        return (start, mentors, scores);
    }

    private void CheckMentee(int mentee)
    {
        if ((uint)mentee >= (uint)menteeCount)
            throw new ArgumentOutOfRangeException(nameof(mentee), $"Mentee {mentee} is not in 0..{menteeCount - 1}.");
    }

    private void CheckMentor(int mentor)
    {
        if ((uint)mentor >= (uint)capacity.Length)
            throw new ArgumentOutOfRangeException(nameof(mentor), $"Mentor {mentor} is not in 0..{capacity.Length - 1}.");
    }
}
