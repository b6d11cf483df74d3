using System.Text.Json.Serialization;

namespace Kaifang.Pipelines;

/// Leaves out rows whose every cell is empty or only spaces (spreadsheets often end with a few,
/// and agency files separate blocks with them). No settings.
public sealed record DropEmptyRowsStep : PipelineStep
{
    public const string KindName = "drop-empty-rows";

    [JsonIgnore]
    public override string Kind => KindName;

    public override IEnumerable<StepSettingsError> Check(IReadOnlyList<string> columns) => [];

    public override Table Apply(Table table, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.With(rows: table.Rows.Where(r => !r.IsBlank));
    }
}
