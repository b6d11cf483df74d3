using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using Lucene.Net.Store;
using Microsoft.Win32.SafeHandles;

namespace Kaifang.Search;

/// Reads index files through one read-only memory map each, like Lucene.NET's MMapDirectory, but
/// without recording every clone of an input: MMapDirectory keeps each clone (one per term
/// dictionary and postings list a search opens) in a ConditionalWeakTable so that it can refuse
/// reads after close, and that table's churn kept the finalizer thread busy for about half of one
/// core under search load (docs/benchmarks.md). Here a map lives as long as any input reading it
/// and is released by the garbage collector after the last one, as Java Lucene does without its
/// unmap hack: a read after close finds the file still mapped instead of crashing the process.
/// The files of the datasets' records (CatalogCodec) are read with positional reads instead, and merges
/// through the file system's cache. Writing stays FSDirectory's.
internal sealed class MappedDirectory(DirectoryInfo path) : FSDirectory(path)
{
    // Merges read each segment once, from start to end: through the file system's cache rather than a map, whose pages
    // would count in the process's resident memory until the collector releases the map (a rebuild's final merge of
    // 140 MB of segments took the import from 435 to 535 MB).
    private readonly NIOFSDirectory _merging = new(path);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _merging.Dispose();
        }
        base.Dispose(disposing);
    }

    public override IndexInput OpenInput(string name, IOContext context)
    {
        if (context?.Context == IOContext.UsageContext.MERGE)
        {
            EnsureOpen();
            return _merging.OpenInput(name, context);
        }
        EnsureOpen();
        var file = Path.Combine(Directory.FullName, name);
        if (name.Contains(RecordsDocValuesFormat.FileMarker, StringComparison.Ordinal))
        {
            return new PositionalInput(file);
        }
        var region = MappedRegion.Open(file);
        return new MappedInput($"MappedInput(path=\"{file}\")", region, 0, region.Length);
    }

    public override IndexInputSlicer CreateSlicer(string name, IOContext context)
    {
        if (context?.Context == IOContext.UsageContext.MERGE)
        {
            EnsureOpen();
            return _merging.CreateSlicer(name, context);
        }
        EnsureOpen();
        var file = Path.Combine(Directory.FullName, name);
        return new Slicer(file, MappedRegion.Open(file));
    }

    private sealed class Slicer(string file, MappedRegion region) : IndexInputSlicer
    {
        public override IndexInput OpenSlice(string sliceDescription, long offset, long length)
        {
            if (offset < 0 || length < 0 || offset + length > region.Length)
            {
                throw new ArgumentException($"Slice {offset}+{length} is outside {file} ({region.Length} bytes).");
            }
            return new MappedInput($"MappedInput({sliceDescription} in path=\"{file}\" slice={offset}:{offset + length})", region, offset, length);
        }

        [Obsolete("Only for reading CFS files from 3.x indexes.")]
        public override IndexInput OpenFullSlice() => OpenSlice("full-slice", 0, region.Length);

        protected override void Dispose(bool disposing)
        {
            // The map is released with the last input that reads it.
        }
    }
}

/// A file read with positional reads (pread), which need no lock and keep nothing in the process's memory but a
/// small buffer per input; for the files that are read a little at a time, at random (see CatalogCodec). Clones
/// share the handle, which is closed, as a map is released, when nothing reads the file any more.
internal sealed class PositionalInput : BufferedIndexInput
{
    private readonly SafeFileHandle _file;
    private readonly long _length;

    public PositionalInput(string path)
        : base($"PositionalInput(path=\"{path}\")", BUFFER_SIZE)
    {
        _file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.RandomAccess);
        _length = RandomAccess.GetLength(_file);
    }

    public override long Length => _length;

    protected override void ReadInternal(byte[] b, int offset, int length)
    {
        var position = Position;
        if (position + length > _length)
        {
            throw new EndOfStreamException($"Read past the end of {this}.");
        }
        var target = b.AsSpan(offset, length);
        while (!target.IsEmpty)
        {
            var read = RandomAccess.Read(_file, target, position);
            if (read == 0)
            {
                throw new EndOfStreamException($"{this} ended at {position} of {_length} bytes.");
            }
            target = target[read..];
            position += read;
        }
    }

    protected override void SeekInternal(long pos)
    {
        // Every read says where it reads from.
    }

    protected override void Dispose(bool disposing)
    {
        // The handle outlives the reader that opened it for as long as a clone may still read (see MappedDirectory).
    }
}

