using System.Text.Json.Serialization;

namespace Kaifang.Pipelines;

/// Replaces codes with their labels, a dictionary per column, e.g.
/// <c>{"kind":"map-codes","maps":{"性別":{"1":"男","2":"女"}},"unmapped":"flag"}</c>.
/// Settings: <c>maps</c>, column → (code → label); <c>unmapped</c>: "keep" (leave a code with no label
/// as it is, the default) or "flag" (leave it and report its row and column). Empty cells stay empty.
public sealed record MapCodesStep : PipelineStep
{
    public const string KindName = "map-codes";

    [JsonIgnore]
    public override string Kind => KindName;

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? Maps { get; init; }

    public string Unmapped { get; init; } = "keep";

    public override IEnumerable<StepSettingsError> Check(IReadOnlyList<string> columns)
    {
        if (Unmapped is not ("keep" or "flag"))
        {
            yield return Problem("unmapped", $"unmapped 應為 \"keep\" 或 \"flag\"，不是 \"{Unmapped}\"", $"'unmapped' must be \"keep\" or \"flag\", not \"{Unmapped}\"");
        }
        if (Maps is null || Maps.Count == 0)
        {
            yield return Problem("maps", "請在 maps 為至少一個欄位寫出「代碼: 名稱」", "give at least one column with its 'code': 'label' pairs in 'maps'");
            yield break;
        }
        foreach (var error in MissingColumns("maps", Maps.Keys, columns))
        {
            yield return error;
        }
        foreach (var (column, map) in Maps)
        {
            if (map is null || map.Count == 0)
            {
                yield return Problem("maps", $"欄位「{column}」沒有任何代碼", $"column '{column}' has no codes to map");
            }
        }
    }

    public override Table Apply(Table table, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(context);
        var maps = (Maps ?? new Dictionary<string, IReadOnlyDictionary<string, string>>())
            .Select(m => (Position: table.IndexOf(m.Key), Map: m.Value))
            .Where(m => m.Position >= 0 && m.Map is not null)
            .ToArray();
        return table.With(rows: Rows(table.Rows, table.Header, maps, context));
    }

    private IEnumerable<TableRow> Rows(IEnumerable<TableRow> rows, IReadOnlyList<string> header, (int Position, IReadOnlyDictionary<string, string> Map)[] maps, StepContext context)
    {
        var flag = Unmapped == "flag";
        foreach (var row in rows)
        {
            foreach (var (i, map) in maps)
            {
                if (i >= row.Cells.Length || row.Cells[i].Length == 0)
                {
                    continue;
                }
                var code = row[i];
                if (map.TryGetValue(code, out var label))
                {
                    row.Set(i, label);
                }
                else if (flag)
                {
                    context.Report(Kind, "unmapped-code", IssueSeverity.Warning, row.Number, header[i], code,
                        $"第 {row.Number} 列「{header[i]}」的代碼「{code}」沒有對應的名稱",
                        $"row {row.Number}, column '{header[i]}': code '{code}' has no label");
                }
            }
            yield return row;
        }
    }
}
