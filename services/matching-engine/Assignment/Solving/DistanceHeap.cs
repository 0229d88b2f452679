namespace Mentoring.Matching.Engine.Assignment.Solving;

/// <summary>A binary min-heap of (distance, node code) for Dijkstra with lazy deletion: stale
/// entries are skipped by the caller. Reused across searches, so no allocation per search.</summary>
internal sealed class DistanceHeap
{
    private long[] keys = new long[256];
    private int[] values = new int[256];
    private int count;

    public void Clear() => count = 0;

    public void Push(long key, int value)
    {
        if (count == keys.Length)
        {
            Array.Resize(ref keys, count * 2);
            Array.Resize(ref values, count * 2);
        }
        var position = count++;
        while (position > 0)
        {
            var parent = (position - 1) / 2;
            if (keys[parent] <= key)
                break;
            keys[position] = keys[parent];
            values[position] = values[parent];
            position = parent;
        }
        keys[position] = key;
        values[position] = value;
    }

    /// <summary>The smallest entry, without removing it (possibly a stale one: its key is still a
    /// lower bound on every node left).</summary>
    public bool TryPeek(out long key, out int value)
    {
        if (count == 0)
        {
            key = 0;
            value = 0;
            return false;
        }
        key = keys[0];
        value = values[0];
        return true;
    }

    public bool TryPop(out long key, out int value)
    {
        if (!TryPeek(out key, out value)) return false;
        var lastKey = keys[--count];
        var lastValue = values[count];
        var position = 0;
        while (true)
        {
            var child = 2 * position + 1;
            if (child >= count)
                break;
            if (child + 1 < count && keys[child + 1] < keys[child])
                child++;
            if (keys[child] >= lastKey)
                break;
            keys[position] = keys[child];
            values[position] = values[child];
            position = child;
        }
        keys[position] = lastKey;
        values[position] = lastValue;
        return true;
    }
}
