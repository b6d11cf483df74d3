using System.Text.Json;
using Kaifang.Catalog;
using Kaifang.Pipelines;
using Kaifang.Pipelines.Runs;

namespace Kaifang.Web.Pages.Admin.Datasets;

/// The pipeline form's fields, as a browser without JavaScript sends them: the source's settings flat,
/// the steps as a list (Form.Steps[0].Kind, Form.Steps[0].Columns …).
public sealed class PipelineForm
{
    public string SourceKind { get; set; } = "url";
    public string? Url { get; set; }
    public string? Format { get; set; }
    public string? Selector { get; set; }
    public int? TableIndex { get; set; }
    public int? SkipRows { get; set; }
    public int? HeaderRows { get; set; }
    public string? Record { get; set; }
    public string? Connection { get; set; }
    public string? Query { get; set; }

    /// A source file chosen before saving, kept in the store until the form is saved (a file field
    /// cannot be filled again when the page comes back with a change).
    public string? PendingFileHash { get; set; }
    public string? PendingFileName { get; set; }

    public List<StepFields> Steps { get; set; } = [];

    /// The kind of step "Add a step" adds.
    public string? NewKind { get; set; }

    /// Advanced: the steps as JSON, put in place of the list by its own button; and the JSON as the
    /// page showed it, to tell an edit that was not put in place.
    public string? StepsJson { get; set; }
    public string? StepsJsonShown { get; set; }

    public string? Schema { get; set; }
    public List<string> Outputs { get; set; } = [];

    /// manual, frequency or cron.
    public string ScheduleKind { get; set; } = "manual";
    public string? Cron { get; set; }
    public bool Enabled { get; set; }

    public PipelineSource Source(PipelineSource? saved) => new()
    {
        Url = Url,
        Format = Format,
        Selector = Selector,
        TableIndex = TableIndex,
        SkipRows = SkipRows,
        HeaderRows = HeaderRows,
        Record = Record,
        Connection = Connection,
        Query = Query,
        FileHash = saved?.FileHash,
        FileName = saved?.FileName,
    };

    public PipelineInput ToInput(PipelineSource? saved, IReadOnlyList<PipelineStep> steps) => new()
    {
        SourceKind = SourceKind,
        Source = Source(saved),
        Steps = PipelineSteps.Serialize(steps),
        Schema = Schema,
        Outputs = Outputs,
        Schedule = ScheduleKind == "cron" ? Cron : ScheduleKind,
        Enabled = Enabled,
    };

    /// The steps the list describes; what is wrong goes to errors as steps.{position}.{field}.
    public List<PipelineStep>? BuildSteps(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var steps = new List<PipelineStep>();
        for (var i = 0; i < Steps.Count; i++)
        {
            var step = Steps[i].ToStep(out var problems);
            foreach (var problem in problems)
            {
                errors.Add(StepField(i, problem.Field), $"第 {i + 1} 步：{problem.Zh}", $"Step {i + 1}: {problem.En}");
            }
            if (i > 0 && step is DecodeStep)
            {
                errors.Add(StepField(i, "kind"), $"第 {i + 1} 步：「讀取檔案」必須是第一步；請上移到最前面或刪除。", $"Step {i + 1}: 'read the file' must be the first step; move it to the top or remove it.");
            }
            if (step is not null)
            {
                steps.Add(step);
            }
        }
        return errors.IsValid ? steps : null;
    }

    /// The key of a step's field in the errors, e.g. steps.2.columns.
    public static string StepField(int step, string field) => $"steps.{step}.{field}";

    /// The JSON box shows the steps the list describes, when they are complete; otherwise what it held.
    public void ShowJson()
    {
        var steps = BuildSteps(new ValidationErrors());
        if (steps is not null)
        {
            StepsJson = Pretty(PipelineSteps.Serialize(steps));
        }
        StepsJsonShown = StepsJson;
    }

    /// As <see cref="ShowJson"/>, except when the JSON box itself is what is wrong: then it keeps what was typed.
    public void ShowJsonUnlessWrong(ValidationErrors? errors)
    {
        if (errors?.For("stepsJson").Count is null or 0)
        {
            ShowJson();
        }
    }

    /// Whether the JSON box was changed since the page showed it (line breaks as browsers send them aside).
    public bool JsonEdited => Normal(StepsJson) != Normal(StepsJsonShown);

    private static string Normal(string? text) => (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    public static PipelineForm Of(Pipeline p)
    {
        var s = PipelineSource.Parse(p.Source);
        var form = new PipelineForm
        {
            SourceKind = Pipelines.Runs.Pipelines.KindName(p.SourceKind),
            Url = s.Url,
            Format = s.Format,
            Selector = s.Selector,
            TableIndex = s.TableIndex,
            SkipRows = s.SkipRows,
            HeaderRows = s.HeaderRows,
            Record = s.Record,
            Connection = s.Connection,
            Query = s.Query,
            Schema = p.Schema is null ? null : Pretty(p.Schema),
            Outputs = [.. (JsonSerializer.Deserialize<List<PipelineOutput>>(p.Outputs, PipelineSteps.Json) ?? []).Select(o => o.Format)],
            ScheduleKind = p.ScheduleKind switch { PipelineScheduleKind.Cron => "cron", PipelineScheduleKind.Frequency => "frequency", _ => "manual" },
            Cron = p.Cron,
            Enabled = p.Enabled,
        };
        try
        {
            form.Steps = [.. PipelineSteps.Deserialize(p.Steps).Select(StepFields.Of)];
        }
        catch (JsonException)
        {
            // Stored steps changed behind Kaifang's back: shown as they are in the JSON box.
            form.StepsJson = p.Steps;
        }
        return form;
    }

    private static string Pretty(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(doc.RootElement, Indented);
    }

    private static readonly JsonSerializerOptions Indented = new(PipelineSteps.Json) { WriteIndented = true };
}
