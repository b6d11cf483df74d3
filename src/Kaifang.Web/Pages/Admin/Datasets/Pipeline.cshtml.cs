using System.Text.Json;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Pipelines.Runs;
using Kaifang.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static Kaifang.Web.Localization.Lang;

namespace Kaifang.Web.Pages.Admin.Datasets;

/// The pipeline form's fields, flat, as a browser without JavaScript sends them.
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
    public string? Steps { get; set; }
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

    public PipelineInput ToInput(PipelineSource? saved) => new()
    {
        SourceKind = SourceKind,
        Source = Source(saved),
        Steps = Steps,
        Schema = Schema,
        Outputs = Outputs,
        Schedule = ScheduleKind == "cron" ? Cron : ScheduleKind,
        Enabled = Enabled,
    };

    public static PipelineForm Of(Pipeline p)
    {
        var s = PipelineSource.Parse(p.Source);
        return new PipelineForm
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
            Steps = Pretty(p.Steps),
            Schema = p.Schema is null ? null : Pretty(p.Schema),
            Outputs = [.. (JsonSerializer.Deserialize<List<PipelineOutput>>(p.Outputs, Kaifang.Pipelines.PipelineSteps.Json) ?? []).Select(o => o.Format)],
            ScheduleKind = p.ScheduleKind switch { PipelineScheduleKind.Cron => "cron", PipelineScheduleKind.Frequency => "frequency", _ => "manual" },
            Cron = p.Cron,
            Enabled = p.Enabled,
        };
    }

    private static string Pretty(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(doc.RootElement, Indented);
    }

    private static readonly JsonSerializerOptions Indented = new(Kaifang.Pipelines.PipelineSteps.Json) { WriteIndented = true };
}

