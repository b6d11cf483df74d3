namespace Kaifang.Pipelines.Runs;

/// Each written row's key (its primary key, or its whole content) and content hash, to count the rows
/// added, removed and changed against the previous version. Up to <see cref="MemoryLimit"/> keys in
/// memory; past that on disk (<see cref="SpilledRecords"/>), the comparison then made group by group, so
/// that a run's memory stays bounded whatever the number of rows. The counts are the same either way.
internal sealed class RowKeys(string spillDirectory, int memoryLimit = RowKeys.DefaultMemoryLimit) : IDisposable
{
    public const int DefaultMemoryLimit = 1_000_000;

    private const byte Current = 0;
    private const byte Previous = 1;

    private readonly Dictionary<ulong, ulong> _memory = [];
    private SpilledRecords? _spill;

    public int MemoryLimit { get; } = memoryLimit;

    /// The row's key and content hash; a key seen before takes the later row's hash.
    public void Set(ulong key, ulong hash)
    {
        if (_spill is null)
        {
            if (_memory.Count < MemoryLimit || _memory.ContainsKey(key))
            {
                _memory[key] = hash;
                return;
            }
            Spill();
        }
        Write(key, hash, Current);
    }

    /// Rows added, removed and changed (same key, other content), given the previous version's rows'
    /// keys and hashes in file order (enumerated twice when they do not fit in memory): a key repeated
    /// there counts once, with its first row.
    public (long Added, long Removed, long Changed) Compare(IEnumerable<(ulong Key, ulong Hash)> previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        if (_spill is null && Count(_memory, previous, MemoryLimit) is { } counts)
        {
            return counts;
        }
        if (_spill is null)
        {
            Spill();
        }
        foreach (var (key, hash) in previous)
        {
            Write(key, hash, Previous);
        }
        long added = 0, removed = 0, changed = 0;
        // Every record of a key is in the same group, so each group is compared on its own, on all cores at once.
        // One set of collections a thread, emptied for the next group: not large arrays left for the GC at each group.
        var pool = new System.Collections.Concurrent.ConcurrentBag<(Dictionary<ulong, ulong>, List<(ulong, ulong)>, HashSet<ulong>)>();
        _spill!.ForEachGroup(reader =>
        {
            if (!pool.TryTake(out var collections))
            {
                collections = ([], [], []);
            }
            var (current, earlier, seen) = collections;
            while (reader.Read())
            {
                var key = BitConverter.ToUInt64(reader.Key);
                if (reader.Extra[0] == Current)
                {
                    current[key] = (ulong)reader.Value;
                }
                else
                {
                    earlier.Add((key, (ulong)reader.Value));
                }
            }
            var (a, r, c) = Count(current, earlier, int.MaxValue, seen)!.Value;
            current.Clear();
            earlier.Clear();
            seen.Clear();
            pool.Add(collections);
            Interlocked.Add(ref added, a);
            Interlocked.Add(ref removed, r);
            Interlocked.Add(ref changed, c);
        }, SpilledRecords.ParallelGroups);
        _spill.Dispose();
        _spill = null;
        return (added, removed, changed);
    }

    public void Dispose() => _spill?.Dispose();

    /// Rows added, removed and changed between the current rows' keys and hashes and the previous version's (in file
    /// order, a repeated key counting once with its first row); null when the previous version has more than
    /// <paramref name="limit"/> distinct keys, too many to remember here.
    private static (long, long, long)? Count(Dictionary<ulong, ulong> current, IEnumerable<(ulong Key, ulong Hash)> previous, int limit, HashSet<ulong>? seen = null)
    {
        long removed = 0, changed = 0, matched = 0;
        seen ??= [];
        foreach (var (key, hash) in previous)
        {
            if (!seen.Add(key))
            {
                continue;
            }
            if (seen.Count > limit)
            {
                return null;
            }
            if (current.TryGetValue(key, out var now))
            {
                matched++;
                if (now != hash)
                {
                    changed++;
                }
            }
            else
            {
                removed++;
            }
        }
        return (current.Count - matched, removed, changed);
    }

    private void Spill()
    {
        _spill = new SpilledRecords(spillDirectory);
        foreach (var (key, hash) in _memory)
        {
            Write(key, hash, Current);
        }
        _memory.Clear();
        _memory.TrimExcess();
    }

    private void Write(ulong key, ulong hash, byte kind)
    {
        Span<byte> bytes = stackalloc byte[8];
        BitConverter.TryWriteBytes(bytes, key);
        _spill!.Add(bytes, [kind], (long)hash);
    }
}
