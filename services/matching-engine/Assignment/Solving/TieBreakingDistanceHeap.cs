namespace Mentoring.Matching.Engine.Assignment.Solving;

/// <summary>A binary min-heap of (distance, tie, node code) for Dijkstra with lazy deletion: equal
/// distances come out in increasing order of a tie key chosen by the caller, which steers a
/// search across a plateau of equal distances (docs/adr/0007, "Bidirectional joins"). Entries are
/// structs (one cache line holds a level's pair); reused across searches, so no allocation per
/// search.</summary>
internal sealed class TieBreakingDistanceHeap
{
    private Entry[] entries = new Entry[256];
    private int count;

    public void Clear() => count = 0;

    public void Push(long key, long tie, int value)
    {
        if (count == entries.Length)
            Array.Resize(ref entries, count * 2);
        var entry = new Entry(key, tie, value);
        var position = count++;
        while (position > 0)
        {
            var parent = (position - 1) / 2;
            if (!entry.Before(entries[parent]))
                break;
            entries[position] = entries[parent];
            position = parent;
        }
        entries[position] = entry;
    }

    /// <summary>The smallest distance left, without removing it (possibly a stale entry's: still a
    /// lower bound on every node left).</summary>
    public bool TryPeek(out long key)
    {
        key = count == 0 ? 0 : entries[0].Key;
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
        key = entries[0].Key;
        value = entries[0].Value;
        var last = entries[--count];
        var position = 0;
        while (true)
        {
            var child = 2 * position + 1;
            if (child >= count)
                break;
            if (child + 1 < count && entries[child + 1].Before(entries[child]))
                child++;
            if (!entries[child].Before(last))
                break;
            entries[position] = entries[child];
            position = child;
        }
        entries[position] = last;
        return true;
    }

    private readonly record struct Entry(long Key, long Tie, int Value)
    {
        public bool Before(in Entry other) => Key < other.Key || Key == other.Key && Tie < other.Tie;
    }
}
