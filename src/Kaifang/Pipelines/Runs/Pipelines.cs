using System.Text.Json;
using Kaifang.Accounts;
using Kaifang.Auditing;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;

namespace Kaifang.Pipelines.Runs;

/// What a data officer sets for a resource's pipeline (the admin form and the API).
public sealed record PipelineInput
{
    /// url, upload, html-table or sql.
    public string? SourceKind { get; init; }
    public PipelineSource? Source { get; init; }

    /// The steps as JSON (an array); empty for none.
    public string? Steps { get; init; }

    /// The Frictionless Table Schema as JSON; empty for none.
    public string? Schema { get; init; }

    /// Further outputs: json, xml, xlsx, ods (CSV is always made).
    public IReadOnlyList<string>? Outputs { get; init; }

    /// manual, frequency (as the dataset's update frequency), or a Quartz cron expression in Taiwan time.
    public string? Schedule { get; init; }
    public bool? Enabled { get; init; }
}

/// A pipeline with the dataset and resource it belongs to.
public sealed record PipelineContext(Pipeline Pipeline, Dataset Dataset, Resource Resource);

/// Creating, changing and removing a resource's pipeline, with the catalog's permission rule: staff who
/// may edit the dataset (their agency's, or one below it).
public sealed class Pipelines(KaifangDbContext db, FileStore files, IOptions<PipelineOptions> options, IOptions<KaifangOptions> kaifang, TimeProvider time)
{
    public static string KindName(PipelineSourceKind kind) => kind switch
    {
        PipelineSourceKind.Upload => "upload",
        PipelineSourceKind.HtmlTable => "html-table",
        PipelineSourceKind.Sql => "sql",
        _ => "url",
    };

    public static PipelineSourceKind? ParseKind(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "url" => PipelineSourceKind.Url,
        "upload" => PipelineSourceKind.Upload,
        "html-table" or "html" => PipelineSourceKind.HtmlTable,
        "sql" => PipelineSourceKind.Sql,
        _ => null,
    };

    /// The resource's pipeline (null when it has none), once the staff member may edit the dataset.
    public async Task<CatalogResult<PipelineContext?>> FindAsync(StaffScope who, string datasetName, Guid resourceId, CancellationToken cancellationToken)
    {
        var access = await DatasetAccess.LoadAsync(db, who, datasetName.ToLowerInvariant(), StaffAction.EditDataset, resourceId, cancellationToken);
        if (access is not { Dataset: { } dataset, Resource: { } resource })
        {
            return access.Denied<PipelineContext?>();
        }
        var pipeline = await db.Pipelines.FirstOrDefaultAsync(p => p.ResourceId == resourceId, cancellationToken);
        return CatalogResult<PipelineContext?>.Ok(pipeline is null ? null : new PipelineContext(pipeline, dataset, resource));
    }

    /// A pipeline by id, once the staff member may edit its dataset; out of reach it is not found.
    public async Task<PipelineContext?> FindByIdAsync(StaffScope who, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        var pipeline = await db.Pipelines.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (pipeline is null)
        {
            return null;
        }
        var dataset = await db.Datasets.Include(d => d.Resources).FirstOrDefaultAsync(d => d.Id == pipeline.DatasetId, cancellationToken);
        var resource = dataset?.Resources.FirstOrDefault(r => r.Id == pipeline.ResourceId);
        return dataset is not null && resource is not null && who.Can(StaffAction.EditDataset, dataset.AgencyId)
            ? new PipelineContext(pipeline, dataset, resource)
            : null;
    }

