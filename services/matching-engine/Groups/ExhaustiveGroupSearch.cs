namespace Mentoring.Matching.Engine.Groups;

/// <summary>
/// Branch and bound over every plan, for small instances: mentees in order of their best value,
/// each tried with its mentors (best first) and then left out. A branch is cut when even the best
/// mentor for every remaining mentee could not beat the best plan so far (started from the
/// heuristic's), or when a partly filled group can no longer reach the minimum with the mentees
/// left. Finishing within the node budget proves the plan optimal.
/// </summary>
internal sealed class ExhaustiveGroupSearch
{
    private readonly GroupInstance _g;
    private readonly int[] _order;
    private readonly long[] _boundFrom;     // best possible value of the mentees from position t on
    private readonly int[][] _remaining;    // [t][j]: mentees from position t on with an arc to j
    private readonly int[] _load;
    private readonly int[] _current;
    private readonly long _budget;
    private long _nodes;
    private long _bestValue;
    private int[] _best;

    private ExhaustiveGroupSearch(GroupInstance g, int[] start, long budget)
    {
        _g = g;
        _budget = budget;
        _order = Enumerable.Range(0, g.N)
            .OrderByDescending(i => g.ArcsOf[i].Length > 0 ? g.ArcsOf[i][0].Value : 0).ThenBy(i => i).ToArray();
        _boundFrom = new long[g.N + 1];
        _remaining = new int[g.N + 1][];
        _remaining[g.N] = new int[g.M];
        for (var t = g.N - 1; t >= 0; t--)
        {
            var i = _order[t];
            _boundFrom[t] = _boundFrom[t + 1] + (g.ArcsOf[i].Length > 0 ? g.ArcsOf[i][0].Value : 0);
            _remaining[t] = (int[])_remaining[t + 1].Clone();
            foreach (var (j, _, _) in g.ArcsOf[i]) _remaining[t][j]++;
        }
        _load = new int[g.M];
        _current = new int[g.N];
        _best = (int[])start.Clone();
        _bestValue = g.Total(start);
    }

    /// <summary>The best plan and whether the search finished; <paramref name="start"/> must be valid.</summary>
    public static (int[] MentorOf, bool Finished) Run(GroupInstance g, int[] start, long nodeBudget)
    {
        var search = new ExhaustiveGroupSearch(g, start, nodeBudget);
        var finished = search.Branch(0, 0);
        return (search._best, finished);
    }

    /// <summary>Explores position t with the value placed so far; false when the budget ran out.</summary>
    private bool Branch(int t, long value)
    {
        if (++_nodes > _budget) return false;
        if (value + _boundFrom[t] <= _bestValue) return true;
        if (t == _g.N)
        {
            for (var j = 0; j < _g.M; j++)
                if (_load[j] != 0 && _load[j] < _g.Min) return true;
            _bestValue = value;
            for (var k = 0; k < _g.N; k++) _best[_order[k]] = _current[k];
            return true;
        }

        var i = _order[t];
        foreach (var (j, arcValue, _) in _g.ArcsOf[i])
        {
            if (_load[j] == _g.Max[j]) continue;
            _load[j]++;
            _current[t] = j;
            var finished = Stranded(t + 1) || Branch(t + 1, value + arcValue);
            _load[j]--;
            if (!finished) return false;
        }
        _current[t] = -1;
        return Stranded(t + 1) || Branch(t + 1, value);
    }

    /// <summary>Whether some partly filled group can no longer reach the minimum with the mentees from position t on.</summary>
    private bool Stranded(int t)
    {
        for (var j = 0; j < _g.M; j++)
            if (_load[j] != 0 && _load[j] < _g.Min && _load[j] + _remaining[t][j] < _g.Min) return true;
        return false;
    }
}
