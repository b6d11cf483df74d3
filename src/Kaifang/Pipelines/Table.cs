namespace Kaifang.Pipelines;

/// A table as the pipeline steps see it: the header as written, then rows of text read one at a time.
/// Nothing holds more than the row in hand, so a file of any length passes through in bounded memory;
/// the rows can be enumerated once when they come from a file.
public sealed class Table(IReadOnlyList<string> header, IEnumerable<TableRow> rows, string? encodingName = null)
{
    /// The column names, exactly as in the file's first row (blank and repeated names included).
    public IReadOnlyList<string> Header { get; } = header ?? throw new ArgumentNullException(nameof(header));

    public IEnumerable<TableRow> Rows { get; } = rows ?? throw new ArgumentNullException(nameof(rows));

    /// The text encoding the file was read in (e.g. "Big5"), when it was read from bytes.
    public string? EncodingName { get; } = encodingName;

    /// A table from values in memory, rows numbered as in a file: the header is row 1, data from row 2.
    public static Table Of(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new Table(header, rows.Select((cells, i) => new TableRow(i + 2, [.. cells])));
    }

    /// The same header with other rows, or another header with the same kind of rows.
    public Table With(IReadOnlyList<string>? header = null, IEnumerable<TableRow>? rows = null) =>
        new(header ?? Header, rows ?? Rows, EncodingName);

    /// The position of a column, or -1.
    public int IndexOf(string column) => IndexOf(Header, column);

    internal static int IndexOf(IReadOnlyList<string> header, string column)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i], column, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }
}

/// One row: its number in the source (as Frictionless counts: the header is row 1, so the first data row
/// is row 2) and its cells. A row may be shorter or longer than the header when the file was ragged; a
/// missing cell reads as empty. Steps may replace cells in place: each row's array belongs to the row.
/// A cell is a slice of characters, not a string of its own: a CSV's cells point into the text the reader
/// decoded (see <see cref="CellBlocks"/>), so that reading, trimming, checking and writing a cell make no
/// string; a step that changes a value sets the new one. <see cref="this[int]"/> and <see cref="Values"/>
/// give strings, for the few places that keep a value (previews, reports, tests).
public sealed class TableRow
{
    public TableRow(long number, string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        Number = number;
        Cells = new ReadOnlyMemory<char>[cells.Length];
        for (var i = 0; i < cells.Length; i++)
        {
            Cells[i] = (cells[i] ?? "").AsMemory();
        }
    }

    /// A row whose cells are slices of <paramref name="blocks"/>, where values set later go too.
    public TableRow(long number, ReadOnlyMemory<char>[] cells, CellBlocks? blocks = null)
    {
        Number = number;
        Cells = cells ?? throw new ArgumentNullException(nameof(cells));
        _blocks = blocks;
    }

    /// The blocks of the reader that read the row; null when the row was made from strings.
    private readonly CellBlocks? _blocks;

    public long Number { get; }

    /// The cell values; an empty slice is an empty cell.
    public ReadOnlyMemory<char>[] Cells { get; internal set; }

    /// The number of cells, which may differ from the header's.
    public int Width => Cells.Length;

    /// A cell's characters; empty when the row has no such cell.
    public ReadOnlySpan<char> Text(int column) => column < Cells.Length ? Cells[column].Span : default;

    /// A cell as a string (a new one unless the cell was set from a string); "" when the row has no such cell.
    public string this[int column] => column < Cells.Length ? Cells[column].ToString() : "";

    /// Replaces a cell.
    public void Set(int column, string value) => Cells[column] = value.AsMemory();

    /// Replaces a cell with a copy of <paramref name="value"/>: into the reader's blocks, so no string,
    /// when the row was read from a file. Steps run where the rows are read, one row at a time, so the
    /// reader and the steps never add to the blocks at once.
    public void Set(int column, ReadOnlySpan<char> value) =>
        Cells[column] = _blocks is null ? value.ToString().AsMemory() : _blocks.Add(value);

    /// The cells as strings.
    public string[] Values()
    {
        var values = new string[Cells.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Cells[i].ToString();
        }
        return values;
    }

    public bool IsBlank
    {
        get
        {
            foreach (var cell in Cells)
            {
                if (!cell.Span.IsWhiteSpace())
                {
                    return false;
                }
            }
            return true;
        }
    }

    /// A copy that later steps cannot change and that holds no reader's text (for previews).
    public TableRow Copy() => new(Number, Values());
}
