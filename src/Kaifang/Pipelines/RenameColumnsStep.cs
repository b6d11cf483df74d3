using System.Text.Json.Serialization;

namespace Kaifang.Pipelines;

/// Gives columns new names. Settings: <c>names</c>, old name → new name,
/// e.g. <c>{"kind":"rename-columns","names":{"縣市別":"縣市"}}</c>.
public sealed record RenameColumnsStep : PipelineStep
{
    public const string KindName = "rename-columns";

    [JsonIgnore]
    public override string Kind => KindName;

    public IReadOnlyDictionary<string, string>? Names { get; init; }

    public override IEnumerable<StepSettingsError> Check(IReadOnlyList<string> columns)
    {
        if (Names is null || Names.Count == 0)
        {
            yield return Problem("names", "請在 names 寫出「原欄位名稱: 新欄位名稱」", "give at least one 'old name': 'new name' pair in 'names'");
            yield break;
        }
        foreach (var error in MissingColumns("names", Names.Keys, columns))
        {
            yield return error;
        }
        foreach (var (from, to) in Names)
        {
            if (string.IsNullOrWhiteSpace(to))
            {
                yield return Problem("names", $"欄位「{from}」的新名稱是空白的", $"the new name of column '{from}' is blank");
            }
        }
        var after = ColumnsAfter(columns);
        foreach (var repeated in after.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return Problem("names", $"改名後有兩個欄位都叫「{repeated.Key}」", $"after renaming, more than one column is named '{repeated.Key}'");
        }
    }

    public override IReadOnlyList<string> ColumnsAfter(IReadOnlyList<string> columns) =>
        Names is null ? columns : [.. columns.Select(c => Names.TryGetValue(c, out var to) ? to : c)];

    public override Table Apply(Table table, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.With(header: ColumnsAfter(table.Header));
    }
}
