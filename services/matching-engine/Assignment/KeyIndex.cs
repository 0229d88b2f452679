namespace Mentoring.Matching.Engine.Assignment;

/// <summary>
/// Maps the caller's ids (e.g. person <see cref="Guid"/>s) to the dense indices the engine works
/// with, and back. Build one for the mentees and one for the mentors, then use
/// <c>mentees[id]</c> when adding candidates and <see cref="KeyAt"/> when reading the result.
/// </summary>
/// <typeparam name="TKey">The caller's id type.</typeparam>
public sealed class KeyIndex<TKey>
    where TKey : notnull
{
    private readonly TKey[] keys;
    private readonly Dictionary<TKey, int> indices;

    /// <summary>Indexes the keys in the given order (index 0 for the first).</summary>
    /// <exception cref="ArgumentException">A key appears twice.</exception>
    public KeyIndex(IEnumerable<TKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        this.keys = keys.ToArray();
        indices = new Dictionary<TKey, int>(this.keys.Length);
        for (var index = 0; index < this.keys.Length; index++)
        {
            if (!indices.TryAdd(this.keys[index], index))
                throw new ArgumentException($"The key {this.keys[index]} appears twice.", nameof(keys));
        }
    }

    /// <summary>Number of keys.</summary>
    public int Count => keys.Length;

    /// <summary>The index of a key.</summary>
    /// <exception cref="KeyNotFoundException">Unknown key.</exception>
    public int this[TKey key] => indices.TryGetValue(key, out var index) ? index : throw new KeyNotFoundException($"Unknown key {key}.");

    /// <summary>The key at an index.</summary>
    public TKey KeyAt(int index) => keys[index];

    /// <summary>The index of a key, if known.</summary>
    public bool TryGetIndex(TKey key, out int index) => indices.TryGetValue(key, out index);
}
