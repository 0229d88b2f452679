namespace Mentoring.Matching.Engine.Assignment.Solving;

/// <summary>
/// The residual arcs into the sink, kept across joins (docs/adr/0007, "Bidirectional joins"): a
/// matched person who can leave, a mentor with room. Each is keyed by its node's potential (the
/// arc's reduced cost is that minus the sink's potential, the same for all), in a binary min-heap
/// with positions, so a join updates only the nodes it touched. <see cref="Cursor"/> walks the
/// exits in increasing order without removing them (a second small heap over heap positions), which
/// is how the backward search of a join relaxes the sink's arcs lazily instead of all at once.
/// </summary>
/// <remarks>Node codes: a person <c>i</c> is <c>i</c>, a mentor <c>j</c> is <c>~j</c>. Ties in
/// the key are broken by the code in the heap; the walk is deterministic too (it depends only on
/// the heap's contents).</remarks>
internal sealed class SinkExits
{
    private long[] keys = new long[256];
    private int[] codes = new int[256];
    private int count;
    private int[] personPosition = [];
    private readonly int[] mentorPosition;
    private readonly DistanceHeap cursorHeap = new();

    public SinkExits(int mentors)
    {
        mentorPosition = new int[mentors];
        Array.Fill(mentorPosition, -1);
    }

    public int Count => count;

    /// <summary>The node's key if it is an exit (for tests).</summary>
    public long? KeyOf(int code)
    {
        if (code >= 0 && code >= personPosition.Length)
            return null;
        var at = Position(code);
        return at < 0 ? null : keys[at];
    }

    /// <summary>Adds the node with this key, or moves it to this key.</summary>
    public void Set(int code, long key)
    {
        var at = Position(code);
        if (at < 0)
        {
            if (count == keys.Length)
            {
                Array.Resize(ref keys, count * 2);
                Array.Resize(ref codes, count * 2);
            }
            at = count++;
            Place(at, code, key);
            Up(at);
            return;
        }
        var old = keys[at];
        keys[at] = key;
        if (Less(key, code, old, code))
            Up(at);
        else
            Down(at);
    }

    /// <summary>Removes the node if it is an exit.</summary>
    public void Remove(int code)
    {
        var at = Position(code);
        if (at < 0)
            return;
        SetPosition(code, -1);
        var last = --count;
        if (at == last)
            return;
        Place(at, codes[last], keys[last]);
        Up(at);
        Down(Position(codes[at]));
    }

    /// <summary>Starts walking the exits in increasing key order (the heap must not change until
    /// the walk ends).</summary>
    public void StartWalk()
    {
        cursorHeap.Clear();
        if (count > 0)
            cursorHeap.Push(keys[0], 0);
    }

    /// <summary>The next exit of the walk, without taking it.</summary>
    public bool TryPeekWalk(out long key, out int code)
    {
        if (!cursorHeap.TryPeek(out key, out var at))
        {
            code = 0;
            return false;
        }
        code = codes[at];
        return true;
    }

    /// <summary>Takes the next exit of the walk.</summary>
    public void Advance()
    {
        cursorHeap.TryPop(out _, out var at);
        for (var child = 2 * at + 1; child <= 2 * at + 2 && child < count; child++)
            cursorHeap.Push(keys[child], child);
    }

    /// <summary>Makes room for persons 0..persons-1.</summary>
    public void EnsurePersons(int persons)
    {
        if (personPosition.Length >= persons)
            return;
        var old = personPosition.Length;
        Array.Resize(ref personPosition, Math.Max(persons, old * 2));
        Array.Fill(personPosition, -1, old, personPosition.Length - old);
    }

    private static bool Less(long key, int code, long otherKey, int otherCode) =>
        key < otherKey || key == otherKey && code < otherCode;

    private int Position(int code) => code >= 0 ? personPosition[code] : mentorPosition[~code];

    private void SetPosition(int code, int at)
    {
        if (code >= 0)
            personPosition[code] = at;
        else
            mentorPosition[~code] = at;
    }

    private void Place(int at, int code, long key)
    {
        keys[at] = key;
        codes[at] = code;
        SetPosition(code, at);
    }

    private void Up(int at)
    {
        var key = keys[at];
        var code = codes[at];
        while (at > 0)
        {
            var parent = (at - 1) / 2;
            if (!Less(key, code, keys[parent], codes[parent]))
                break;
            Place(at, codes[parent], keys[parent]);
            at = parent;
        }
        Place(at, code, key);
    }

    private void Down(int at)
    {
        var key = keys[at];
        var code = codes[at];
        while (true)
        {
            var child = 2 * at + 1;
            if (child >= count)
                break;
            if (child + 1 < count && Less(keys[child + 1], codes[child + 1], keys[child], codes[child]))
                child++;
            if (!Less(keys[child], codes[child], key, code))
                break;
            Place(at, codes[child], keys[child]);
            at = child;
        }
        Place(at, code, key);
    }
}
