using System.Text.Json;
using Kaifang.Accounts;
using Kaifang.Catalog;
using Kaifang.Pipelines;
using Kaifang.Pipelines.Runs;
using Kaifang.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Web.Api;

/// Resources' pipelines, their runs and versions under /api/v1: staff who may edit the dataset (their
/// agency's or one below it) set them up, preview, run and read them. Database connections: agency
/// administrators only.
public static class PipelinesApi
{
    public static IEndpointRouteBuilder MapPipelinesApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1").WithTags("Pipelines").RequireAuthorization();
        const string one = "/datasets/{name}/resources/{resourceId:guid}/pipeline";
        api.MapGet("/pipelines", ListPipelines).WithName("ListPipelines").WithSummary("The pipelines of the datasets you may edit, with their last run");
        api.MapGet(one, GetPipeline).WithName("GetPipeline").WithSummary("A resource's pipeline");
        api.MapPut(one, SavePipeline).WithName("SavePipeline")
            .WithSummary("Create or change a resource's pipeline")
            .WithDescription("sourceKind: url, upload, html-table or sql; source: url, format (csv, tsv, json, xml, xls, xlsx, ods), selector or tableIndex (html-table), skipRows, headerRows, record (xml), connection and query (sql), fileHash and fileName (upload, from POST …/pipeline/source-file); steps: the cleaning steps (docs/pipelines.md); schema: a Frictionless Table Schema; outputs: json, xml, xlsx, ods (CSV always); schedule: manual, frequency (the dataset's update frequency) or a Quartz cron expression in Taiwan time; enabled.");
        api.MapDelete(one, DeletePipeline).WithName("DeletePipeline").WithSummary("Remove a resource's pipeline; the resource's file and its versions stay");
        api.MapPost(one + "/preview", Preview).WithName("PreviewPipeline")
            .WithSummary("The source's first rows after each step, with what each step noticed; the body (optional) previews unsaved settings");
        api.MapPost(one + "/source-file", UploadSourceFile).WithName("UploadPipelineSourceFile")
            .WithSummary("Upload the file an upload pipeline reads (multipart/form-data: file); it becomes the pipeline's source").DisableAntiforgery();
        api.MapPost(one + "/runs", RunNow).WithName("RunPipeline")
            .WithSummary("Run the pipeline now: 202 with the run, which goes on in the background (follow its Location); wait=true answers 200 when it is done");
        api.MapGet(one + "/runs", ListRuns).WithName("ListPipelineRuns").WithSummary("The pipeline's runs, newest first (limit, at most 200)");
        api.MapGet("/pipeline-runs/{runId:guid}", GetRun).WithName("GetPipelineRun").WithSummary("One run with its report (validation errors, cell issues, personal data) and log");
        api.MapPost("/pipeline-runs/{runId:guid}/cancel", CancelRun).WithName("CancelPipelineRun").WithSummary("Stop a run in progress; it publishes nothing");
        api.MapGet("/datasets/{name}/resources/{resourceId:guid}/versions", ListVersions).WithName("ListResourceVersions").WithSummary("Every published version of a resource, newest first");
        api.MapGet("/datasets/{name}/resources/{resourceId:guid}/versions/{number:int}", DownloadVersion).WithName("DownloadResourceVersion").WithSummary("Download one version of a resource");

