using Mentoring.Matching.Engine.Candidates;

namespace Mentoring.Matching.Engine.Peer;

/// <summary>Two peers paired to mentor each other, with the explanation of each direction.</summary>
/// <param name="FirstLearns">The first peer as mentee, the second as mentor.</param>
/// <param name="SecondLearns">The second peer as mentee, the first as mentor.</param>
public sealed record PeerPair(PairExplanation FirstLearns, PairExplanation SecondLearns)
{
    /// <summary>The peer listed first in the input.</summary>
    public Participant First => FirstLearns.Mentee;

    /// <summary>The peer listed second in the input.</summary>
    public Participant Second => SecondLearns.Mentee;

    /// <summary>The pair's weight: the sum of both directions' integer scores (0 to 20,000).</summary>
    public int IntegerScore => FirstLearns.IntegerScore + SecondLearns.IntegerScore;
}

/// <summary>The peers paired, and those left without a partner.</summary>
/// <param name="Pairs">The pairs, ordered by their first peer's position in the input.</param>
/// <param name="Unpaired">Peers without a partner, in input order.</param>
public sealed record PeerPairingResult(IReadOnlyList<PeerPair> Pairs, IReadOnlyList<Participant> Unpaired)
{
    /// <summary>The sum of the pairs' integer scores: the quantity maximised.</summary>
    public long TotalScore => Pairs.Sum(p => (long)p.IntegerScore);
}
