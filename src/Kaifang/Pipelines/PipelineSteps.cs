using System.Text.Encodings.Web;
using System.Text.Json;

namespace Kaifang.Pipelines;

/// Runs a resource's cleaning steps: checks their settings, applies them in order to a table of any
/// length without holding it in memory, and previews what each does to the first rows.
public static class PipelineSteps
{
    /// The JSON the steps are stored and exchanged in: camelCase settings, a "kind" on each step,
    /// Chinese written as is.
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        RespectNullableAnnotations = true,
    };

    public static string Serialize(IReadOnlyList<PipelineStep> steps) => JsonSerializer.Serialize(steps, Json);

    /// The steps from their JSON; a <see cref="JsonException"/> says where the JSON is wrong (an unknown kind included).
    public static IReadOnlyList<PipelineStep> Deserialize(string json) =>
        JsonSerializer.Deserialize<List<PipelineStep>>(json, Json) ?? [];

    /// Every settings error of the pipeline, for a table with the given header: each step is checked
    /// against the columns the steps before it leave.
    public static IReadOnlyList<StepSettingsError> Check(IReadOnlyList<string> header, IReadOnlyList<PipelineStep> steps)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(steps);
        var errors = new List<StepSettingsError>();
        var columns = header;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (step is DecodeStep && i > 0)
            {
                errors.Add(new StepSettingsError(step.Kind, "kind", "decode：decode 必須是第一個步驟", "decode: decode must be the first step") { Step = i });
            }
            errors.AddRange(step.Check(columns).Select(e => e with { Step = i }));
            columns = step.ColumnsAfter(columns);
        }
        return errors;
    }

    /// Reads a file as the pipeline's decode step says (auto-detected CSV when it has none).
    public static Task<Table> OpenAsync(Func<Stream> open, IReadOnlyList<PipelineStep> steps, string? declaredEncoding = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(steps);
        return TableReader.OpenAsync(open, steps.OfType<DecodeStep>().FirstOrDefault(), declaredEncoding, cancellationToken);
    }

    /// The table after every step, computed as its rows are read; what the steps notice goes to the log.
    /// Throws <see cref="PipelineSettingsException"/> when a step's settings do not fit the table.
    public static Table Apply(Table table, IReadOnlyList<PipelineStep> steps, PipelineLog log)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(log);
        var errors = Check(table.Header, steps);
        if (errors.Count > 0)
        {
            throw new PipelineSettingsException(errors);
        }
        for (var i = 0; i < steps.Count; i++)
        {
            table = steps[i].Apply(table, new StepContext(i, log));
        }
        return table;
    }

    /// The first rows of the table as they are after each step, with what each step noticed in them, and
    /// a warning for each column of the result that looks like unmasked personal data. A step whose
    /// settings do not fit ends the preview there, with its errors. Rows a filter leaves out are not
    /// replaced by later ones: the preview shows what happens to the first rows.
    public static PipelinePreview Preview(Table table, IReadOnlyList<PipelineStep> steps, int rows = 20)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        List<TableRow> source = [.. table.Rows.Take(rows).Select(r => r.Copy())];
        var current = source;
        var header = table.Header;
        var stages = new List<StepPreview>();
        var errors = new List<StepSettingsError>();
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var problems = Check(header, [step]).Select(e => e with { Step = i }).ToList();
            if (step is DecodeStep && i > 0)
            {
                problems.Add(new StepSettingsError(step.Kind, "kind", "decode：decode 必須是第一個步驟", "decode: decode must be the first step") { Step = i });
            }
            if (problems.Count > 0)
            {
                errors.AddRange(problems);
                break;
            }
            var log = new PipelineLog();
            // Steps change cells in place: each works on copies, so every stage keeps its own rows.
            var after = step.Apply(new Table(header, current.Select(r => r.Copy()), table.EncodingName), new StepContext(i, log));
            current = [.. after.Rows];
            header = after.Header;
            stages.Add(new StepPreview(i, step.Kind, header, current, log.Issues, log.Count));
        }
        var personal = errors.Count == 0 ? PersonalDataScan.Run(header, current) : [];
        return new PipelinePreview(table.Header, source, stages, errors, personal);
    }
}

/// What a pipeline does to the first rows of a table.
public sealed record PipelinePreview(
    IReadOnlyList<string> SourceColumns,
    IReadOnlyList<TableRow> SourceRows,
    IReadOnlyList<StepPreview> Steps,
    IReadOnlyList<StepSettingsError> SettingsErrors,
    IReadOnlyList<PersonalDataFinding> PersonalData)
{
    public bool CanRun => SettingsErrors.Count == 0;
}

/// The first rows after one step, and what the step noticed in them.
public sealed record StepPreview(int Step, string Kind, IReadOnlyList<string> Columns, IReadOnlyList<TableRow> Rows, IReadOnlyList<PipelineIssue> Issues, long IssueCount);
