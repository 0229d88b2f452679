namespace Mentoring.Matching.Engine.Assignment.Solving;

/// <summary>A binary min-heap of nodes keyed by distance, with decrease-key: each node is in the
/// heap at most once, so its memory is bounded by the number of nodes however often distances
/// drop (a label-correcting pass may lower a node's distance many times).</summary>
internal sealed class IndexedDistanceHeap
{
    private readonly int[] heap;
    private readonly int[] position;
    private readonly long[] key;
    private int count;

    public IndexedDistanceHeap(int nodes)
    {
        heap = new int[nodes];
        position = new int[nodes];
        key = new long[nodes];
        Array.Fill(position, -1);
    }

    /// <summary>Inserts the node with this distance, or lowers its distance if it is in the heap
    /// (the caller only ever lowers distances).</summary>
    public void Upsert(int node, long distance)
    {
        key[node] = distance;
        var at = position[node];
        if (at < 0)
            at = count++;
        while (at > 0)
        {
            var parent = (at - 1) / 2;
            var above = heap[parent];
            if (key[above] <= distance)
                break;
            heap[at] = above;
            position[above] = at;
            at = parent;
        }
        heap[at] = node;
        position[node] = at;
    }

    public bool TryPop(out long distance, out int node)
    {
        if (count == 0)
        {
            distance = 0;
            node = -1;
            return false;
        }
        node = heap[0];
        distance = key[node];
        position[node] = -1;
        var last = heap[--count];
        if (count == 0)
            return true;
        var lastKey = key[last];
        var at = 0;
        while (true)
        {
            var child = 2 * at + 1;
            if (child >= count)
                break;
            if (child + 1 < count && key[heap[child + 1]] < key[heap[child]])
                child++;
            if (key[heap[child]] >= lastKey)
                break;
            heap[at] = heap[child];
            position[heap[at]] = at;
            at = child;
        }
        heap[at] = last;
        position[last] = at;
        return true;
    }
}
