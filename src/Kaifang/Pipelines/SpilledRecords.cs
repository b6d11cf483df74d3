using System.Buffers.Binary;

namespace Kaifang.Pipelines;

/// Records too many to keep in memory — each a key, some extra bytes and a number — written to files by
/// a hash of the key, so that every record of one key is in the same file, in the order added. They are
/// read back one group (file) at a time, each small enough to index in memory; a group still too large
/// is split again with another hash first. This is how a pass that must remember something about every
/// row (the unique and primary-key checks, the comparison with the previous version) stays within
/// bounded memory whatever the file's length: only one group is in memory at a time, and the results are
/// exact (keys are compared whole, the hash only chooses the file). docs/decisions/0015-bounded-memory-key-checks.md.
internal sealed class SpilledRecords : IDisposable
{
    /// Files per level.
    private const int Fanout = 64;

    /// Levels of splitting at most; a group of a single key repeated cannot be split, and is read as it is.
    private const int MaxDepth = 4;

    private readonly string _directory;
    private readonly int _depth;
    private readonly long _groupBytes;
    private readonly FileStream?[] _files = new FileStream?[Fanout];
    private readonly byte[] _head = new byte[8];
    private readonly byte[] _tail = new byte[8];

    /// Each file's records not yet written, so that a record is one copy rather than four writes to the file.
    private readonly byte[]?[] _pending = new byte[]?[Fanout];
    private readonly int[] _pendingLength = new int[Fanout];
    private const int PendingBytes = 1 << 14;

    /// Records in files under a new directory inside <paramref name="parent"/>; a group larger than
    /// <paramref name="groupBytes"/> is split before it is read.
    public SpilledRecords(string parent, long groupBytes = 16 << 20)
        : this(Path.Combine(parent, "spill-" + Guid.NewGuid().ToString("N")), 0, groupBytes)
    {
    }

    private SpilledRecords(string directory, int depth, long groupBytes)
    {
        _directory = directory;
        _depth = depth;
        _groupBytes = groupBytes;
        Directory.CreateDirectory(directory);
    }

    public long Count { get; private set; }

    public void Add(ReadOnlySpan<byte> key, ReadOnlySpan<byte> extra, long value)
    {
        var hash = new HashCode();
        hash.Add(_depth);
        hash.AddBytes(key);
        var i = (int)((uint)hash.ToHashCode() % Fanout);
        var file = _files[i] ??= new FileStream(Path.Combine(_directory, i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        Count++;
        var size = 16 + key.Length + extra.Length;
        var pending = _pending[i] ??= new byte[PendingBytes];
        if (_pendingLength[i] + size > pending.Length)
        {
            WritePending(i);
        }
        if (size > pending.Length)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_head, key.Length);
            BinaryPrimitives.WriteInt32LittleEndian(_head.AsSpan(4), extra.Length);
            BinaryPrimitives.WriteInt64LittleEndian(_tail, value);
            file.Write(_head);
            file.Write(key);
            file.Write(extra);
            file.Write(_tail);
            return;
        }
        var record = pending.AsSpan(_pendingLength[i], size);
        BinaryPrimitives.WriteInt32LittleEndian(record, key.Length);
        BinaryPrimitives.WriteInt32LittleEndian(record[4..], extra.Length);
        key.CopyTo(record[8..]);
        extra.CopyTo(record[(8 + key.Length)..]);
        BinaryPrimitives.WriteInt64LittleEndian(record[(8 + key.Length + extra.Length)..], value);
        _pendingLength[i] += size;
    }

    private void WritePending(int i)
    {
        if (_pendingLength[i] > 0)
        {
            _files[i]!.Write(_pending[i]!, 0, _pendingLength[i]);
            _pendingLength[i] = 0;
        }
    }

    /// Reads each group, its records in the order they were added; every record of a key is in the same
    /// group. With <paramref name="parallel"/> above 1, that many groups are read at once, each on a
    /// thread of its own (so <paramref name="read"/> must be safe to call from several threads, and
    /// memory holds that many groups). The records are gone afterwards.
    public void ForEachGroup(Action<RecordReader> read, int parallel = 1)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (parallel <= 1)
        {
            for (var i = 0; i < Fanout; i++)
            {
                ReadGroup(i, read);
            }
            return;
        }
        try
        {
            Parallel.For(0, Fanout, new ParallelOptions { MaxDegreeOfParallelism = parallel }, i => ReadGroup(i, read));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // As the groups read one at a time would have failed: with the first error itself.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    /// Groups read at once by the callers that can: one per core, four at most (each holds a group in memory).
    internal static int ParallelGroups => Math.Clamp(Environment.ProcessorCount, 1, 4);

    private void ReadGroup(int i, Action<RecordReader> read)
    {
        if (_files[i] is not { } file)
        {
            return;
        }
        WritePending(i);
        _pending[i] = null;
        file.Flush();
        file.Position = 0;
        if (file.Length > _groupBytes && _depth < MaxDepth)
        {
            using var split = new SpilledRecords(Path.Combine(_directory, "s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)), _depth + 1, _groupBytes);
            var reader = new RecordReader(file);
            while (reader.Read())
            {
                split.Add(reader.Key, reader.Extra, reader.Value);
            }
            file.Dispose();
            _files[i] = null;
            split.ForEachGroup(read);
        }
        else
        {
            read(new RecordReader(file));
            file.Dispose();
            _files[i] = null;
        }
    }

    public void Dispose()
    {
        for (var i = 0; i < Fanout; i++)
        {
            _files[i]?.Dispose();
            _files[i] = null;
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the run's clean-up; the files themselves go when closed.
        }
    }
}

/// Reads the records of one group of <see cref="SpilledRecords"/>, one at a time.
internal sealed class RecordReader(Stream stream)
{
    private readonly byte[] _fixed = new byte[8];
    private byte[] _buffer = new byte[256];
    private int _keyLength;
    private int _extraLength;

    public ReadOnlySpan<byte> Key => _buffer.AsSpan(0, _keyLength);

    public ReadOnlySpan<byte> Extra => _buffer.AsSpan(_keyLength, _extraLength);

    public long Value { get; private set; }

    public bool Read()
    {
        if (stream.ReadAtLeast(_fixed, 8, throwOnEndOfStream: false) < 8)
        {
            return false;
        }
        _keyLength = BinaryPrimitives.ReadInt32LittleEndian(_fixed);
        _extraLength = BinaryPrimitives.ReadInt32LittleEndian(_fixed.AsSpan(4));
        var length = _keyLength + _extraLength;
        if (_buffer.Length < length)
        {
            _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
        }
        stream.ReadExactly(_buffer, 0, length);
        stream.ReadExactly(_fixed);
        Value = BinaryPrimitives.ReadInt64LittleEndian(_fixed);
        return true;
    }
}
