using System.Text.Json;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Pipelines;
using Kaifang.Pipelines.Runs;
using Kaifang.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static Kaifang.Web.Localization.Lang;

namespace Kaifang.Web.Pages.Admin.Datasets;

/// A resource's pipeline in the back office: the form (source, steps, schema, outputs, schedule), a
/// preview of each step's first rows, run now, the runs with their reports, and the versions.
/// The steps are edited as a list without JavaScript: add, remove, move and change kind are submit
/// buttons (edit=add, remove:2, up:2 …) that come back with the change and every other value as typed;
/// nothing is saved until Save.
public sealed class PipelineModel(AgencyDirectory agencies, KaifangDbContext db, Pipelines.Runs.Pipelines pipelines, PipelinePreviews previews, PipelineRunner runner,
    DatabaseConnections connections, IOptions<PipelineOptions> options, IHostApplicationLifetime lifetime) : StaffPageModel(agencies)
{
    public const int RunsShown = 20;

    /// At most this many steps, and rows in a step's list of pairs.
    public const int MaxSteps = 50;
    public const int MaxRows = 200;

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

    /// The preview stops after this step (0-based), when asked from a step's own button.
    public int? PreviewUpTo { get; private set; }

    /// What the last edit of the list did, for the status line; and the control that has the focus after it.
    public string? EditMessage { get; private set; }
    public string? FocusId { get; private set; }

    public async Task<IActionResult> OnGetAsync(string name, Guid resourceId, CancellationToken ct)
    {
        var outcome = await LoadAsync(name, resourceId, ct);
        if (outcome is not null)
        {
            return outcome;
        }
        Form = Pipeline is null
            ? new PipelineForm { Enabled = true, Steps = [StepFields.New(DecodeStep.KindName), StepFields.New(TrimStep.KindName), StepFields.New(DropEmptyRowsStep.KindName)] }
            : PipelineForm.Of(Pipeline);
        if (Form.StepsJson is { } unreadable)
        {
            // The stored steps could not be read into the list: shown as stored, to be put right.
            Form.StepsJsonShown = unreadable;
            Errors = new ValidationErrors();
            Errors.Add("stepsJson", "儲存的步驟無法讀取，請修正下方的 JSON 後按「以 JSON 取代步驟」。", "The stored steps cannot be read; correct the JSON below and press 'Replace the steps with this JSON'.");
        }
        else
        {
            Form.ShowJson();
        }
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string name, Guid resourceId, IFormFile? sourceFile, CancellationToken ct)
    {
        var outcome = await LoadAsync(name, resourceId, ct);
        if (outcome is not null)
        {
            return outcome;
        }
        var errors = new ValidationErrors();
        var steps = Form.BuildSteps(errors);
        if (Form.JsonEdited)
        {
            errors.Add("stepsJson", "JSON 已修改但尚未套用：請按「以 JSON 取代步驟」，或把 JSON 改回原樣。上方的步驟清單才是要儲存的內容。",
                "The JSON was changed but not put in place: press 'Replace the steps with this JSON', or change it back. The list of steps above is what is saved.");
        }
        if (!errors.IsValid)
        {
            // A file chosen with the rest is kept, so that it need not be chosen again.
            await StageAsync(name, resourceId, sourceFile, errors, ct);
            return Invalid(errors);
        }
        var saved = SavedWithPending();
        if (sourceFile is { Length: > 0 })
        {
            await using var content = sourceFile.OpenReadStream();
            var stored = await pipelines.StoreSourceFileAsync(Staff, name, resourceId, new UploadedFile(sourceFile.FileName, sourceFile.ContentType, content), ct);
            if (!stored.Succeeded)
            {
                return Invalid(stored.Errors);
            }
            saved = stored.Value!;
            Form.SourceKind = "upload";
            Form.Format = saved.Format;
            // Should the settings not pass, the form still holds the file.
            Form.PendingFileHash = saved.FileHash;
            Form.PendingFileName = saved.FileName;
        }
        var result = await pipelines.SaveAsync(Staff, name, resourceId, Form.ToInput(saved, steps!), ct);
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

    private PageResult Invalid(ValidationErrors? errors)
    {
        Errors = errors;
        Form.ShowJsonUnlessWrong(errors);
        FocusId ??= "form-errors";
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// Changes the list of steps (edit: add, remove:N, up:N, down:N, kind:N, name-row:N, mask-row:N,
    /// map:N, json) and shows the form again with every other value as it was typed. Nothing is saved.
    public async Task<IActionResult> OnPostEditAsync(string name, Guid resourceId, string? edit, IFormFile? sourceFile, CancellationToken ct)
    {
        var (outcome, errors) = await LoadAndStageAsync(name, resourceId, sourceFile, ct);
        if (outcome is not null)
        {
            return outcome;
        }
        var (command, index) = ParseEdit(edit);
        var steps = Form.Steps;
        var valid = index >= 0 && index < steps.Count;
        var unsaved = T("（尚未儲存）", " (not saved yet)");
        switch (command)
        {
            case "add" when steps.Count < MaxSteps:
                var added = StepFields.New(Form.NewKind);
                steps.Add(added);
                EditMessage = T($"已新增第 {steps.Count} 步：{PipelineModel.KindLabel(added.Kind)}", $"Step {steps.Count} added: {PipelineModel.KindLabel(added.Kind)}") + unsaved;
                FocusId = StepControl(steps.Count - 1, "kind");
                break;
            case "add":
                EditMessage = T($"最多 {MaxSteps} 個步驟。", $"A pipeline has at most {MaxSteps} steps.");
                FocusId = "new-step-kind";
                break;
            case "remove" when valid:
                var removed = steps[index];
                steps.RemoveAt(index);
                EditMessage = T($"已刪除第 {index + 1} 步：{KindLabel(removed.Kind)}", $"Step {index + 1} removed: {KindLabel(removed.Kind)}") + unsaved;
                FocusId = steps.Count == 0 ? "new-step-kind" : StepControl(Math.Min(index, steps.Count - 1), "kind");
                break;
            case "up" when valid && index > 0:
                (steps[index - 1], steps[index]) = (steps[index], steps[index - 1]);
                EditMessage = T($"已將第 {index + 1} 步移到第 {index} 步", $"Step {index + 1} moved up to step {index}") + unsaved;
                FocusId = StepControl(index - 1, index - 1 > 0 ? "up" : "down");
                break;
            case "down" when valid && index < steps.Count - 1:
                (steps[index + 1], steps[index]) = (steps[index], steps[index + 1]);
                EditMessage = T($"已將第 {index + 1} 步移到第 {index + 2} 步", $"Step {index + 1} moved down to step {index + 2}") + unsaved;
                FocusId = StepControl(index + 1, index + 1 < steps.Count - 1 ? "down" : "up");
                break;
            case "kind" when valid:
                steps[index].Complete();
                EditMessage = T($"第 {index + 1} 步改為：{KindLabel(steps[index].Kind)}", $"Step {index + 1} is now: {KindLabel(steps[index].Kind)}") + unsaved;
                FocusId = StepControl(index, "kind");
                break;
            case "name-row" when valid && steps[index].Names.Count < MaxRows:
                steps[index].Names.Add(new RenamedColumn());
                FocusId = StepControl(index, $"names-{steps[index].Names.Count - 1}-from");
                break;
            case "mask-row" when valid && steps[index].Masks.Count < MaxRows:
                steps[index].Masks.Add(new MaskedColumnFields());
                FocusId = StepControl(index, $"masks-{steps[index].Masks.Count - 1}-name");
                break;
            case "map" when valid && steps[index].Maps.Count < MaxRows:
                steps[index].Maps.Add(new CodeMapFields());
                FocusId = StepControl(index, $"maps-{steps[index].Maps.Count - 1}-column");
                break;
            case "json":
                try
                {
                    var parsed = PipelineSteps.Deserialize(string.IsNullOrWhiteSpace(Form.StepsJson) ? "[]" : Form.StepsJson);
                    if (parsed.Count > MaxSteps)
                    {
                        errors.Add("stepsJson", $"最多 {MaxSteps} 個步驟。", $"A pipeline has at most {MaxSteps} steps.");
                        break;
                    }
                    Form.Steps = [.. parsed.Select(StepFields.Of)];
                    EditMessage = T($"已以 JSON 取代步驟，共 {parsed.Count} 步", $"The steps were replaced with the JSON's {parsed.Count}") + unsaved;
                    FocusId = "steps-heading";
                }
                catch (JsonException e)
                {
                    errors.Add("stepsJson", $"JSON 有誤，步驟未變更：{e.Message}（格式見說明文件 docs/pipelines.md）", $"The JSON is wrong and the steps are unchanged: {e.Message} (the format is in docs/pipelines.md)");
                }
                break;
        }
        if (!errors.IsValid)
        {
            Errors = errors;
            FocusId = errors.Fields.Contains("stepsJson") ? "Form_StepsJson" : "form-errors";
            Form.ShowJsonUnlessWrong(errors);
            return Page();
        }
        Form.ShowJson();
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(string name, Guid resourceId, int? upTo, IFormFile? sourceFile, CancellationToken ct)
    {
        var (outcome, errors) = await LoadAndStageAsync(name, resourceId, sourceFile, ct);
        if (outcome is not null)
        {
            return outcome;
        }
        var steps = Form.BuildSteps(errors);
        var kind = Pipelines.Runs.Pipelines.ParseKind(Form.SourceKind) ?? PipelineSourceKind.Url;
        var source = Form.Source(SavedWithPending());
        var sourceErrors = source.Validate(kind);
        foreach (var field in sourceErrors.Fields)
        {
            foreach (var m in sourceErrors.For(field))
            {
                errors.Add(field, m.Zh, m.En);
            }
        }
        if (!errors.IsValid)
        {
            return Invalid(errors);
        }
        PreviewUpTo = upTo is { } n && n >= 0 && n < steps!.Count - 1 ? n : null;
        var previewed = PreviewUpTo is { } last ? steps!.Take(last + 1).ToList() : steps!;
        Preview = await previews.PreviewAsync(kind, source, PipelineSteps.Serialize(previewed), Dataset.AgencyId, Resource.Encoding, 10, ct);
        // A step that does not fit the table (a column it names is not there) is told next to its fields too.
        if (Preview.Preview is { SettingsErrors.Count: > 0 } p)
        {
            var shown = new ValidationErrors();
            foreach (var e in p.SettingsErrors)
            {
                if (StepNumberOf(e.Step) is { } i)
                {
                    shown.Add(PipelineForm.StepField(i, e.Field), $"第 {i + 1} 步：{e.Zh}", $"Step {i + 1}: {e.En}");
                }
            }
            Errors = shown.IsValid ? null : shown;
        }
        Form.ShowJson();
        FocusId = upTo is { } s ? $"preview-step-{s}" : "preview-heading";
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

    /// The id of a step's control: step-2-kind, step-2-up, step-2-names-0-from …
    public static string StepControl(int step, string control) => $"step-{step}-{control}";

    /// The position in the form's list of a step of the preview; null for the decode step Kaifang added.
    public int? StepNumberOf(int previewStep) =>
        Preview?.StepNumbers is { } numbers ? (previewStep < numbers.Count ? numbers[previewStep] : null) : previewStep;

    /// The columns that reach the form's step, when the preview has shown them.
    public IReadOnlyList<string>? ColumnsBefore(int step)
    {
        if (Preview?.Preview is not { } p)
        {
            return null;
        }
        for (var k = 0; k < (Preview.StepNumbers?.Count ?? 0); k++)
        {
            if (Preview.StepNumbers![k] == step)
            {
                return k == 0 ? p.SourceColumns : p.Steps.FirstOrDefault(s => s.Step == k - 1)?.Columns;
            }
        }
        return null;
    }

    public static (string Command, int Index) ParseEdit(string? edit)
    {
        var text = edit ?? "";
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? (text, -1)
            : (text[..colon], int.TryParse(text[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : -1);
    }

    public static string KindLabel(string kind) => kind switch
    {
        DecodeStep.KindName => T("讀取檔案（格式與編碼）", "Read the file (format and encoding)"),
        TrimStep.KindName => T("去除前後空白", "Trim spaces"),
        DropEmptyRowsStep.KindName => T("刪除空白列", "Drop empty rows"),
        RenameColumnsStep.KindName => T("欄位改名", "Rename columns"),
        ReorderColumnsStep.KindName => T("調整欄位順序", "Reorder columns"),
        DropColumnsStep.KindName => T("刪除欄位", "Drop columns"),
        MaskColumnsStep.KindName => T("遮蔽個人資料", "Mask personal data"),
        ConvertRocDatesStep.KindName => T("民國日期轉西元（ISO 8601）", "Convert ROC dates (to ISO 8601)"),
        ConvertNumbersStep.KindName => T("數字轉為一般數值", "Convert numbers"),
        MapCodesStep.KindName => T("代碼轉名稱", "Map codes to labels"),
        FilterRowsStep.KindName => T("篩選資料列", "Filter rows"),
        _ => kind,
    };

    /// The source as saved, or with the file chosen before saving.
    private PipelineSource? SavedWithPending() =>
        string.IsNullOrEmpty(Form.PendingFileHash) ? SavedSource : (SavedSource ?? new PipelineSource()) with { FileHash = Form.PendingFileHash, FileName = Form.PendingFileName };

    /// Loads the pipeline and keeps a file chosen with the post: the start of every post that shows the form again.
    private async Task<(IActionResult? Outcome, ValidationErrors Errors)> LoadAndStageAsync(string name, Guid resourceId, IFormFile? sourceFile, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var outcome = await LoadAsync(name, resourceId, ct);
        if (outcome is null)
        {
            await StageAsync(name, resourceId, sourceFile, errors, ct);
        }
        return (outcome, errors);
    }

    /// Keeps a file chosen on a post that does not save (the store holds it; the pipeline does not use it yet).
    private async Task StageAsync(string name, Guid resourceId, IFormFile? sourceFile, ValidationErrors errors, CancellationToken ct)
    {
        if (sourceFile is not { Length: > 0 })
        {
            return;
        }
        await using var content = sourceFile.OpenReadStream();
        var staged = await pipelines.StageSourceFileAsync(Staff, name, resourceId, new UploadedFile(sourceFile.FileName, sourceFile.ContentType, content), ct);
        if (staged.Value is { } source)
        {
            Form.PendingFileHash = source.FileHash;
            Form.PendingFileName = source.FileName;
            Form.SourceKind = "upload";
            Form.Format = source.Format;
        }
        else if (staged.Errors is { } e)
        {
            foreach (var field in e.Fields)
            {
                foreach (var m in e.For(field))
                {
                    errors.Add("source.file", m.Zh, m.En);
                }
            }
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
        // Steps posted with a kind changed but not yet shown get the rows their new kind shows.
        foreach (var step in Form.Steps)
        {
            step.Complete();
        }
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
