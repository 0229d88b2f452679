using Mentoring.Matching.Engine.Candidates;
using Mentoring.Matching.Engine.Programmes;

namespace Mentoring.Matching.Engine.Peer;

/// <summary>
/// Peer mentoring (reciprocal pairs): two people may be paired when each passes every hard
/// constraint as the other's mentor; the pair weighs the sum of both directions' scores. The
/// pairing maximises the total weight with <see cref="MaximumWeightMatching"/>.
/// </summary>
/// <remarks>
/// Each peer mentors the other, so the mentor-side constraints apply to both: each needs
/// <see cref="Participant.CapacityRemaining"/> of at least 1 (and a credential if the programme
/// requires one). Building the graph is O(n²); the matching O(n³): fine for the hundreds of people
/// of a peer programme.
/// </remarks>
public static class PeerPairing
{
    /// <summary>Pairs <paramref name="people"/> for the greatest total score (with
    /// <paramref name="maxCardinality"/>: the greatest total among pairings with the most pairs).</summary>
    public static PeerPairingResult Pair(IReadOnlyList<Participant> people, ProgrammeRules rules, PairHistory? history = null, bool maxCardinality = false)
    {
        ArgumentNullException.ThrowIfNull(people);
        var table = new MentorTable(people, rules, history, competencyNames: null);
        var position = new int[table.Count];   // table index (name order) -> input position
        for (var i = 0; i < people.Count; i++)
        {
            table.TryGetIndex(people[i].Id, out var m);
            position[m] = i;
        }

        // score[i, j]: person i as mentee of person j, by input position; -1 when infeasible.
        var n = people.Count;
        var score = new int[n * n];
        Parallel.For(0, n, () => new MenteeProbe(n), (i, _, probe) =>
        {
            table.Load(probe, people[i]);
            for (var m = 0; m < n; m++)
                score[i * n + position[m]] = table.FirstViolation(probe, m) == 0 ? table.Score(probe, m) : -1;
            probe.ClearMarks();
            return probe;
        }, _ => { });

        var edges = new List<WeightedEdge>();
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
                if (score[i * n + j] >= 0 && score[j * n + i] >= 0)
                    edges.Add(new WeightedEdge(i, j, score[i * n + j] + score[j * n + i]));

        var mate = MaximumWeightMatching.Solve(n, edges, maxCardinality);
        var generator = new CandidateGenerator(people, rules, history);
        var pairs = new List<PeerPair>();
        var unpaired = new List<Participant>();
        for (var i = 0; i < n; i++)
        {
            if (mate[i] < 0) unpaired.Add(people[i]);
            else if (mate[i] > i)
                pairs.Add(new PeerPair(generator.Explain(people[i], people[mate[i]]), generator.Explain(people[mate[i]], people[i])));
        }
        return new PeerPairingResult(pairs, unpaired);
    }
}
