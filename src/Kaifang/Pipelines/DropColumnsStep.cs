using System.Text.Json.Serialization;

namespace Kaifang.Pipelines;

/// Leaves columns out of the published table, e.g. one holding personal data that is not needed.
/// Settings: <c>columns</c>.
public sealed record DropColumnsStep : PipelineStep
{
    public const string KindName = "drop-columns";

    [JsonIgnore]
    public override string Kind => KindName;

    public IReadOnlyList<string>? Columns { get; init; }

    public override IEnumerable<StepSettingsError> Check(IReadOnlyList<string> columns)
    {
        foreach (var error in NoColumns("columns", Columns).Concat(MissingColumns("columns", Columns, columns)))
        {
            yield return error;
        }
        if (Columns is { Count: > 0 } && columns.All(c => Columns.Contains(c)))
        {
            yield return Problem("columns", "不能刪除所有欄位", "cannot drop every column");
        }
    }

    public override IReadOnlyList<string> ColumnsAfter(IReadOnlyList<string> columns) =>
        [.. Kept(columns).Select(i => columns[i])];

    public override Table Apply(Table table, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(table);
        return ColumnSelection.Apply(table, Kept(table.Header));
    }

    private int[] Kept(IReadOnlyList<string> columns) =>
        [.. Enumerable.Range(0, columns.Count).Where(i => Columns is null || !Columns.Contains(columns[i]))];
}
