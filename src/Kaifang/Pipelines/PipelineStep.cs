using System.Text.Json.Serialization;

namespace Kaifang.Pipelines;

/// One step of a resource's pipeline, stored as JSON with its kind, e.g.
/// <c>{"kind":"rename-columns","names":{"年度":"year"}}</c> (docs/pipelines.md lists every kind and its settings).
/// A step checks its own settings against the columns that reach it, and turns rows into rows lazily:
/// nothing is read until the rows are enumerated, and only one row is in hand at a time.
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(DecodeStep), DecodeStep.KindName)]
[JsonDerivedType(typeof(TrimStep), TrimStep.KindName)]
[JsonDerivedType(typeof(DropEmptyRowsStep), DropEmptyRowsStep.KindName)]
[JsonDerivedType(typeof(RenameColumnsStep), RenameColumnsStep.KindName)]
[JsonDerivedType(typeof(ReorderColumnsStep), ReorderColumnsStep.KindName)]
[JsonDerivedType(typeof(DropColumnsStep), DropColumnsStep.KindName)]
[JsonDerivedType(typeof(MaskColumnsStep), MaskColumnsStep.KindName)]
[JsonDerivedType(typeof(ConvertRocDatesStep), ConvertRocDatesStep.KindName)]
[JsonDerivedType(typeof(ConvertNumbersStep), ConvertNumbersStep.KindName)]
[JsonDerivedType(typeof(MapCodesStep), MapCodesStep.KindName)]
[JsonDerivedType(typeof(FilterRowsStep), FilterRowsStep.KindName)]
public abstract record PipelineStep
{
    /// The step's kind as written in its JSON ("trim", "convert-roc-dates", …).
    [JsonIgnore]
    public abstract string Kind { get; }

    /// What is wrong with the settings, given the columns that reach the step; empty when it can run.
    public abstract IEnumerable<StepSettingsError> Check(IReadOnlyList<string> columns);

    /// The columns after the step.
    public virtual IReadOnlyList<string> ColumnsAfter(IReadOnlyList<string> columns) => columns;

    /// The table after the step; its rows are computed as they are read.
    public abstract Table Apply(Table table, StepContext context);

    /// A settings error of this step, the message starting with the step's kind.
    protected StepSettingsError Problem(string field, string zh, string en) =>
        new(Kind, field, $"{Kind}：{zh}", $"{Kind}: {en}");

    /// Errors for each named column that is not among the columns, listing those there are.
    protected IEnumerable<StepSettingsError> MissingColumns(string field, IEnumerable<string>? names, IReadOnlyList<string> columns)
    {
        foreach (var name in names ?? [])
        {
            if (Table.IndexOf(columns, name) < 0)
            {
                yield return ColumnNotInTable(field, name, columns);
            }
        }
    }

    protected StepSettingsError ColumnNotInTable(string field, string name, IReadOnlyList<string> columns) => Problem(field,
        $"欄位「{name}」不在表格中；現有欄位為 {string.Join("、", columns)}",
        $"column '{name}' is not in the table; columns are {string.Join(", ", columns)}");

    protected IEnumerable<StepSettingsError> NoColumns(string field, IReadOnlyCollection<string>? names)
    {
        if (names is null || names.Count == 0)
        {
            yield return Problem(field, $"請在 {field} 列出至少一個欄位", $"list at least one column in '{field}'");
        }
    }

    /// Positions of the named columns; names not in the header are skipped (Check has reported them).
    protected static int[] Positions(IReadOnlyList<string> header, IEnumerable<string>? names) =>
        [.. (names ?? []).Select(n => Table.IndexOf(header, n)).Where(i => i >= 0).Distinct()];
}

/// A setting a step cannot run with: the settings field to fix, and what to do, in Chinese and English.
public sealed record StepSettingsError(string Kind, string Field, string Zh, string En)
{
    /// The step's position in the pipeline, 0-based; set when a whole pipeline is checked.
    public int Step { get; init; }

    public override string ToString() => En;
}

/// Where a step is in its pipeline, and the log its issues go to.
public sealed class StepContext(int step, PipelineLog log)
{
    public int Step { get; } = step;

    public PipelineLog Log { get; } = log ?? throw new ArgumentNullException(nameof(log));

    public void Report(string kind, string code, IssueSeverity severity, long? row, string? column, string? value, string zh, string en) =>
        Log.Add(new PipelineIssue(Step, kind, code, severity, row, column, value, zh, en));
}

/// A pipeline that cannot run as set up; the errors say which step and field to fix.
public sealed class PipelineSettingsException(IReadOnlyList<StepSettingsError> errors)
    : Exception(string.Join(Environment.NewLine, errors.Select(e => $"step {e.Step + 1}: {e.En}")))
{
    public IReadOnlyList<StepSettingsError> Errors { get; } = errors;
}
