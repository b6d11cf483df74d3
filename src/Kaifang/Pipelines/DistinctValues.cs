using System.Runtime.InteropServices;

namespace Kaifang.Pipelines;

/// The values of a unique field (or of the primary key) seen so far, with the row each first appeared in,
/// to find repeats. The first <see cref="MemoryLimit"/> distinct values are kept in memory and a repeat of
/// one is known at once; past that, every value goes to <see cref="SpilledRecords"/> on disk and the
/// repeats are found by <see cref="Finish"/>, group by group, so that memory stays bounded whatever the
/// number of rows. Values are compared whole (as UTF-16, exactly as the strings compare): no false repeats.
internal sealed class DistinctValues(int memoryLimit, Func<string> spillDirectory) : IDisposable
{
    private readonly Dictionary<string, long> _memory = new(StringComparer.Ordinal);
    private SpilledRecords? _spill;

    public int MemoryLimit { get; } = memoryLimit;

    /// Whether the values went to disk (repeats are then found by <see cref="Finish"/>).
    public bool Spilled => _spill is not null;

    /// The row where <paramref name="value"/> first appeared when it is a repeat known now; null when it
    /// is new, or when it went to disk. <paramref name="text"/> is the cell as written, for the message.
    /// A string is made only for a new value kept in memory.
    public long? Add(ReadOnlySpan<char> value, ReadOnlySpan<char> text, long row)
    {
        if (_spill is null)
        {
            if (_memory.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(value, out var first))
            {
                return first;
            }
            if (_memory.Count < MemoryLimit)
            {
                _memory.Add(value.ToString(), row);
                return null;
            }
            // The values kept so far go first, with their first rows: every later row is after them.
            _spill = new SpilledRecords(spillDirectory());
            foreach (var (kept, at) in _memory)
            {
                Write(kept, "", at);
            }
            _memory.Clear();
            _memory.TrimExcess();
        }
        Write(value, text, row);
        return null;
    }

    /// The repeats among the values that went to disk, each with its row, the row where the value first
    /// appeared and the cell as written; in no particular order, one call at a time.
    public void Finish(Action<long, long, string> repeat)
    {
        ArgumentNullException.ThrowIfNull(repeat);
        if (_spill is not { } spill)
        {
            return;
        }
        var gate = new Lock();
        // One index a thread, emptied for the next group: not a large array left for the GC at each group.
        var indexes = new System.Collections.Concurrent.ConcurrentBag<GroupIndex>();
        // The groups on all cores at once; the repeats of each are passed on one group at a time.
        spill.ForEachGroup(reader =>
        {
            if (!indexes.TryTake(out var index))
            {
                index = new GroupIndex();
            }
            List<(long Row, long First, string Text)>? repeats = null;
            while (reader.Read())
            {
                // The values are kept as bytes in one buffer, not as a string each.
                if (index.TryAdd(reader.Key, reader.Value) is { } first)
                {
                    // A value written as is has no separate text (see Write).
                    var text = reader.Extra.IsEmpty ? reader.Key : reader.Extra;
                    (repeats ??= []).Add((reader.Value, first, new string(MemoryMarshal.Cast<byte, char>(text))));
                }
            }
            index.Clear();
            indexes.Add(index);
            if (repeats is not null)
            {
                lock (gate)
                {
                    foreach (var (row, at, text) in repeats)
                    {
                        repeat(row, at, text);
                    }
                }
            }
        }, SpilledRecords.ParallelGroups);
        spill.Dispose();
        _spill = null;
    }

    public void Dispose() => _spill?.Dispose();

    /// The cell's text goes with the value only when it differs (an integer written plainly is its own
    /// value): most values then go to disk once, not twice. The values kept in memory go without it, as
    /// first appearances are never reported.
    private void Write(ReadOnlySpan<char> value, ReadOnlySpan<char> text, long row) =>
        _spill!.Add(MemoryMarshal.AsBytes(value), value.SequenceEqual(text) ? [] : MemoryMarshal.AsBytes(text), row);

    /// The distinct values of one group, with the row each first appeared in: the values' bytes one after
    /// another in a buffer, found through a table of their positions.
    private sealed class GroupIndex
    {
        private byte[] _bytes = new byte[1 << 16];
        private int _length;
        private Entry[] _entries = new Entry[1 << 12];
        private int _count;
        private int[] _buckets = new int[1 << 13];

        /// Adds the value with its row; when it was there already, the row it was added with.
        public long? TryAdd(ReadOnlySpan<byte> value, long row)
        {
            var hash = Hash(value);
            var mask = _buckets.Length - 1;
            var slot = hash & mask;
            while (_buckets[slot] is var e and > 0)
            {
                ref var entry = ref _entries[e - 1];
                if (entry.Hash == hash && _bytes.AsSpan(entry.Start, entry.Length).SequenceEqual(value))
                {
                    return entry.Row;
                }
                slot = (slot + 1) & mask;
            }
            if (_length + value.Length > _bytes.Length)
            {
                Array.Resize(ref _bytes, Math.Max(_length + value.Length, _bytes.Length * 2));
            }
            value.CopyTo(_bytes.AsSpan(_length));
            if (_count == _entries.Length)
            {
                Array.Resize(ref _entries, _entries.Length * 2);
            }
            _entries[_count++] = new Entry(_length, value.Length, hash, row);
            _length += value.Length;
            _buckets[slot] = _count;
            // At most half full, so that a search ends soon.
            if (_count * 2 > _buckets.Length)
            {
                Rehash();
            }
            return null;
        }

        public void Clear()
        {
            Array.Clear(_buckets);
            _count = 0;
            _length = 0;
        }

        private void Rehash()
        {
            _buckets = new int[_buckets.Length * 2];
            var mask = _buckets.Length - 1;
            for (var i = 0; i < _count; i++)
            {
                var slot = _entries[i].Hash & mask;
                while (_buckets[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }
                _buckets[slot] = i + 1;
            }
        }

        private static int Hash(ReadOnlySpan<byte> value)
        {
            var hash = new HashCode();
            hash.AddBytes(value);
            return hash.ToHashCode() & int.MaxValue;
        }

        private readonly record struct Entry(int Start, int Length, int Hash, long Row);
    }
}
