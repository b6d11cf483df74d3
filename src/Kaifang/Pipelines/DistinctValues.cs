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
    public long? Add(string value, string text, long row)
    {
        if (_spill is null)
        {
            if (_memory.TryGetValue(value, out var first))
            {
                return first;
            }
            if (_memory.Count < MemoryLimit)
            {
                _memory.Add(value, row);
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
        var indexes = new System.Collections.Concurrent.ConcurrentBag<Dictionary<string, long>>();
        // The groups on all cores at once; the repeats of each are passed on one group at a time.
        spill.ForEachGroup(reader =>
        {
            if (!indexes.TryTake(out var first))
            {
                first = new Dictionary<string, long>(StringComparer.Ordinal);
            }
            List<(long Row, long First, string Text)>? repeats = null;
            while (reader.Read())
            {
                var value = new string(MemoryMarshal.Cast<byte, char>(reader.Key));
                if (!first.TryAdd(value, reader.Value))
                {
                    (repeats ??= []).Add((reader.Value, first[value], new string(MemoryMarshal.Cast<byte, char>(reader.Extra))));
                }
            }
            first.Clear();
            indexes.Add(first);
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

    private void Write(string value, string text, long row) =>
        _spill!.Add(MemoryMarshal.AsBytes(value.AsSpan()), MemoryMarshal.AsBytes(text.AsSpan()), row);
}
