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
public sealed class TableRow(long number, string[] cells)
{
    public long Number { get; } = number;

    /// The cell values; an empty string is an empty cell.
    public string[] Cells { get; internal set; } = cells ?? throw new ArgumentNullException(nameof(cells));

    public string this[int column] => column < Cells.Length ? Cells[column] : "";

    public bool IsBlank
    {
        get
        {
            foreach (var cell in Cells)
            {
                if (!string.IsNullOrWhiteSpace(cell))
                {
                    return false;
                }
            }
            return true;
        }
    }

    /// A copy that later steps cannot change (for previews).
    public TableRow Copy() => new(Number, [.. Cells]);
}
