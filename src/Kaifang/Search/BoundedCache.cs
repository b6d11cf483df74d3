using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Kaifang.Search;

/// A concurrent map of values that are cheap to make again, for the life of one index reader: when it holds its
/// capacity it starts again empty. Entries are counted apart from the dictionary, whose Count takes every one of
/// its locks: asked on every search, that made searches queue behind each other.
internal sealed class BoundedCache<TKey, TValue>(int capacity, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private volatile ConcurrentDictionary<TKey, TValue> _entries = new(comparer);
    private int _count;

    public int Capacity { get; } = capacity;

    public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value) => _entries.TryGetValue(key, out value);

    public void Add(TKey key, TValue value)
    {
        if (Interlocked.Increment(ref _count) > Capacity)
        {
            // Threads that pass the limit together may each start a new map; a few entries are lost, nothing else.
            _entries = new ConcurrentDictionary<TKey, TValue>(comparer);
            Interlocked.Exchange(ref _count, 1);
        }
        _entries[key] = value;
    }
}
