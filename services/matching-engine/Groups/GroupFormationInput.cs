namespace Mentoring.Matching.Engine.Groups;

/// <summary>A mentee may join a mentor's group, with the pair's integer score (see <c>PairExplanation.IntegerScore</c>).</summary>
public sealed record GroupArc(Guid Mentee, Guid Mentor, int Score);

/// <summary>A mentor who may lead a group of at most <paramref name="MaxMentees"/> mentees (their capacity).</summary>
public sealed record GroupMentor(Guid Id, int MaxMentees);

/// <summary>What group formation works on.</summary>
/// <param name="Mentees">The mentees to place, each once.</param>
/// <param name="Mentors">The mentors who may lead a group, each once.</param>
/// <param name="Arcs">The allowed mentee–mentor pairs with their scores (0 to 10,000); only these are used.</param>
/// <param name="MinSize">Fewest mentees in a group that is formed.</param>
/// <param name="MaxSize">Most mentees in a group (a mentor's own capacity may lower it).</param>
public sealed record GroupFormationInput(
    IReadOnlyList<Guid> Mentees,
    IReadOnlyList<GroupMentor> Mentors,
    IReadOnlyList<GroupArc> Arcs,
    int MinSize,
    int MaxSize);

/// <summary>What the formation maximises.</summary>
public enum GroupObjective
{
    /// <summary>As many mentees placed as possible, then the greatest total score.</summary>
    MostPlacedThenScore,
    /// <summary>The greatest total score (then as many placed as possible).</summary>
    TotalScore,
}

/// <summary>How groups are formed.</summary>
public sealed record GroupFormationOptions
{
    /// <summary>What is maximised.</summary>
    public GroupObjective Objective { get; init; } = GroupObjective.MostPlacedThenScore;

    /// <summary>Rounds of the open/close search over mentors (each rebuilds one plan per usable mentor); 0 keeps the first plan.</summary>
    public int OpenCloseRounds { get; init; } = 2;

    /// <summary>Instances with at most this many mentees are also searched exhaustively (branch and bound), within <see cref="ExactSearchNodeBudget"/>; 0 turns the search off.</summary>
    public int ExactSearchMaxMentees { get; init; } = 12;

    /// <summary>Search nodes the exhaustive search may visit before it gives up (the heuristic plan is kept).</summary>
    public long ExactSearchNodeBudget { get; init; } = 2_000_000;
}
