namespace Mentoring.Matching.Engine.Candidates;

/// <summary>A mentee's best candidate mentors, and why the others were excluded.</summary>
/// <param name="Mentee">The mentee.</param>
/// <param name="Candidates">The best feasible mentors with their explanations: score descending, then display name (ordinal), then id.</param>
/// <param name="FeasibleCount">How many mentors passed every hard constraint (at least as many as were kept).</param>
/// <param name="Exclusions">Per constraint, how many mentors were excluded by it (only non-zero counts, in check order).</param>
public sealed record MenteeCandidates(
    Participant Mentee,
    IReadOnlyList<PairExplanation> Candidates,
    int FeasibleCount,
    IReadOnlyList<ExclusionCount> Exclusions)
{
    /// <summary>Mentors excluded in all.</summary>
    public int ExcludedCount
    {
        get
        {
            var total = 0;
            foreach (var exclusion in Exclusions) total += exclusion.Count;
            return total;
        }
    }
}
