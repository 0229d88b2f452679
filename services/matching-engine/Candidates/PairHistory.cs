namespace Mentoring.Matching.Engine.Candidates;

/// <summary>
/// The pairs whose relationship already ended in the programme. A pair is two people, whoever
/// was the mentor: pairing them again either way is re-pairing.
/// </summary>
public sealed class PairHistory
{
    private static readonly IReadOnlyList<Guid> None = [];
    private readonly Dictionary<Guid, List<Guid>> _endedWith = [];

    /// <summary>No ended pairs.</summary>
    public static PairHistory Empty { get; } = new([]);

    /// <summary>A history of the given ended pairs (repeats are ignored).</summary>
    public PairHistory(IEnumerable<(Guid First, Guid Second)> endedPairs)
    {
        ArgumentNullException.ThrowIfNull(endedPairs);
        foreach (var (a, b) in endedPairs)
        {
            if (HasEnded(a, b)) continue;
            Add(a, b);
            if (a != b) Add(b, a);
        }
    }

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> were paired and their relationship ended.</summary>
    public bool HasEnded(Guid a, Guid b) => _endedWith.TryGetValue(a, out var list) && list.Contains(b);

    /// <summary>The people whose relationship with <paramref name="person"/> ended, in the order given.</summary>
    public IReadOnlyList<Guid> EndedWith(Guid person) => _endedWith.TryGetValue(person, out var list) ? list : None;

    private void Add(Guid a, Guid b)
    {
        if (!_endedWith.TryGetValue(a, out var list)) _endedWith[a] = list = [];
        list.Add(b);
    }
}
