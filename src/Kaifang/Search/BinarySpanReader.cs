using System.Buffers.Binary;
using System.Text;

namespace Kaifang.Search;

/// Reads what BinaryWriter wrote: 7-bit encoded lengths and numbers, UTF-8 strings; the index's binary
/// values (CatalogSchema's hits, DatasetRecord) are read with it.
internal ref struct BinarySpanReader(ReadOnlySpan<byte> bytes)
{
    private ReadOnlySpan<byte> _rest = bytes;
    private readonly int _length = bytes.Length;

    public readonly ReadOnlySpan<byte> Rest => _rest;

    /// How many bytes have been read.
    public readonly int At => _length - _rest.Length;

    public ReadOnlySpan<byte> Take(int count)
    {
        var taken = _rest[..count];
        _rest = _rest[count..];
        return taken;
    }

    public byte Byte() => Take(1)[0];

    public int Count()
    {
        int value = 0, shift = 0;
        byte b;
        do
        {
            b = Byte();
            value |= (b & 0x7F) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);
        return value;
    }

    public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public Guid Guid() => new(Take(16));

    public string String() => Encoding.UTF8.GetString(Take(Count()));

    public string? Text() => Byte() != 0 ? String() : null;

    public DateTimeOffset? Time() => Byte() != 0 ? new DateTimeOffset(Int64(), TimeSpan.Zero) : null;

    public DateOnly? Date() => Byte() != 0 ? DateOnly.FromDayNumber(Count()) : null;

    public Guid? Id() => Byte() != 0 ? Guid() : null;
}
