using System.Collections;

namespace Mentoring.Matching.Engine.Assignment.Solving;

/// <summary>A read-only view of part of an array that is never written again (the problem's
/// candidate mentors): an unmatched mentee's candidates without a list and an array of their own,
/// which, when most mentees stay unmatched (50,000 of them with 50 candidates each), was most of
/// what building the result allocated. It does not expose the array.</summary>
internal sealed class ReadOnlyIntSlice(int[] array, int offset, int count) : IReadOnlyList<int>
{
    public int Count => count;

    public int this[int index] => (uint)index < (uint)count ? array[offset + index] : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<int> GetEnumerator()
    {
        for (var k = 0; k < count; k++)
            yield return array[offset + k];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
