using Mentoring.Matching.Engine.Assignment.Solving;

namespace Mentoring.Matching.Engine.Assignment;

/// <summary>
/// A solved batch that new mentees can join one at a time without a full re-solve
/// (<see cref="Join"/>). Not thread-safe: joins mutate it.
/// </summary>
public sealed class SolvedAssignment
{
    private readonly AssignmentProblem problem;
    private readonly MatchingState state;
    private readonly List<JoinedMentee> joined = [];
    private readonly ShortestAugmentingPath paths;
    private AssignmentResult? result;

    internal SolvedAssignment(AssignmentProblem problem, MatchingState state, FlowPotentials potentials, MentorInArcs? inArcs = null,
        long forwardHead = ShortestAugmentingPath.DefaultForwardHead)
    {
        this.problem = problem;
        this.state = state;
        paths = new ShortestAugmentingPath(state, potentials, inArcs, forwardHead);
        result = ResultBuilder.Build(problem, state, joined);
        TotalScore = result.TotalScore;
    }

    /// <summary>The current assignment, joins included (rebuilt on demand after a join).</summary>
    public AssignmentResult Result => result ??= ResultBuilder.Build(problem, state, joined);

    /// <summary>Nodes settled and arcs scanned by the last re-optimising join (a deterministic
    /// work count for the benchmarks).</summary>
    internal long LastJoinWork => paths.LastWork;

    /// <summary>The current total score, joins included.</summary>
    public long TotalScore { get; private set; }

    /// <summary>Number of mentees: the problem's, then the joined ones.</summary>
    public int MenteeCount => problem.MenteeCount + joined.Count;

    /// <summary>
    /// Adds one mentee with its candidate mentors and returns the proposal for it. The new mentee
    /// gets the next index (<see cref="MenteeCount"/> before the call).
    /// <para><see cref="JoinMode.SpareCapacityOnly"/>: the best-scored candidate with room (ties:
    /// lowest mentor index); nobody moves; the match is fixed from then on.</para>
    /// <para><see cref="JoinMode.Reoptimise"/>: the batch stays exactly optimal: same total score
    /// and number of matches as a full re-solve with the new mentee (the spare-capacity matches
    /// staying fixed); other mentees may move (see <see cref="JoinOutcome.Moves"/>).</para>
    /// </summary>
    /// <param name="candidates">Its candidate mentors (scores &gt; 0, each mentor at most once;
    /// leave out the pairs the administrator excluded).</param>
    /// <param name="mode">How it joins.</param>
    /// <param name="group">Its group label for the shortage report.</param>
    /// <exception cref="ArgumentException">A mentor out of range or twice, or a score ≤ 0 or
    /// too large.</exception>
    /// <exception cref="InvalidOperationException">More re-optimising joins than the batch was
    /// sized for (as many as its optimised mentees plus 1,023): re-solve the batch.</exception>
    public JoinOutcome Join(IReadOnlyList<MentorCandidate> candidates, JoinMode mode = JoinMode.Reoptimise, string? group = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var (mentors, scores) = Sorted(candidates);
        var mentee = MenteeCount;
        result = null;
        return mode == JoinMode.SpareCapacityOnly
            ? JoinWithSpareCapacity(mentee, mentors, scores, group)
            : JoinReoptimising(mentee, mentors, scores, group);
    }

    private JoinOutcome JoinWithSpareCapacity(int mentee, int[] mentors, int[] scores, string? group)
    {
        var best = -1;
        for (var k = 0; k < mentors.Length; k++)
        {
            var mentor = mentors[k];
            if (state.Load[mentor] < state.Capacity[mentor] && (best < 0 || scores[k] > scores[best]))
                best = k;
        }
        if (best < 0)
        {
            joined.Add(new JoinedMentee(mentors, scores, group, -1, -1, 0));
            return new JoinOutcome(mentee, null, 0, ResultBuilder.JoinReason(state, mentors), [], TotalScore);
        }

        // The place is taken out of the optimisation, like a pin: the batch stays optimal for the
        // remaining places, and its potentials stay valid (the mentor had room, so price 0).
        state.Capacity[mentors[best]]--;
        paths.CapacityChanged(mentors[best]);
        joined.Add(new JoinedMentee(mentors, scores, group, -1, mentors[best], scores[best]));
        TotalScore += scores[best];
        return new JoinOutcome(mentee, mentors[best], scores[best], null, [], TotalScore);
    }