        var connections = api.MapGroup("/database-connections").WithTags("Database connections");
        connections.MapGet("/", ListConnections).WithName("ListDatabaseConnections").WithSummary("Database connections of your agencies (agency administrators); passwords are left out");
        connections.MapPost("/", CreateConnection).WithName("CreateDatabaseConnection")
            .WithSummary("Add a database connection (agency administrators): name, title, kind (sqlite, postgresql), agency, connectionString; stored encrypted");
        connections.MapGet("/{connection}", GetConnection).WithName("GetDatabaseConnection").WithSummary("One database connection, its password left out");
        connections.MapPut("/{connection}", UpdateConnection).WithName("UpdateDatabaseConnection").WithSummary("Change a database connection; an empty connectionString keeps the saved one");
        connections.MapDelete("/{connection}", DeleteConnection).WithName("DeleteDatabaseConnection").WithSummary("Remove a database connection");
        return routes;
    }

    public sealed record PipelineApiInput
    {
        public string? SourceKind { get; init; }
        public PipelineSource? Source { get; init; }
        public JsonElement? Steps { get; init; }
        public JsonElement? Schema { get; init; }
        public IReadOnlyList<string>? Outputs { get; init; }
        public string? Schedule { get; init; }
        public bool? Enabled { get; init; }

        public PipelineInput ToInput() => new()
        {
            SourceKind = SourceKind,
            Source = Source,
            Steps = Steps is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } s ? s.ValueKind == JsonValueKind.String ? s.GetString() : s.GetRawText() : null,
            Schema = Schema is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } t ? t.ValueKind == JsonValueKind.String ? t.GetString() : t.GetRawText() : null,
            Outputs = Outputs,
            Schedule = Schedule,
            Enabled = Enabled,
        };
    }

    public sealed record PipelineDto(
        Guid Id, string Dataset, Guid ResourceId, string Resource, string SourceKind, PipelineSource Source, JsonElement Steps, JsonElement? Schema,
        IReadOnlyList<PipelineOutput> Outputs, string Schedule, string ScheduleDescription, bool Enabled, DateTimeOffset? NextRunAt, int FailedAttempts,
        DateTimeOffset CreatedAt, DateTimeOffset ModifiedAt, PipelineRunDto? LastRun);

    public sealed record PipelineRunDto(
        Guid Id, Guid PipelineId, string Status, string Trigger, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, long RowsIn, long RowsOut, long Warnings,
        long? RowsAdded, long? RowsRemoved, long? RowsChanged, string? ContentHash, Guid? VersionId, string? Message, JsonElement? Report, string? Log);

    public sealed record ResourceVersionDto(int Number, string ContentHash, long Size, long RowCount, string Format, string FileName, string MediaType,
        DateTimeOffset PublishedAt, Guid? RunId, bool Live, string DownloadUrl);

    public sealed record PreviewDto(string? Source, IReadOnlyList<string>? SourceColumns, IReadOnlyList<PreviewRowDto>? SourceRows, IReadOnlyList<PreviewStepDto>? Steps,
        IReadOnlyList<StepSettingsError>? SettingsErrors, IReadOnlyList<PersonalDataWarning>? PersonalData, string? Failure, string? Message);

    public sealed record PreviewStepDto(int Step, string Kind, IReadOnlyList<string> Columns, IReadOnlyList<PreviewRowDto> Rows, IReadOnlyList<PipelineIssue> Issues, long IssueCount);

    public sealed record PreviewRowDto(long Number, IReadOnlyList<string> Cells);

    public sealed record DatabaseConnectionDto(string Name, string Title, string Kind, string Agency, string ConnectionString, DateTimeOffset CreatedAt, DateTimeOffset ModifiedAt);

    public static string StatusName(PipelineRunStatus status) => status.ToString().ToLowerInvariant();

    public static PipelineDto Dto(PipelineContext c, PipelineRun? last, bool english) => new(
        c.Pipeline.Id, c.Dataset.Name, c.Resource.Id, c.Resource.Name, Pipelines.Runs.Pipelines.KindName(c.Pipeline.SourceKind), PipelineSource.Parse(c.Pipeline.Source),
        JsonDocument.Parse(c.Pipeline.Steps).RootElement.Clone(),
        c.Pipeline.Schema is null ? null : JsonDocument.Parse(c.Pipeline.Schema).RootElement.Clone(),
        JsonSerializer.Deserialize<List<PipelineOutput>>(c.Pipeline.Outputs, PipelineSteps.Json) ?? [],
        PipelineSchedules.Name(c.Pipeline.ScheduleKind, c.Pipeline.Cron), PipelineSchedules.Describe(c.Pipeline, c.Dataset.UpdateFrequency, english),
        c.Pipeline.Enabled, c.Pipeline.NextRunAt, c.Pipeline.FailedAttempts, c.Pipeline.CreatedAt, c.Pipeline.ModifiedAt,
        last is null ? null : RunDto(last, english, full: false));

    public static PipelineRunDto RunDto(PipelineRun r, bool english, bool full) => new(
        r.Id, r.PipelineId, StatusName(r.Status), r.Trigger, r.StartedAt, r.FinishedAt, r.RowsIn, r.RowsOut, r.Warnings, r.RowsAdded, r.RowsRemoved, r.RowsChanged,
        r.ContentHash, r.VersionId, english ? r.MessageEn : r.Message,
        full ? JsonDocument.Parse(string.IsNullOrWhiteSpace(r.Report) ? "{}" : r.Report).RootElement.Clone() : null,
        full ? r.Log : null);

    private static async Task<IResult> ListPipelines(Pipelines.Runs.Pipelines pipelines, KaifangDbContext db, HttpContext http, CancellationToken ct)
    {
        if (http.Staff() is not { } who)
        {
            return TypedResults.Forbid();
        }
        var list = new List<PipelineDto>();
        foreach (var c in await pipelines.ListAsync(who, ct))
        {
            list.Add(Dto(c, await LastRunAsync(db, c.Pipeline.Id, ct), http.WantsEnglish()));
        }
        return TypedResults.Ok(list);
    }

    private static Task<PipelineRun?> LastRunAsync(KaifangDbContext db, Guid pipelineId, CancellationToken ct) =>
        db.PipelineRuns.AsNoTracking().Where(r => r.PipelineId == pipelineId).OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(ct);

    private static async Task<IResult> GetPipeline(string name, Guid resourceId, Pipelines.Runs.Pipelines pipelines, KaifangDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await pipelines.FindAsync(http.Staff()!, name, resourceId, ct);
        if (!found.Succeeded)
        {
            return Failure(found, http);
        }
        return found.Value is { } c ? TypedResults.Ok(Dto(c, await LastRunAsync(db, c.Pipeline.Id, ct), http.WantsEnglish())) : NoPipeline(http);
    }

    private static async Task<IResult> SavePipeline(string name, Guid resourceId, PipelineApiInput input, Pipelines.Runs.Pipelines pipelines, KaifangDbContext db, HttpContext http, CancellationToken ct)
    {
        var existed = (await pipelines.FindAsync(http.Staff()!, name, resourceId, ct)).Value is not null;
        var result = await pipelines.SaveAsync(http.Staff()!, name, resourceId, input.ToInput(), ct);
        if (!result.Succeeded)
        {
            return Failure(result, http);
        }
        var dto = Dto(result.Value!, await LastRunAsync(db, result.Value!.Pipeline.Id, ct), http.WantsEnglish());
        return existed ? TypedResults.Ok(dto) : TypedResults.Created($"/api/v1/datasets/{result.Value.Dataset.Name}/resources/{resourceId}/pipeline", dto);
    }

    private static async Task<IResult> DeletePipeline(string name, Guid resourceId, Pipelines.Runs.Pipelines pipelines, HttpContext http, CancellationToken ct)
    {
        var result = await pipelines.DeleteAsync(http.Staff()!, name, resourceId, ct);
        return result.Succeeded ? TypedResults.NoContent() : Failure(result, http);
    }

    private static async Task<IResult> Preview(string name, Guid resourceId, [FromBody] PipelineApiInput? input, int? rows, Pipelines.Runs.Pipelines pipelines, PipelinePreviews previews,
        HttpContext http, CancellationToken ct)
    {
        var found = await pipelines.FindAsync(http.Staff()!, name, resourceId, ct);
        if (!found.Succeeded)
        {
            return Failure(found, http);
        }
        var access = await LoadDatasetAsync(http, name, ct);
        PipelineSourceKind kind;
        PipelineSource source;
        string steps;
        if (input is not null && input.SourceKind is not null)
        {
            var settings = input.ToInput();
            if (Pipelines.Runs.Pipelines.ParseKind(settings.SourceKind) is not { } k)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["sourceKind"] = [http.WantsEnglish() ? "The source kind is url, upload, html-table or sql." : "來源種類須為 url、upload、html-table 或 sql。"] });
            }
            var errors = (settings.Source ?? new PipelineSource()).Validate(k);
            if (!errors.IsValid)
            {
                return TypedResults.ValidationProblem(errors.ToDictionary(http.WantsEnglish()));
            }
            (kind, source, steps) = (k, settings.Source ?? new PipelineSource(), settings.Steps ?? "[]");
        }
        else if (found.Value is { } c)
        {
            (kind, source, steps) = (c.Pipeline.SourceKind, PipelineSource.Parse(c.Pipeline.Source), c.Pipeline.Steps);
        }
        else
        {
            return NoPipeline(http);
        }
        var resource = access!.Resources.First(r => r.Id == resourceId);
        var result = await previews.PreviewAsync(kind, source, steps, access.AgencyId, resource.Encoding, rows ?? 20, ct);
        return TypedResults.Ok(PreviewDtoOf(result, http.WantsEnglish()));
    }

    public static PreviewDto PreviewDtoOf(PipelinePreviewResult result, bool english)
    {
        if (result.Preview is not { } p)
        {
            return new PreviewDto(result.Source, null, null, null, null, null, result.Failure, english ? result.En : result.Zh);
        }
        static List<PreviewRowDto> Rows(IEnumerable<TableRow> rows) => [.. rows.Select(r => new PreviewRowDto(r.Number, r.Values()))];
        return new PreviewDto(result.Source, p.SourceColumns, Rows(p.SourceRows),
            [.. p.Steps.Select(s => new PreviewStepDto(s.Step, s.Kind, s.Columns, Rows(s.Rows), s.Issues, s.IssueCount))],
            p.SettingsErrors, [.. p.PersonalData.Select(f => new PersonalDataWarning(f.Column, f.Kind.ToString(), f.Share, f.Zh, f.En))], null, null);
    }

    private static async Task<Dataset?> LoadDatasetAsync(HttpContext http, string name, CancellationToken ct)
    {
        var db = http.RequestServices.GetRequiredService<KaifangDbContext>();
        var lowered = name.ToLowerInvariant();
        return await db.Datasets.AsNoTracking().Include(d => d.Resources).FirstOrDefaultAsync(d => d.Name == lowered, ct);
    }

    private static async Task<IResult> UploadSourceFile(string name, Guid resourceId, IFormFile? file, Pipelines.Runs.Pipelines pipelines, HttpContext http, CancellationToken ct)
    {
        if (file is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [http.WantsEnglish() ? "Send the file in a multipart form field named 'file'." : "請以 multipart 欄位 file 傳送檔案。"] });
        }
        await using var content = file.OpenReadStream();
        var result = await pipelines.StoreSourceFileAsync(http.Staff()!, name, resourceId, new UploadedFile(file.FileName, file.ContentType, content), ct);
        return result.Succeeded ? TypedResults.Ok(result.Value) : Failure(result, http);
    }

    private static async Task<IResult> RunNow(string name, Guid resourceId, bool? wait, Pipelines.Runs.Pipelines pipelines, PipelineRunner runner, KaifangDbContext db,
        HttpContext http, IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        var found = await pipelines.FindAsync(http.Staff()!, name, resourceId, ct);
        if (!found.Succeeded)
        {
            return Failure(found, http);
        }
        if (found.Value is not { } c)
        {
            return NoPipeline(http);
        }
        try
        {
            // The run goes on if the caller hangs up; it stops only when Kaifang does, or when cancelled.
            if (wait ?? false)
            {
                var done = await runner.RunAsync(c.Pipeline.Id, http.Staff()!.UserName, lifetime.ApplicationStopping);
                return TypedResults.Ok(RunDto(await db.PipelineRuns.AsNoTracking().FirstAsync(r => r.Id == done.Id, ct), http.WantsEnglish(), full: true));
            }
            var started = await runner.StartAsync(c.Pipeline.Id, http.Staff()!.UserName, lifetime.ApplicationStopping);
            return TypedResults.Accepted($"/api/v1/pipeline-runs/{started.Id}", RunDto(started, http.WantsEnglish(), full: false));
        }
        catch (PipelineAlreadyRunningException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: http.WantsEnglish() ? "The pipeline is running already; try again when it has finished." : "這個自動更新正在執行中，請待完成後再試。");
        }
    }

    private static async Task<IResult> ListRuns(string name, Guid resourceId, int? limit, Pipelines.Runs.Pipelines pipelines, KaifangDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await pipelines.FindAsync(http.Staff()!, name, resourceId, ct);
        if (!found.Succeeded)
        {
            return Failure(found, http);
        }
        if (found.Value is not { } c)
        {
            return NoPipeline(http);
        }
        var runs = await db.PipelineRuns.AsNoTracking().Where(r => r.PipelineId == c.Pipeline.Id).OrderByDescending(r => r.StartedAt)
            .Take(Math.Clamp(limit ?? 50, 1, 200)).ToListAsync(ct);
        return TypedResults.Ok(runs.Select(r => RunDto(r, http.WantsEnglish(), full: false)).ToList());
    }

    private static async Task<IResult> GetRun(Guid runId, Pipelines.Runs.Pipelines pipelines, KaifangDbContext db, HttpContext http, CancellationToken ct)
    {
        var run = await db.PipelineRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null || await pipelines.FindByIdAsync(http.Staff()!, run.PipelineId, ct) is null)
        {
            return NoRun(http, runId);
        }
        return TypedResults.Ok(RunDto(run, http.WantsEnglish(), full: true));
    }

    private static async Task<IResult> CancelRun(Guid runId, Pipelines.Runs.Pipelines pipelines, KaifangDbContext db, HttpContext http, CancellationToken ct)
    {
        var run = await db.PipelineRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null || await pipelines.FindByIdAsync(http.Staff()!, run.PipelineId, ct) is null)
        {
            return NoRun(http, runId);
        }
        if (run.Status != PipelineRunStatus.Running || !await PipelineRunner.RequestCancelAsync(db, runId, ct))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: http.WantsEnglish() ? "The run is not in progress." : "這次執行並未進行中。");
        }
        return TypedResults.Accepted($"/api/v1/pipeline-runs/{runId}");
    }

    private static async Task<IResult> ListVersions(string name, Guid resourceId, Pipelines.Runs.Pipelines pipelines, KaifangDbContext db, HttpContext http, CancellationToken ct)
    {
        var found = await pipelines.FindAsync(http.Staff()!, name, resourceId, ct);
        if (!found.Succeeded)
        {
            return Failure(found, http);
        }
        var live = (await db.Resources.AsNoTracking().FirstAsync(r => r.Id == resourceId, ct)).FileHash;
        var versions = await db.ResourceVersions.AsNoTracking().Where(v => v.ResourceId == resourceId).OrderByDescending(v => v.Number).ToListAsync(ct);
        return TypedResults.Ok(versions.Select(v => new ResourceVersionDto(v.Number, v.ContentHash, v.Size, v.RowCount, v.Format, v.FileName, v.MediaType, v.PublishedAt, v.RunId,
            v.ContentHash == live && v.Number == versions.Where(x => x.ContentHash == live).Max(x => x.Number),
            $"/api/v1/datasets/{name.ToLowerInvariant()}/resources/{resourceId}/versions/{v.Number}")).ToList());
    }

    private static async Task<IResult> DownloadVersion(string name, Guid resourceId, int number, Pipelines.Runs.Pipelines pipelines, KaifangDbContext db, FileStore files,
        HttpContext http, CancellationToken ct)
    {
        var found = await pipelines.FindAsync(http.Staff()!, name, resourceId, ct);
        if (!found.Succeeded)
        {
            return Failure(found, http);
        }
        var version = await db.ResourceVersions.AsNoTracking().FirstOrDefaultAsync(v => v.ResourceId == resourceId && v.Number == number, ct);
        if (version is null || !files.Exists(version.ContentHash))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
                title: http.WantsEnglish() ? $"The resource has no version {number}." : $"這個資料資源沒有第 {number} 版。");
        }
        return TypedResults.Stream(files.OpenRead(version.ContentHash), version.MediaType, version.FileName, version.PublishedAt,
            new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{version.ContentHash}\""), enableRangeProcessing: true);
    }

    private static async Task<IResult> ListConnections(DatabaseConnections connections, Agencies.AgencyDirectory agencies, HttpContext http, CancellationToken ct)
    {
        if (http.Staff() is not { } who || !StaffScope.Allows(who.Role, StaffAction.ManageStaff))
        {
            return ConnectionFailure(CatalogResult<DatabaseConnection>.Forbidden(), http, "");
        }
        return TypedResults.Ok((await connections.ListAsync(who, ct)).Select(c => ConnectionDto(c, connections, agencies)).ToList());
    }

    private static DatabaseConnectionDto ConnectionDto(DatabaseConnection c, DatabaseConnections connections, Agencies.AgencyDirectory agencies) =>
        new(c.Name, c.Title, DatabaseConnections.KindName(c.Kind), agencies.Tree.Find(c.AgencyId)?.Code ?? "", connections.Redacted(c), c.CreatedAt, c.ModifiedAt);

    private static async Task<IResult> CreateConnection(DatabaseConnectionInput input, DatabaseConnections connections, Agencies.AgencyDirectory agencies, HttpContext http, CancellationToken ct)
    {
        var result = await connections.CreateAsync(http.Staff()!, input, ct);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/database-connections/{result.Value!.Name}", ConnectionDto(result.Value, connections, agencies))
            : ConnectionFailure(result, http, input.Name ?? "");
    }

    private static async Task<IResult> GetConnection(string connection, DatabaseConnections connections, Agencies.AgencyDirectory agencies, HttpContext http, CancellationToken ct)
    {
        var result = await connections.FindAsync(http.Staff()!, connection, ct);
        return result.Succeeded ? TypedResults.Ok(ConnectionDto(result.Value!, connections, agencies)) : ConnectionFailure(result, http, connection);
    }

    private static async Task<IResult> UpdateConnection(string connection, DatabaseConnectionInput input, DatabaseConnections connections, Agencies.AgencyDirectory agencies, HttpContext http, CancellationToken ct)
    {
        var result = await connections.UpdateAsync(http.Staff()!, connection, input, ct);
        return result.Succeeded ? TypedResults.Ok(ConnectionDto(result.Value!, connections, agencies)) : ConnectionFailure(result, http, connection);
    }

    private static async Task<IResult> DeleteConnection(string connection, DatabaseConnections connections, HttpContext http, CancellationToken ct)
    {
        var result = await connections.DeleteAsync(http.Staff()!, connection, ct);
        return result.Succeeded ? TypedResults.NoContent() : ConnectionFailure(result, http, connection);
    }

    private static IResult ConnectionFailure<T>(CatalogResult<T> result, HttpContext http, string name) => result.Outcome switch
    {
        CatalogOutcome.Invalid => TypedResults.ValidationProblem(result.Errors!.ToDictionary(http.WantsEnglish()),
            title: http.WantsEnglish() ? "The input has problems; nothing was saved." : "輸入內容有誤，未儲存任何變更。"),
        CatalogOutcome.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
            title: http.WantsEnglish() ? "Only an agency administrator manages database connections." : "只有機關管理者可以管理資料庫連線。"),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
            title: http.WantsEnglish() ? $"There is no database connection '{name}'." : $"找不到資料庫連線「{name}」。"),
    };

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NoPipeline(HttpContext http) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
        title: http.WantsEnglish() ? "This resource has no pipeline; create one with PUT." : "這個資料資源尚未設定自動更新。");

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NoRun(HttpContext http, Guid id) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
        title: http.WantsEnglish() ? $"There is no pipeline run {id}." : $"找不到自動更新執行紀錄 {id}。");

    private static IResult Failure<T>(CatalogResult<T> result, HttpContext http) => result.Outcome switch
    {
        CatalogOutcome.Invalid => TypedResults.ValidationProblem(result.Errors!.ToDictionary(http.WantsEnglish()),
            title: http.WantsEnglish() ? "The input has problems; nothing was saved." : "輸入內容有誤，未儲存任何變更。"),
        CatalogOutcome.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
            title: http.WantsEnglish() ? "Your role may not change this dataset." : "您的角色不能修改這個資料集。"),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
            title: http.WantsEnglish() ? "There is no such dataset or resource." : "找不到這個資料集或資料資源。"),
    };
}
