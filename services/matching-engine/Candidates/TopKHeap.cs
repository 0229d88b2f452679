namespace Mentoring.Matching.Engine.Candidates;

/// <summary>The K largest of a stream of keys: a min-heap of at most K entries. Not thread-safe.</summary>
internal sealed class TopKHeap
{
    private readonly long[] _items;
    private int _count;

    public TopKHeap(int capacity) => _items = new long[Math.Max(1, capacity)];

    public int Count => _count;
    public bool IsFull => _count == _items.Length;

    /// <summary>The smallest key kept; meaningful only when not empty.</summary>
    public long Min => _items[0];

    public void Clear() => _count = 0;

    /// <summary>Keeps <paramref name="key"/> if it is among the K largest so far.</summary>
    public void Offer(long key)
    {
        if (_count < _items.Length)
        {
            var i = _count++;
            while (i > 0)
            {
                var parent = (i - 1) >> 1;
                if (_items[parent] <= key) break;
                _items[i] = _items[parent];
                i = parent;
            }
            _items[i] = key;
            return;
        }
        if (key <= _items[0]) return;
        SiftDown(key);
    }

    /// <summary>Writes the kept keys, largest first, into <paramref name="target"/> and returns how many.</summary>
    public int CopyDescending(long[] target)
    {
        Array.Copy(_items, target, _count);
        Array.Sort(target, 0, _count);
        Array.Reverse(target, 0, _count);
        return _count;
    }

    private void SiftDown(long key)
    {
        var i = 0;
        var half = _count >> 1;
        while (i < half)
        {
            var child = 2 * i + 1;
            if (child + 1 < _count && _items[child + 1] < _items[child]) child++;
            if (_items[child] >= key) break;
            _items[i] = _items[child];
            i = child;
        }
        _items[i] = key;
    }
}
