namespace Mentoring.Matching.Engine.Assignment.Solving;

/// <summary>A binary min-heap of (distance, tie, node code) for Dijkstra with lazy deletion: equal
/// distances come out in increasing ties of a tie key chosen by the caller, which steers a
/// search across a plateau of equal distances (docs/adr/0007, "Bidirectional joins"). Reused
/// across searches, so no allocation per search.</summary>
internal sealed class TieBreakingDistanceHeap
{
    private long[] keys = new long[256];
    private long[] ties = new long[256];
    private int[] values = new int[256];
    private int count;

    public void Clear() => count = 0;

    public void Push(long key, long tie, int value)
    {
        if (count == keys.Length)
        {
            Array.Resize(ref keys, count * 2);
            Array.Resize(ref ties, count * 2);
            Array.Resize(ref values, count * 2);
        }
        var position = count++;
        while (position > 0)
        {
            var parent = (position - 1) / 2;
            if (keys[parent] < key || keys[parent] == key && ties[parent] < tie)
                break;
            keys[position] = keys[parent];
            ties[position] = ties[parent];
            values[position] = values[parent];
            position = parent;
        }
        keys[position] = key;
        ties[position] = tie;
        values[position] = value;
    }

    /// <summary>The smallest entry, without removing it (possibly a stale one: its key is still a
    /// lower bound on every node left).</summary>
    public bool TryPeek(out long key)
    {
        key = count == 0 ? 0 : keys[0];
        return count > 0;
    }

    public bool TryPop(out long key, out int value)
    {
        if (count == 0)
        {
            key = 0;
            value = 0;
            return false;
        }
        key = keys[0];
        value = values[0];
        var lastKey = keys[--count];
        var lastTie = ties[count];
        var lastValue = values[count];
        var position = 0;
        while (true)
        {
            var child = 2 * position + 1;
            if (child >= count)
                break;
            if (child + 1 < count && (keys[child + 1] < keys[child] || keys[child + 1] == keys[child] && ties[child + 1] < ties[child]))
                child++;
            if (keys[child] > lastKey || keys[child] == lastKey && ties[child] > lastTie)
                break;
            keys[position] = keys[child];
            ties[position] = ties[child];
            values[position] = values[child];
            position = child;
        }
        keys[position] = lastKey;
        ties[position] = lastTie;
        values[position] = lastValue;
        return true;
    }
}
