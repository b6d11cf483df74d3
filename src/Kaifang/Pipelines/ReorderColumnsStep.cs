using System.Text.Json.Serialization;

namespace Kaifang.Pipelines;

/// Puts columns in a given order. Settings: <c>columns</c>, the order wanted; <c>others</c>, what to do
/// with the columns not listed: "end" (keep them after the listed ones, the default) or "drop".
public sealed record ReorderColumnsStep : PipelineStep
{
    public const string KindName = "reorder-columns";

    [JsonIgnore]
    public override string Kind => KindName;

    public IReadOnlyList<string>? Columns { get; init; }

    public string Others { get; init; } = "end";

    public override IEnumerable<StepSettingsError> Check(IReadOnlyList<string> columns)
    {
        foreach (var error in NoColumns("columns", Columns).Concat(MissingColumns("columns", Columns, columns)))
        {
            yield return error;
        }
        foreach (var repeated in (Columns ?? []).GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return Problem("columns", $"欄位「{repeated.Key}」列了不只一次", $"column '{repeated.Key}' is listed more than once");
        }
        if (Others is not ("end" or "drop"))
        {
            yield return Problem("others", $"others 應為 \"end\" 或 \"drop\"，不是 \"{Others}\"", $"'others' must be \"end\" or \"drop\", not \"{Others}\"");
        }
    }

    public override IReadOnlyList<string> ColumnsAfter(IReadOnlyList<string> columns) =>
        [.. Order(columns).Select(i => columns[i])];

    public override Table Apply(Table table, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(table);
        return ColumnSelection.Apply(table, Order(table.Header));
    }

    private int[] Order(IReadOnlyList<string> columns)
    {
        var listed = Positions(columns, Columns);
        return Others == "drop" ? listed : [.. listed, .. Enumerable.Range(0, columns.Count).Except(listed)];
    }
}

/// Builds rows holding some columns of the input, in a given order; cells past a short row read as empty.
internal static class ColumnSelection
{
    public static Table Apply(Table table, int[] positions) =>
        table.With([.. positions.Select(i => table.Header[i])], Select(table.Rows, positions));

    private static IEnumerable<TableRow> Select(IEnumerable<TableRow> rows, int[] positions)
    {
        foreach (var row in rows)
        {
            var cells = new ReadOnlyMemory<char>[positions.Length];
            for (var i = 0; i < positions.Length; i++)
            {
                cells[i] = positions[i] < row.Width ? row.Cells[positions[i]] : ReadOnlyMemory<char>.Empty;
            }
            row.Cells = cells;
            yield return row;
        }
    }
}