/// A resource's pipeline in the back office: the form (source, steps, schema, outputs, schedule), a
/// preview of each step's first rows, run now, the runs with their reports, and the versions.
public sealed class PipelineModel(AgencyDirectory agencies, KaifangDbContext db, Pipelines.Runs.Pipelines pipelines, PipelinePreviews previews, PipelineRunner runner,
    DatabaseConnections connections, IOptions<PipelineOptions> options, IHostApplicationLifetime lifetime) : StaffPageModel(agencies)
{
    public const int RunsShown = 20;

    [BindProperty]
    public PipelineForm Form { get; set; } = new();

    public Dataset Dataset { get; private set; } = null!;
    public Resource Resource { get; private set; } = null!;
    public Pipeline? Pipeline { get; private set; }
    public PipelineSource? SavedSource { get; private set; }
    public List<PipelineRun> Runs { get; private set; } = [];
    public List<ResourceVersion> Versions { get; private set; } = [];
    public IReadOnlyList<(string Name, string Title)> Connections { get; private set; } = [];
    public ValidationErrors? Errors { get; private set; }
    public PipelinePreviewResult? Preview { get; private set; }
    public string? ImpliedSchedule { get; private set; }

    public async Task<IActionResult> OnGetAsync(string name, Guid resourceId, CancellationToken ct)
    {
        var outcome = await LoadAsync(name, resourceId, ct);
        if (outcome is not null)
        {
            return outcome;
        }
        Form = Pipeline is null ? new PipelineForm { Enabled = true, Steps = "[\n  {\"kind\": \"decode\", \"encoding\": \"auto\"},\n  {\"kind\": \"trim\"},\n  {\"kind\": \"drop-empty-rows\"}\n]" } : PipelineForm.Of(Pipeline);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string name, Guid resourceId, IFormFile? sourceFile, CancellationToken ct)
    {
        var outcome = await LoadAsync(name, resourceId, ct);
        if (outcome is not null)
        {
            return outcome;
        }
        var saved = SavedSource;
        if (sourceFile is { Length: > 0 })
        {
            await using var content = sourceFile.OpenReadStream();
            var stored = await pipelines.StoreSourceFileAsync(Staff, name, resourceId, new UploadedFile(sourceFile.FileName, sourceFile.ContentType, content), ct);
            if (!stored.Succeeded)
            {
                return Invalid(stored.Errors);
            }
            saved = stored.Value;
            Form.SourceKind = "upload";
            Form.Format = stored.Value!.Format;
        }
        var result = await pipelines.SaveAsync(Staff, name, resourceId, Form.ToInput(saved), ct);
        switch (result.Outcome)
        {
            case CatalogOutcome.Ok:
                TempData["Message"] = T("已儲存自動更新設定。", "The pipeline was saved.");
                return Redirect(PagePath(name, resourceId));
            case CatalogOutcome.Invalid:
                return Invalid(result.Errors);
            case CatalogOutcome.Forbidden:
                return Forbid();
            default:
                return NotFound();
        }
    }

    private Microsoft.AspNetCore.Mvc.RazorPages.PageResult Invalid(ValidationErrors? errors)
    {
        Errors = errors;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(string name, Guid resourceId, CancellationToken ct)
    {
        var outcome = await LoadAsync(name, resourceId, ct);
        if (outcome is not null)
        {
            return outcome;
        }
        var kind = Pipelines.Runs.Pipelines.ParseKind(Form.SourceKind) ?? PipelineSourceKind.Url;
        var source = Form.Source(SavedSource);
        var errors = source.Validate(kind);
        if (!errors.IsValid)
        {
            return Invalid(errors);
        }
        Preview = await previews.PreviewAsync(kind, source, Form.Steps ?? "[]", Dataset.AgencyId, Resource.Encoding, 10, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRunAsync(string name, Guid resourceId, CancellationToken ct)
    {
        var outcome = await LoadAsync(name, resourceId, ct);
        if (outcome is not null)
        {
            return outcome;
        }
        if (Pipeline is null)
        {
            return NotFound();
        }
        try
        {
            var run = await runner.RunAsync(Pipeline.Id, Staff.UserName, lifetime.ApplicationStopping);
            TempData["Message"] = T($"執行完成：{StatusText(run.Status)}。", $"Run finished: {StatusText(run.Status)}.");
        }
        catch (PipelineAlreadyRunningException)
        {
            TempData["Message"] = T("這個自動更新正在執行中，請待完成後再試。", "The pipeline is running already; try again when it has finished.");
        }
        return Redirect(PagePath(name, resourceId) + "#runs-heading");
    }

    public async Task<IActionResult> OnPostDeleteAsync(string name, Guid resourceId, CancellationToken ct)
    {
        var result = await pipelines.DeleteAsync(Staff, name, resourceId, ct);
        switch (result.Outcome)
        {
            case CatalogOutcome.Ok:
                TempData["Message"] = T("已移除自動更新；資料資源的檔案與歷次版本都保留。", "The pipeline was removed; the resource's file and its versions stay.");
                return Redirect($"/admin/datasets/{name}");
            case CatalogOutcome.Forbidden:
                return Forbid();
            default:
                return NotFound();
        }
    }

    public static string PagePath(string name, Guid resourceId) => $"/admin/datasets/{name}/resources/{resourceId}/pipeline";

    public static string StatusText(PipelineRunStatus status) => status switch
    {
        PipelineRunStatus.Running => T("執行中", "running"),
        PipelineRunStatus.Succeeded => T("已發布新版本", "new version published"),
        PipelineRunStatus.Unchanged => T("內容未變，未發布", "unchanged, nothing published"),
        PipelineRunStatus.Invalid => T("資料未通過檢查，未發布", "invalid, nothing published"),
        _ => T("失敗，未發布", "failed, nothing published"),
    };

    private async Task<IActionResult?> LoadAsync(string name, Guid resourceId, CancellationToken ct)
    {
        var found = await pipelines.FindAsync(Staff, name, resourceId, ct);
        switch (found.Outcome)
        {
            case CatalogOutcome.Forbidden:
                return Forbid();
            case CatalogOutcome.NotFound:
                return NotFound();
            case CatalogOutcome.Invalid:
                TempData["Message"] = string.Join(" ", found.Errors!.Fields.SelectMany(f => found.Errors.For(f)).Select(m => m.In(IsEnglish)));
                return Redirect($"/admin/datasets/{name}");
        }
        var lowered = name.ToLowerInvariant();
        Dataset = await db.Datasets.AsNoTracking().Include(d => d.Resources).FirstAsync(d => d.Name == lowered, ct);
        Resource = Dataset.Resources.First(r => r.Id == resourceId);
        Pipeline = found.Value?.Pipeline;
        SavedSource = Pipeline is null ? null : PipelineSource.Parse(Pipeline.Source);
        if (Pipeline is not null)
        {
            Runs = await db.PipelineRuns.AsNoTracking().Where(r => r.PipelineId == Pipeline.Id).OrderByDescending(r => r.StartedAt).Take(RunsShown).ToListAsync(ct);
        }
        Versions = await db.ResourceVersions.AsNoTracking().Where(v => v.ResourceId == resourceId).OrderByDescending(v => v.Number).ToListAsync(ct);
        Connections = await connections.UsableAsync(Dataset.AgencyId, ct);
        ImpliedSchedule = PipelineSchedules.CronOf(Dataset.UpdateFrequency, options.Value.FrequencyHour);
        return null;
    }
}
