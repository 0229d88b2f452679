namespace Mentoring.Matching.Engine.Assignment.Solving;

/// <summary>What the auction leaves besides the assignment: its final prices (mentors and pool)
/// and, when it stopped early on a proof of optimality, the exact potentials of that proof.</summary>
internal sealed record AuctionOutcome(long[] MentorPrices, long PoolPrice, FlowPotentials? Certified)
{
    /// <summary>Deterministic work of each ε phase (for the benchmarks and the ADR's counts).</summary>
    public IReadOnlyList<AuctionPhaseWork> Phases { get; init; } = [];
}

/// <summary>One ε phase: its ε, bids of mentees and of phantoms, arcs scanned (bids and the
/// phase start), and whether an early proof was tried after it and succeeded, with its scans.</summary>
internal readonly record struct AuctionPhaseWork(long Epsilon, long MenteeBids, long PhantomBids, long ArcScans, bool ProofTried, bool Proved)
{
    /// <summary>Node and arc scans of the early proof tried after the phase (0 if none).</summary>
    public long ProofScans { get; init; }

    /// <summary>The early proof failed on a negative cycle it found (the phase's assignment was
    /// not optimal), not at the end of its budget.</summary>
    public bool ProofFoundNegativeCycle { get; init; }

    /// <summary>The ε with which phantoms bid in the phase (≥ <see cref="Epsilon"/>:
    /// docs/adr/0007, "Phantoms' ε").</summary>
    public long PhantomEpsilon { get; init; }
}
