using System.Text.Json.Serialization;

namespace Kaifang.Pipelines;

/// Removes spaces around values: ordinary and full-width spaces (U+3000, common in Chinese files),
/// no-break spaces, tabs, line breaks, and the zero-width characters copy-and-paste leaves behind.
/// Settings: <c>columns</c> (all when left out), <c>header</c> (trim the column names too; default true).
public sealed record TrimStep : PipelineStep
{
    public const string KindName = "trim";

    [JsonIgnore]
    public override string Kind => KindName;

    public IReadOnlyList<string>? Columns { get; init; }

    public bool Header { get; init; } = true;

    public override IEnumerable<StepSettingsError> Check(IReadOnlyList<string> columns) => MissingColumns("columns", Columns, columns);

    public override IReadOnlyList<string> ColumnsAfter(IReadOnlyList<string> columns) =>
        Header ? [.. columns.Select(Trim)] : columns;

    public override Table Apply(Table table, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(table);
        var positions = Columns is null ? null : Positions(table.Header, Columns);
        return table.With(ColumnsAfter(table.Header), Rows(table.Rows, positions));
    }

    private static IEnumerable<TableRow> Rows(IEnumerable<TableRow> rows, int[]? positions)
    {
        foreach (var row in rows)
        {
            var cells = row.Cells;
            if (positions is null)
            {
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = Trim(cells[i]);
                }
            }
            else
            {
                foreach (var i in positions)
                {
                    if (i < cells.Length)
                    {
                        cells[i] = Trim(cells[i]);
                    }
                }
            }
            yield return row;
        }
    }

    /// The value without surrounding space; the same string when there is none.
    public static string Trim(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = Trim(value.AsMemory());
        return trimmed.Length == value.Length ? value : trimmed.ToString();
    }

    /// The cell without surrounding space: a narrower slice of the same characters, nothing copied.
    public static ReadOnlyMemory<char> Trim(ReadOnlyMemory<char> cell)
    {
        var value = cell.Span;
        if (value.Length == 0 || (!IsSpace(value[0]) && !IsSpace(value[^1])))
        {
            return cell;
        }
        var start = 0;
        var end = value.Length;
        while (start < end && IsSpace(value[start]))
        {
            start++;
        }
        while (end > start && IsSpace(value[end - 1]))
        {
            end--;
        }
        return cell[start..end];
    }

    /// White space as char.IsWhiteSpace says, and the zero-width characters. Above Latin-1 the few spaces
    /// are listed, so that Chinese characters at a cell's ends are not looked up in the Unicode tables.
    private static bool IsSpace(char c) => c <= '\u00FF'
        ? char.IsWhiteSpace(c)
        : c is (>= '\u2000' and <= '\u200D') or '\u1680' or '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000' or '\uFEFF';
}