    private JoinOutcome JoinReoptimising(int mentee, int[] mentors, int[] scores, string? group)
    {
        var usableMentors = new List<int>(mentors.Length);
        var usableScores = new List<int>(mentors.Length);
        for (var k = 0; k < mentors.Length; k++)
        {
            if (state.Capacity[mentors[k]] > 0)
            {
                usableMentors.Add(mentors[k]);
                usableScores.Add(scores[k]);
            }
        }
        if (usableMentors.Count == 0)
        {
            joined.Add(new JoinedMentee(mentors, scores, group, -1, -1, 0));
            return new JoinOutcome(mentee, null, 0, ResultBuilder.JoinReason(state, mentors), [], TotalScore);
        }
        if (state.PersonCount + 1 > state.Scale.MaxMatches)
            throw new InvalidOperationException(
                $"This batch was sized for {state.Scale.MaxMatches} optimised mentees; re-solve it with the new mentees.");

        var person = state.AddPerson(mentee, usableMentors.ToArray(), usableScores.ToArray());
        joined.Add(new JoinedMentee(mentors, scores, group, person, -1, 0));

        var changes = paths.Augment(person);
        var moves = new List<MenteeMove>(changes.Count - 1);
        foreach (var (changed, fromArc, toArc) in changes)
        {
            TotalScore += (toArc >= 0 ? state.ArcScore[toArc] : 0) - (fromArc >= 0 ? state.ArcScore[fromArc] : 0);
            if (changed != person)
                moves.Add(new MenteeMove(state.PersonMentee[changed], state.ArcMentor[fromArc], toArc >= 0 ? state.ArcMentor[toArc] : null));
        }
        var arc = state.AssignedArc[person];
        return arc >= 0
            ? new JoinOutcome(mentee, state.ArcMentor[arc], state.ArcScore[arc], null, moves, TotalScore)
            : new JoinOutcome(mentee, null, 0, UnmatchedReason.CandidatesFull, moves, TotalScore);
    }

    /// <summary>The candidates in mentor order, checked.</summary>
    private (int[] Mentors, int[] Scores) Sorted(IReadOnlyList<MentorCandidate> candidates)
    {
        var ordered = new MentorCandidate[candidates.Count];
        for (var k = 0; k < ordered.Length; k++)
        {
            var candidate = candidates[k];
            if ((uint)candidate.Mentor >= (uint)problem.MentorCount)
                throw new ArgumentException($"Mentor {candidate.Mentor} is not in 0..{problem.MentorCount - 1}.", nameof(candidates));
            if (candidate.Score <= 0 || !state.Scale.CanScale(candidate.Score))
                throw new ArgumentException($"The score {candidate.Score} of mentor {candidate.Mentor} is not positive or too large.", nameof(candidates));
            ordered[k] = candidate;
        }
        Array.Sort(ordered, (x, y) => x.Mentor.CompareTo(y.Mentor));
        var mentors = new int[ordered.Length];
        var scores = new int[ordered.Length];
        for (var k = 0; k < ordered.Length; k++)
        {
            if (k > 0 && ordered[k].Mentor == ordered[k - 1].Mentor)
                throw new ArgumentException($"Mentor {ordered[k].Mentor} is a candidate twice.", nameof(candidates));
            mentors[k] = ordered[k].Mentor;
            scores[k] = ordered[k].Score;
        }
        return (mentors, scores);
    }
}