    /// The pipelines of the datasets the staff member may edit.
    public async Task<IReadOnlyList<PipelineContext>> ListAsync(StaffScope who, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        var pipelines = await db.Pipelines.AsNoTracking().ToListAsync(cancellationToken);
        var datasetIds = pipelines.Select(p => p.DatasetId).Distinct().ToList();
        var datasets = await db.Datasets.AsNoTracking().Include(d => d.Resources).Where(d => datasetIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        return [.. pipelines
            .Where(p => datasets.TryGetValue(p.DatasetId, out var d) && who.Can(StaffAction.EditDataset, d.AgencyId) && d.Resources.Any(r => r.Id == p.ResourceId))
            .Select(p => new PipelineContext(p, datasets[p.DatasetId], datasets[p.DatasetId].Resources.First(r => r.Id == p.ResourceId)))
            .OrderBy(c => c.Dataset.Name, StringComparer.Ordinal).ThenBy(c => c.Resource.Position)];
    }

    /// Creates the resource's pipeline, or changes the one it has.
    public async Task<CatalogResult<PipelineContext>> SaveAsync(StaffScope who, string datasetName, Guid resourceId, PipelineInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(input);
        var access = await DatasetAccess.LoadAsync(db, who, datasetName.ToLowerInvariant(), StaffAction.EditDataset, resourceId, cancellationToken);
        if (access is not { Dataset: { } dataset, Resource: { } resource })
        {
            return access.Denied<PipelineContext>();
        }
        var existing = await db.Pipelines.FirstOrDefaultAsync(p => p.ResourceId == resourceId, cancellationToken);
        if (existing is null && resource.DerivedFromId is not null)
        {
            return CatalogResult<PipelineContext>.Invalid("resource", "這個資源由另一個資源轉出，會隨來源更新，不能另設自動更新。",
                "This resource is made from another and follows it; it cannot have a pipeline of its own.");
        }
        var errors = Validate(input, dataset, out var kind, out var source, out var steps, out var schema, out var scheduleKind, out var cron, out var formats);
        if (!errors.IsValid)
        {
            return CatalogResult<PipelineContext>.Invalid(errors);
        }
        var now = time.GetUtcNow();
        var pipeline = existing ?? new Pipeline
        {
            Id = Guid.NewGuid(),
            DatasetId = dataset.Id,
            ResourceId = resource.Id,
            CreatedAt = now,
        };
        var before = existing is null ? null : Snapshot(existing);
        var previousOutputs = JsonSerializer.Deserialize<List<PipelineOutput>>(pipeline.Outputs, PipelineSteps.Json) ?? [];
        pipeline.SourceKind = kind;
        pipeline.Source = source.ToJson();
        pipeline.Steps = steps;
        pipeline.Schema = schema;
        pipeline.Outputs = JsonSerializer.Serialize(formats.Select(f => previousOutputs.FirstOrDefault(o => o.Format == f) ?? new PipelineOutput(f, null)).ToList(), PipelineSteps.Json);
        pipeline.ScheduleKind = scheduleKind;
        pipeline.Cron = cron;
        pipeline.Enabled = input.Enabled ?? true;
        pipeline.ModifiedAt = now;
        pipeline.FailedAttempts = 0;
        pipeline.NextRunAt = PipelineSchedules.Next(pipeline, dataset.UpdateFrequency, options.Value.FrequencyHour, now);
        if (existing is null)
        {
            db.Pipelines.Add(pipeline);
        }
        db.AuditEntries.Add(DatasetAudit.Entry(who, now, nameof(Pipeline), pipeline.Id, dataset.Id, existing is null ? AuditAction.Created : AuditAction.Updated,
            DatasetAudit.Diff(before, Snapshot(pipeline))));
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<PipelineContext>.Ok(new PipelineContext(pipeline, dataset, resource));
    }

    /// Removes the pipeline; its versions and the resource's live file stay.
    public async Task<CatalogResult<Pipeline>> DeleteAsync(StaffScope who, string datasetName, Guid resourceId, CancellationToken cancellationToken)
    {
        var found = await FindAsync(who, datasetName, resourceId, cancellationToken);
        if (!found.Succeeded)
        {
            return new CatalogResult<Pipeline>(found.Outcome, null, found.Errors);
        }
        if (found.Value is not { } context)
        {
            return CatalogResult<Pipeline>.NotFound();
        }
        db.Pipelines.Remove(context.Pipeline);
        db.AuditEntries.Add(DatasetAudit.Entry(who, time.GetUtcNow(), nameof(Pipeline), context.Pipeline.Id, context.Dataset.Id, AuditAction.Deleted,
            DatasetAudit.Diff(Snapshot(context.Pipeline), null)));
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<Pipeline>.Ok(context.Pipeline);
    }

    /// Stores a source file an officer uploads and makes it the pipeline's source (kind upload).
    public async Task<CatalogResult<PipelineSource>> StoreSourceFileAsync(StaffScope who, string datasetName, Guid resourceId, UploadedFile file, CancellationToken cancellationToken)
    {
        var staged = await StageSourceFileAsync(who, datasetName, resourceId, file, cancellationToken);
        if (staged.Value is { } source && await db.Pipelines.FirstOrDefaultAsync(p => p.ResourceId == resourceId, cancellationToken) is { } pipeline)
        {
            var old = PipelineSource.Parse(pipeline.Source);
            pipeline.SourceKind = PipelineSourceKind.Upload;
            pipeline.Source = (old with { FileHash = source.FileHash, FileName = source.FileName, Format = source.Format }).ToJson();
            pipeline.ModifiedAt = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }
        return staged;
    }

    /// Keeps a source file in the store without changing the pipeline: the back-office form holds on to
    /// a file chosen before its other settings are done, and sets it as the source when saved.
    public async Task<CatalogResult<PipelineSource>> StageSourceFileAsync(StaffScope who, string datasetName, Guid resourceId, UploadedFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var access = await DatasetAccess.LoadAsync(db, who, datasetName.ToLowerInvariant(), StaffAction.EditDataset, resourceId, cancellationToken);
        if (access is not { Dataset: not null, Resource: not null })
        {
            return access.Denied<PipelineSource>();
        }
        var ext = Path.GetExtension(file.FileName).TrimStart('.').ToLowerInvariant();
        if (!PipelineSource.UrlFormats.Contains(ext))
        {
            return CatalogResult<PipelineSource>.Invalid("file", $"來源檔案須為 {string.Join("、", PipelineSource.UrlFormats)} 之一。", $"The source file is one of {string.Join(", ", PipelineSource.UrlFormats)}.");
        }
        StoredFile stored;
        try
        {
            stored = await files.SaveAsync(file.Content, kaifang.Value.MaxUploadBytes, written => UploadInspection.Check(file.FileName, written), cancellationToken);
        }
        catch (FileTooLargeException e)
        {
            return CatalogResult<PipelineSource>.Invalid("file", $"檔案超過 {e.MaxBytes / 1024 / 1024:N0} MB 的上限。", $"The file is larger than the {e.MaxBytes / 1024 / 1024:N0} MB limit.");
        }
        catch (FileRefusedException e)
        {
            return CatalogResult<PipelineSource>.Invalid("file", e.Refusal.Zh, e.Refusal.En);
        }
        return CatalogResult<PipelineSource>.Ok(new PipelineSource { FileHash = stored.Hash, FileName = Path.GetFileName(file.FileName), Format = ext });
    }

    private ValidationErrors Validate(PipelineInput input, Dataset dataset, out PipelineSourceKind kind, out PipelineSource source, out string steps, out string? schema,
        out PipelineScheduleKind scheduleKind, out string? cron, out List<string> formats)
    {
        var errors = new ValidationErrors();
        kind = ParseKind(input.SourceKind) ?? PipelineSourceKind.Url;
        if (ParseKind(input.SourceKind) is null)
        {
            errors.Add("sourceKind", "來源種類須為 url（網址）、upload（上傳檔案）、html-table（網頁表格）或 sql（資料庫查詢）。",
                "The source kind is url, upload, html-table or sql.");
        }
        source = Trimmed(input.Source ?? new PipelineSource());
        foreach (var field in source.Validate(kind).Fields.ToList())
        {
            foreach (var message in source.Validate(kind).For(field))
            {
                if (!(kind == PipelineSourceKind.Upload && field == "source.file"))
                {
                    errors.Add(field, message.Zh, message.En);
                }
            }
        }
        if (kind == PipelineSourceKind.Upload && source.FileHash is { } hash && !files.Exists(hash))
        {
            errors.Add("source.file", "找不到上傳的來源檔案，請重新上傳。", "The uploaded source file is not in the store; upload it again.");
        }
        steps = string.IsNullOrWhiteSpace(input.Steps) ? "[]" : input.Steps.Trim();
        try
        {
            var parsed = PipelineSteps.Deserialize(steps);
            for (var i = 1; i < parsed.Count; i++)
            {
                if (parsed[i] is DecodeStep)
                {
                    errors.Add("steps", $"第 {i + 1} 步：decode 必須是第一個步驟。", $"Step {i + 1}: decode must be the first step.");
                }
            }
            foreach (var (step, i) in parsed.Select((s, i) => (s, i)))
            {
                // Settings that do not depend on the columns (those are checked on the preview and each run).
                foreach (var problem in step.Check([]).Where(p => p.Field is "format" or "encoding" or "delimiter" or "operator" or "percent" or "unmapped" or "others" or "keep"))
                {
                    errors.Add("steps", $"第 {i + 1} 步 {problem.Zh}", $"Step {i + 1} {problem.En}");
                }
            }
            steps = PipelineSteps.Serialize(parsed);
        }
        catch (JsonException e)
        {
            errors.Add("steps", $"步驟須為 JSON 陣列，每一步有 kind（見說明文件）：{e.Message}", $"The steps are a JSON array, each step with a kind (see the documentation): {e.Message}");
        }
        schema = string.IsNullOrWhiteSpace(input.Schema) ? null : input.Schema.Trim();
        if (schema is not null)
        {
            try
            {
                TableSchema.Parse(schema);
            }
            catch (TableSchemaException e)
            {
                errors.Add("schema", $"資料結構描述（Table Schema）無法使用：{e.Zh}", $"The Table Schema cannot be used: {e.Message}");
            }
            catch (JsonException e)
            {
                errors.Add("schema", $"資料結構描述須為 JSON 物件：{e.Message}", $"The Table Schema is a JSON object: {e.Message}");
            }
        }
        formats = [];
        foreach (var f in input.Outputs ?? [])
        {
            var format = f.Trim().TrimStart('.').ToLowerInvariant();
            if (format is "csv" or "")
            {
                continue;
            }
            if (!PipelineRunner.OutputFormats.Contains(format))
            {
                errors.Add("outputs", $"不支援的輸出格式「{f}」；可選 {string.Join("、", PipelineRunner.OutputFormats)}（CSV 一定會產生）。",
                    $"Output format '{f}' is not made; choose from {string.Join(", ", PipelineRunner.OutputFormats)} (CSV is always made).");
            }
            else if (!formats.Contains(format))
            {
                formats.Add(format);
            }
        }
        var schedule = (input.Schedule ?? "manual").Trim();
        cron = null;
        switch (schedule.ToLowerInvariant())
        {
            case "" or "manual":
                scheduleKind = PipelineScheduleKind.Manual;
                break;
            case "frequency":
                scheduleKind = PipelineScheduleKind.Frequency;
                if (PipelineSchedules.CronOf(dataset.UpdateFrequency, options.Value.FrequencyHour) is null)
                {
                    errors.Add("schedule", $"資料集的更新頻率是「{dataset.UpdateFrequency}」，無法據以排程；請選擇手動執行或填寫 cron 排程。",
                        $"The dataset's update frequency is '{dataset.UpdateFrequency.ToEnglish()}', which implies no schedule; choose manual or enter a cron expression.");
                }
                break;
            default:
                scheduleKind = PipelineScheduleKind.Cron;
                cron = schedule;
                if (!CronExpression.TryParse(schedule, out _))
                {
                    errors.Add("schedule", $"「{schedule}」不是 Quartz 的 cron 排程（例如每天凌晨 3 點：0 0 3 * * ?）；或填 manual、frequency。",
                        $"'{schedule}' is not a Quartz cron expression (e.g. 0 0 3 * * ? for 03:00 every day); or use manual or frequency.");
                }
                break;
        }
        return errors;
    }

    private static PipelineSource Trimmed(PipelineSource s) => s with
    {
        Url = s.Url?.Trim(),
        Format = string.IsNullOrWhiteSpace(s.Format) ? null : s.Format.Trim().TrimStart('.').ToLowerInvariant(),
        Selector = string.IsNullOrWhiteSpace(s.Selector) ? null : s.Selector.Trim(),
        Record = string.IsNullOrWhiteSpace(s.Record) ? null : s.Record.Trim(),
        Connection = string.IsNullOrWhiteSpace(s.Connection) ? null : s.Connection.Trim().ToLowerInvariant(),
        Query = string.IsNullOrWhiteSpace(s.Query) ? null : s.Query.Trim(),
    };

    private static Dictionary<string, string?> Snapshot(Pipeline p) => new(StringComparer.Ordinal)
    {
        ["SourceKind"] = KindName(p.SourceKind),
        ["Source"] = p.Source,
        ["Steps"] = p.Steps,
        ["Schema"] = p.Schema,
        ["Outputs"] = p.Outputs,
        ["Schedule"] = PipelineSchedules.Name(p.ScheduleKind, p.Cron),
        ["Enabled"] = p.Enabled ? "true" : "false",
    };
}
