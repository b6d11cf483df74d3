using Kaifang.Search;
using Lucene.Net.Store;

namespace Kaifang.Tests.Search;

/// The index's memory-mapped reader gives back exactly what Lucene wrote, through clones and
/// slices, and refuses to read past the end.
public sealed class MappedDirectoryTests : IDisposable
{
    private readonly DirectoryInfo _path = System.IO.Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "kaifang-mapped", Guid.NewGuid().ToString("N")));

    public void Dispose() => _path.Delete(recursive: true);

    private MappedDirectory Write(string name, Action<IndexOutput> write)
    {
        var directory = new MappedDirectory(_path);
        using (var output = directory.CreateOutput(name, IOContext.DEFAULT))
        {
            write(output);
        }
        return directory;
    }

    [Fact]
    public void A_merge_reads_through_the_file_system_not_a_map_and_gets_the_same_bytes()
    {
        using var directory = Write("segment.bin", o =>
        {
            o.WriteInt64(42);
            o.WriteString("職業災害統計");
        });
        var merge = new IOContext(new MergeInfo(1, 100, isExternal: false, mergeMaxNumSegments: 1));

        using var searched = directory.OpenInput("segment.bin", IOContext.READ);
        using var merged = directory.OpenInput("segment.bin", merge);
        using var slicer = directory.CreateSlicer("segment.bin", merge);
        using var slice = slicer.OpenSlice("whole", 0, directory.FileLength("segment.bin"));

        Assert.IsType<MappedInput>(searched);
        Assert.IsNotType<MappedInput>(merged);
        Assert.IsNotType<MappedInput>(slice);
        foreach (var input in new[] { searched, merged, slice })
        {
            Assert.Equal(42, input.ReadInt64());
            Assert.Equal("職業災害統計", input.ReadString());
        }
    }

    [Fact]
    public void Reads_back_what_lucene_wrote_in_its_byte_order()
    {
        using var directory = Write("numbers.bin", o =>
        {
            o.WriteByte(7);
            o.WriteInt16(-12345);
            o.WriteInt32(0x01020304);
            o.WriteInt64(-0x0102030405060708);
            o.WriteVInt32(300);
            o.WriteVInt32(-1);
            o.WriteVInt32(int.MaxValue);
            o.WriteVInt64(1L << 40);
            o.WriteVInt64(long.MaxValue);
            o.WriteString("勞工保險");
            o.WriteVInt32(int.MaxValue);
        });
        using var input = directory.OpenInput("numbers.bin", IOContext.DEFAULT);
        Assert.Equal(7, input.ReadByte());
        Assert.Equal(-12345, input.ReadInt16());
        Assert.Equal(0x01020304, input.ReadInt32());
        Assert.Equal(-0x0102030405060708, input.ReadInt64());
        Assert.Equal(300, input.ReadVInt32());
        Assert.Equal(-1, input.ReadVInt32());
        Assert.Equal(int.MaxValue, input.ReadVInt32());
        Assert.Equal(1L << 40, input.ReadVInt64());
        Assert.Equal(long.MaxValue, input.ReadVInt64());
        Assert.Equal("勞工保險", input.ReadString());
        // The last value ends the file: read byte by byte.
        Assert.Equal(int.MaxValue, input.ReadVInt32());
        Assert.Equal(input.Length, input.Position);
        Assert.Throws<EndOfStreamException>(() => input.ReadByte());
    }

    [Fact]
    public void Clones_keep_their_own_position_and_slices_their_own_bounds()
    {
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        using var directory = Write("bytes.bin", o => o.WriteBytes(bytes, bytes.Length));
        using var input = directory.OpenInput("bytes.bin", IOContext.DEFAULT);
        input.Seek(10);
        var clone = (IndexInput)input.Clone();
        clone.Seek(200);
        Assert.Equal(10, input.ReadByte());
        Assert.Equal(200, clone.ReadByte());

        using var slicer = directory.CreateSlicer("bytes.bin", IOContext.DEFAULT);
        using var slice = slicer.OpenSlice("middle", 100, 50);
        Assert.Equal(50, slice.Length);
        var read = new byte[50];
        slice.ReadBytes(read, 0, 50);
        Assert.Equal(bytes[100..150], read);
        Assert.Throws<EndOfStreamException>(() => slice.ReadByte());
        Assert.Throws<EndOfStreamException>(() => slice.Seek(51));
        Assert.Throws<ArgumentException>(() => slicer.OpenSlice("past the end", 250, 10));
    }

    [Fact]
    public void The_datasets_records_are_read_at_their_positions_not_mapped_through_clones_and_past_the_buffer()
    {
        // Larger than the read buffer, so that reads are served from it, refilled and made directly.
        var bytes = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();
        var name = "_5" + RecordsDocValuesFormat.FileMarker + "0.dvd";
        using var directory = Write(name, o =>
        {
            o.WriteString("勞工保險");
            o.WriteBytes(bytes, bytes.Length);
        });
        using var input = directory.OpenInput(name, IOContext.READ);
        Assert.IsType<PositionalInput>(input);
        Assert.Equal("勞工保險", input.ReadString());
        var start = input.Position;

        var clone = (IndexInput)input.Clone();
        clone.Seek(start + 4000);
        Assert.Equal(bytes[4000], clone.ReadByte());
        var all = new byte[bytes.Length];
        input.ReadBytes(all, 0, all.Length);
        Assert.Equal(bytes, all);
        Assert.Equal(bytes[4001], clone.ReadByte());

        input.Seek(start + 1020);
        var across = new byte[10];
        input.ReadBytes(across, 0, 10);
        Assert.Equal(bytes[1020..1030], across);
        Assert.Throws<EndOfStreamException>(() => clone.ReadBytes(new byte[1000], 0, 1000));
    }

    [Fact]
    public void An_empty_file_opens_and_has_nothing_to_read()
    {
        using var directory = Write("empty.bin", _ => { });
        using var input = directory.OpenInput("empty.bin", IOContext.DEFAULT);
        Assert.Equal(0, input.Length);
        Assert.Throws<EndOfStreamException>(() => input.ReadByte());
    }
}