/// One file mapped read-only, released (unmapped, closed) when nothing reads it any more.
internal sealed unsafe class MappedRegion
{
    private readonly MemoryMappedFile? _file;
    private readonly MemoryMappedViewAccessor? _view;

    private MappedRegion(MemoryMappedFile? file, MemoryMappedViewAccessor? view, byte* start, long length)
    {
        _file = file;
        _view = view;
        Start = start;
        Length = length;
    }

    public byte* Start { get; }
    public long Length { get; }

    public static MappedRegion Open(string path)
    {
        var length = new FileInfo(path).Length;
        if (length == 0)
        {
            // An empty file cannot be mapped; there is nothing to read in it anyway.
            return new MappedRegion(null, null, null, 0);
        }
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        return new MappedRegion(file, view, pointer + view.PointerOffset, length);
    }

    ~MappedRegion()
    {
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _file!.Dispose();
        }
    }
}

/// A window on a mapped file: the whole file, or a slice of a compound file. Clones share the map.
internal sealed unsafe class MappedInput : IndexInput
{
    private readonly MappedRegion _region;
    private readonly byte* _start;
    private readonly long _length;
    private long _position;

    public MappedInput(string description, MappedRegion region, long offset, long length)
        : base(description)
    {
        _region = region;
        _start = region.Start + offset;
        _length = length;
    }

    public override long Length => _length;

    public override long Position => _position;

    public override void Seek(long pos)
    {
        if (pos < 0 || pos > _length)
        {
            throw new EndOfStreamException($"Seek to {pos} is outside {this} ({_length} bytes).");
        }
        _position = pos;
    }

    public override byte ReadByte()
    {
        if (_position >= _length)
        {
            throw new EndOfStreamException($"Read past the end of {this}.");
        }
        var value = _start[_position++];
        GC.KeepAlive(_region);
        return value;
    }

    public override void ReadBytes(byte[] b, int offset, int len)
    {
        var source = Take(len);
        source.CopyTo(b.AsSpan(offset, len));
        GC.KeepAlive(_region);
    }

    public override short ReadInt16()
    {
        var value = BinaryPrimitives.ReadInt16BigEndian(Take(sizeof(short)));
        GC.KeepAlive(_region);
        return value;
    }

    public override int ReadInt32()
    {
        var value = BinaryPrimitives.ReadInt32BigEndian(Take(sizeof(int)));
        GC.KeepAlive(_region);
        return value;
    }

    public override long ReadInt64()
    {
        var value = BinaryPrimitives.ReadInt64BigEndian(Take(sizeof(long)));
        GC.KeepAlive(_region);
        return value;
    }

    /// Lucene's variable-length integers: 7 bits a byte, low bits first; read straight from the map
    /// where the longest form fits, since postings and term dictionaries are mostly made of them.
    public override int ReadVInt32()
    {
        if (_length - _position < 5)
        {
            return base.ReadVInt32();
        }
        var p = _start + _position;
        int value = 0, shift = 0, i = 0;
        byte b;
        do
        {
            b = p[i++];
            value |= (b & 0x7F) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0 && i < 5);
        if ((b & 0x80) != 0)
        {
            throw new IOException($"Invalid vInt in {this}.");
        }
        _position += i;
        GC.KeepAlive(_region);
        return value;
    }

    public override long ReadVInt64()
    {
        if (_length - _position < 9)
        {
            return base.ReadVInt64();
        }
        var p = _start + _position;
        long value = 0;
        int shift = 0, i = 0;
        byte b;
        do
        {
            b = p[i++];
            value |= (long)(b & 0x7F) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0 && i < 9);
        if ((b & 0x80) != 0)
        {
            throw new IOException($"Invalid vLong in {this}.");
        }
        _position += i;
        GC.KeepAlive(_region);
        return value;
    }

    /// The next count bytes, moving past them.
    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || _position + count > _length)
        {
            throw new EndOfStreamException($"Read past the end of {this}.");
        }
        var span = new ReadOnlySpan<byte>(_start + _position, count);
        _position += count;
        return span;
    }

    protected override void Dispose(bool disposing)
    {
        // The map is released with the last input that reads it.
    }
}
