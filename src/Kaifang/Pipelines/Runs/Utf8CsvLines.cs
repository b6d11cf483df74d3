using System.Buffers;
using System.Text;

namespace Kaifang.Pipelines.Runs;

/// A run's CSV output made as UTF-8 bytes straight from the cells, without building the text first:
/// each cell is encoded once, into a buffer that the JSON output then reads as well, and copied into
/// the line buffer quoted as <see cref="Storage.CsvRows"/> quotes it (a cell holding a comma, a quote
/// or a line break between quotes, its quotes doubled). The bytes are the ones a UTF-8 StreamWriter
/// writes for CsvRows' text, a lone surrogate included (as U+FFFD).
internal sealed class Utf8CsvLines
{
    private static readonly SearchValues<byte> NeedQuotes = SearchValues.Create(",\"\n\r"u8);

    private byte[] _lines = new byte[1 << 17];
    private byte[] _cell = new byte[1 << 10];
    private int _cellLength;

    /// Bytes of whole lines waiting to be written.
    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Lines => _lines.AsMemory(0, Length);

    /// The lines were written: the buffer starts again.
    public void Clear() => Length = 0;

    /// Encodes <paramref name="text"/> as UTF-8 for <see cref="Field"/>; the bytes stay valid until the next call.
    public ReadOnlySpan<byte> Encode(ReadOnlySpan<char> text)
    {
        var most = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_cell.Length < most)
        {
            _cell = new byte[Math.Max(most, _cell.Length * 2)];
        }
        _cellLength = Encoding.UTF8.GetBytes(text, _cell);
        return _cell.AsSpan(0, _cellLength);
    }

    /// Appends the cell last encoded, after a comma unless it starts the line.
    public void Field(bool first)
    {
        var cell = _cell.AsSpan(0, _cellLength);
        // At most: the comma, two quotes, every byte doubled.
        Reserve(3 + 2 * cell.Length);
        if (!first)
        {
            _lines[Length++] = (byte)',';
        }
        if (cell.IndexOfAny(NeedQuotes) < 0)
        {
            cell.CopyTo(_lines.AsSpan(Length));
            Length += cell.Length;
            return;
        }
        _lines[Length++] = (byte)'"';
        // '"' is one byte in UTF-8 and never part of another character's bytes.
        while (true)
        {
            var quote = cell.IndexOf((byte)'"');
            var part = quote < 0 ? cell : cell[..(quote + 1)];
            part.CopyTo(_lines.AsSpan(Length));
            Length += part.Length;
            if (quote < 0)
            {
                break;
            }
            _lines[Length++] = (byte)'"';
            cell = cell[(quote + 1)..];
        }
        _lines[Length++] = (byte)'"';
    }

    public void EndLine()
    {
        Reserve(2);
        _lines[Length++] = (byte)'\r';
        _lines[Length++] = (byte)'\n';
    }

    /// A whole line of cells (the header).
    public void Line(IReadOnlyList<string> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        for (var i = 0; i < cells.Count; i++)
        {
            Encode(cells[i]);
            Field(i == 0);
        }
        EndLine();
    }

    private void Reserve(int bytes)
    {
        if (Length + bytes > _lines.Length)
        {
            Array.Resize(ref _lines, Math.Max(Length + bytes, _lines.Length * 2));
        }
    }
}
