using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using Kaifang.Auditing;
using Kaifang.Catalog;
using Kaifang.Datastore;
using Kaifang.Search;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kaifang.Pipelines.Runs;

/// Progress of a run, for the command line's progress display.
public sealed record PipelineProgress(string Stage, long Rows);

/// Runs a pipeline: source → steps → validation → outputs → publish. Everything is written to temporary
/// files first; only a run that read its source, passed its schema and made content different from the
/// live version switches the resource's live file, in one database transaction at the very end. A run
/// that fails, is invalid, is cancelled or is killed publishes nothing: the live version stays byte for byte.
/// One run of a pipeline at a time on all nodes together: the run's row is its claim (a unique index
/// allows one running run per pipeline), kept alive by a heartbeat; a run not heard from for
/// <see cref="PipelineOptions.RunTimeoutSeconds"/> is taken as stopped, and only a run still holding its
/// claim when it publishes may publish.
public sealed class PipelineRunner(IServiceScopeFactory scopes, FileStore files, IOptions<KaifangOptions> kaifang, IOptions<PipelineOptions> options,
    NodeIdentity node, TimeProvider time, ILogger<PipelineRunner> logger)
{
    private static readonly ConcurrentDictionary<Guid, SemaphoreSlim> Gates = new();
    private static readonly ConcurrentDictionary<Guid, CancellationTokenSource> Running = new();

    /// Output formats besides the CSV, each a resource of the dataset.
    public static readonly IReadOnlyList<string> OutputFormats = ["json", "xml", "xlsx", "ods"];

    private static readonly string[] SpreadsheetOutputs = ["xlsx", "ods"];

    /// The JSON output writes Chinese as is.
    private static readonly System.Text.Encodings.Web.JavaScriptEncoder JsonNames = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// XLSX holds at most this many rows on a sheet.
    private const int MaxSpreadsheetRows = 1_048_575;

    /// Runs the pipeline now and returns the finished run.
    public async Task<PipelineRun> RunAsync(Guid pipelineId, string trigger, CancellationToken cancellationToken, IProgress<PipelineProgress>? progress = null)
    {
        var gate = await EnterAsync(pipelineId, cancellationToken);
        try
        {
            return await RunLockedAsync(pipelineId, trigger, null, progress, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// Starts a run in the background and returns it once recorded; its outcome is read from the database.
    public async Task<PipelineRun> StartAsync(Guid pipelineId, string trigger, CancellationToken stopping)
    {
        var gate = await EnterAsync(pipelineId, stopping);
        var started = new TaskCompletionSource<PipelineRun>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            try
            {
                await RunLockedAsync(pipelineId, trigger, run => started.TrySetResult(run), null, stopping);
            }
            catch (Exception e) when (started.TrySetException(e))
            {
                // Failed before the run was recorded: the caller gets the exception.
            }
            finally
            {
                gate.Release();
            }
        }, CancellationToken.None);
        return await started.Task;
    }

    /// Marks the runs that were left running by a node that stopped (not heard from for the run timeout),
    /// of one pipeline or of all, as failed; returns how many.
    public static Task<int> ExpireStaleRunsAsync(KaifangDbContext db, Guid? pipelineId, DateTimeOffset now, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var cutoff = now - timeout;
        var stale = db.PipelineRuns.Where(r => r.Status == PipelineRunStatus.Running && (r.HeartbeatAt == null || r.HeartbeatAt < cutoff));
        if (pipelineId is Guid id)
        {
            stale = stale.Where(r => r.PipelineId == id);
        }
        return stale.ExecuteUpdateAsync(u => u
            .SetProperty(r => r.Status, PipelineRunStatus.Failed)
            .SetProperty(r => r.FinishedAt, now)
            .SetProperty(r => r.Message, "執行這次的 Kaifang 在途中停止（被終止或失去連線）；沒有發布任何內容，線上版本維持不變。排程的執行會再跑一次。")
            .SetProperty(r => r.MessageEn, "The Kaifang process making this run stopped during it (killed or cut off); nothing was published and the live version is unchanged. A scheduled run is run again."),
            cancellationToken);
    }

    /// Asks a run to stop, on whichever node it runs; false when it is not running.
    public static async Task<bool> RequestCancelAsync(KaifangDbContext db, Guid runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (Cancel(runId))
        {
            return true;
        }
        // Another node's run: it sees the request at its next heartbeat.
        return await db.PipelineRuns.Where(r => r.Id == runId && r.Status == PipelineRunStatus.Running)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.CancelRequested, true), cancellationToken) == 1;
    }

    /// Stops a run in progress; false when it is not running on this node.
    public static bool Cancel(Guid runId)
    {
        if (!Running.TryGetValue(runId, out var source))
        {
            return false;
        }
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        return true;
    }

    private static async Task<SemaphoreSlim> EnterAsync(Guid pipelineId, CancellationToken cancellationToken)
    {
        var gate = Gates.GetOrAdd(pipelineId, _ => new SemaphoreSlim(1, 1));
        return await gate.WaitAsync(TimeSpan.Zero, cancellationToken) ? gate : throw new PipelineAlreadyRunningException(pipelineId);
    }

    private async Task<PipelineRun> RunLockedAsync(Guid pipelineId, string trigger, Action<PipelineRun>? started, IProgress<PipelineProgress>? progress, CancellationToken stopping)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KaifangDbContext>();
        var pipeline = await db.Pipelines.FirstOrDefaultAsync(p => p.Id == pipelineId, stopping)
            ?? throw new InvalidOperationException($"There is no pipeline {pipelineId}.");
        var timeout = options.Value.RunTimeout;
        var startedAt = time.GetUtcNow();
        await ExpireStaleRunsAsync(db, pipelineId, startedAt, timeout, stopping);
        var run = new PipelineRun
        {
            Id = Guid.NewGuid(),
            PipelineId = pipeline.Id,
            DatasetId = pipeline.DatasetId,
            StartedAt = startedAt,
            Trigger = trigger,
            Node = node.Id,
            HeartbeatAt = startedAt,
        };
        db.PipelineRuns.Add(run);
        try
        {
            await db.SaveChangesAsync(stopping);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            // Another node (or the command line) is running it.
            throw new PipelineAlreadyRunningException(pipelineId);
        }
        started?.Invoke(run);

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        Running[run.Id] = cancel;
        using var stopBeating = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(run.Id, timeout / 4, cancel, stopBeating.Token);
        var work = Path.Combine(kaifang.Value.FullDataDirectory, "tmp", "pipelines", run.Id.ToString("N"));
        var log = new RunLog(time);
        var report = new PipelineRunReport();
        try
        {
            log.Add($"Run {run.Id} started by {trigger}.");
            var outcome = await ExecuteAsync(scope.ServiceProvider, db, pipeline, run, work, log, progress, cancel.Token);
            report = outcome;
        }
        catch (PipelineFailureException e)
        {
            run.Status = e.Code is FailureCodes.Invalid or FailureCodes.HeaderChanged or FailureCodes.WrongEncoding or FailureCodes.Empty
                ? PipelineRunStatus.Invalid : PipelineRunStatus.Failed;
            run.Message = e.Zh;
            run.MessageEn = e.En;
            report = (e.Data["report"] as PipelineRunReport ?? report) with { Failure = e.Code };
            log.Add($"{(run.Status == PipelineRunStatus.Invalid ? "Invalid" : "Failed")}: {e.En}");
        }
        catch (OperationCanceledException)
        {
            run.Status = PipelineRunStatus.Failed;
            run.Message = "執行被中止（有人按下停止，或 Kaifang 正在關閉）；沒有發布任何內容，線上版本維持不變。";
            run.MessageEn = "The run was stopped (someone cancelled it, or Kaifang is shutting down); nothing was published and the live version is unchanged.";
            report = report with { Failure = FailureCodes.Cancelled };
            log.Add("Cancelled: nothing was published.");
        }
        catch (Exception e)
        {
            logger.LogError(e, "Pipeline {Pipeline} stopped by an error", pipeline.Id);
            run.Status = PipelineRunStatus.Failed;
            run.Message = $"Kaifang 自身發生錯誤而停止執行（{e.GetType().Name}: {e.Message}）；沒有發布任何內容。請通知系統管理者。";
            run.MessageEn = $"Kaifang stopped the run because of an error of its own ({e.GetType().Name}: {e.Message}); nothing was published. Tell a system administrator.";
            report = report with { Failure = FailureCodes.Internal };
            log.Add($"Error: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            await stopBeating.CancelAsync();
            await heartbeat;
            Running.TryRemove(run.Id, out _);
            TryDelete(work);
        }
        if (run.Status == PipelineRunStatus.Running)
        {
            run.Status = PipelineRunStatus.Failed;
        }
        run.FinishedAt = time.GetUtcNow();
        run.Report = report.ToJson();
        log.Add($"Finished: {run.Status}.");
        run.Log = log.ToString();
        // A run published (or not) must be recorded even when Kaifang is stopping.
        db.ChangeTracker.Clear();
        db.PipelineRuns.Attach(run).State = EntityState.Modified;
        await db.SaveChangesAsync(CancellationToken.None);
        await TrimRunsAsync(db, pipeline.Id, scope.ServiceProvider.GetRequiredService<IOptions<PipelineOptions>>().Value.RunsKept);
        logger.LogInformation("Pipeline {Pipeline}: {Status}, {RowsIn} rows in, {RowsOut} out", pipeline.Id, run.Status, run.RowsIn, run.RowsOut);
        return run;
    }

    /// Says every <paramref name="interval"/> that the run is alive. Stops the run when someone asked to
    /// cancel it, or when it lost its claim (another node took it as stopped after a long silence).
    private Task HeartbeatAsync(Guid runId, TimeSpan interval, CancellationTokenSource run, CancellationToken stop) =>
        Heartbeat.KeepAsync(time, interval, async ct =>
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<KaifangDbContext>();
            return await db.PipelineRuns.Where(r => r.Id == runId && r.Status == PipelineRunStatus.Running && r.Node == node.Id && !r.CancelRequested)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.HeartbeatAt, time.GetUtcNow()), ct) == 1;
        }, run, logger, $"Pipeline run {runId}", stop);

    private static async Task TrimRunsAsync(KaifangDbContext db, Guid pipelineId, int keep)
    {
        var old = await db.PipelineRuns.Where(r => r.PipelineId == pipelineId && r.Status != PipelineRunStatus.Running)
            .OrderByDescending(r => r.StartedAt).Skip(Math.Max(1, keep)).Select(r => r.Id).ToListAsync();
        if (old.Count > 0)
        {
            await db.PipelineRuns.Where(r => old.Contains(r.Id)).ExecuteDeleteAsync();
        }
    }

    private async Task<PipelineRunReport> ExecuteAsync(IServiceProvider services, KaifangDbContext db, Pipeline pipeline, PipelineRun run, string work,
        RunLog log, IProgress<PipelineProgress>? progress, CancellationToken cancellationToken)
    {
        var dataset = await db.Datasets.AsNoTracking().FirstAsync(d => d.Id == pipeline.DatasetId, cancellationToken);
        var resource = await db.Resources.AsNoTracking().FirstOrDefaultAsync(r => r.Id == pipeline.ResourceId, cancellationToken)
            ?? throw new PipelineFailureException(FailureCodes.SourceUnreadable, "這個自動更新的資料資源已被刪除。", "The resource of this pipeline was removed.");
        var settings = PipelineDefinition.Read(pipeline);
        progress?.Report(new PipelineProgress("source", 0));
        log.Add($"Reading the source ({pipeline.SourceKind}).");
        var source = await services.GetRequiredService<PipelineSourceReader>().ReadAsync(pipeline.SourceKind, settings.Source, dataset.AgencyId, work, cancellationToken);
        log.Add($"Source read: {source.Description}.");
        var steps = ReadingSteps(settings.Steps, source);
        var table = await OpenAsync(source, steps, resource.Encoding, cancellationToken);
        if (table.EncodingName is { } encoding)
        {
            log.Add($"The file was read as {encoding}.");
        }
        var stepLog = new PipelineLog();
        long rowsIn = 0;
        var counted = table.With(rows: Count(table.Rows));
        IEnumerable<TableRow> Count(IEnumerable<TableRow> rows)
        {
            foreach (var row in rows)
            {
                rowsIn++;
                yield return row;
            }
        }
        Table cleaned;
        try
        {
            cleaned = PipelineSteps.Apply(counted, steps, stepLog);
        }
        catch (PipelineSettingsException e)
        {
            throw StepsDoNotFit(e.Errors, table.Header);
        }
        log.Add($"Source columns: {string.Join(", ", table.Header)}; after the steps: {string.Join(", ", cleaned.Header)}.");

        // The header: the schema's, or else the one last published.
        var previous = await db.ResourceVersions.AsNoTracking().Where(v => v.ResourceId == resource.Id).OrderByDescending(v => v.Number).FirstOrDefaultAsync(cancellationToken);
        using var validator = settings.Schema is { } schema ? new TableValidator(schema, spillDirectory: work) : null;
        if (validator is not null)
        {
            validator.CheckHeader(cleaned.Header);
        }
        else if (previous is not null && JsonSerializer.Deserialize<List<string>>(previous.Columns) is { Count: > 0 } before && !before.SequenceEqual(cleaned.Header))
        {
            throw new PipelineFailureException(FailureCodes.HeaderChanged,
                $"來源的欄位和上次發布的不同：上次是「{string.Join("、", before)}」，這次是「{string.Join("、", cleaned.Header)}」。若來源確實改版，請調整步驟（例如 rename-columns）或設定資料結構描述（Table Schema）；在此之前不會發布。",
                $"The source's columns differ from those last published: before {string.Join(", ", before)}; now {string.Join(", ", cleaned.Header)}. If the source really changed, adjust the steps (e.g. rename-columns) or set a Table Schema; nothing is published until then.");
        }

        progress?.Report(new PipelineProgress("rows", 0));
        var outputs = OutputsOf(pipeline);
        var written = await WriteAsync(cleaned, validator, settings.Schema, outputs, work, resource.Name, progress, cancellationToken);
        using var rowKeys = written.Keys;
        run.RowsIn = rowsIn;
        run.RowsOut = written.Rows;
        run.Warnings = stepLog.Issues.Count(i => i.Severity == IssueSeverity.Warning) + written.PersonalData.Count;
        run.ContentHash = written.Csv.Hash;
        var validation = validator?.Report();
        var report = new PipelineRunReport
        {
            Source = source.Description,
            Columns = cleaned.Header,
            Validation = validation,
            Issues = [.. stepLog.Issues.Take(200)],
            IssueCounts = stepLog.Counts.ToDictionary(c => $"{c.Key.Step}:{c.Key.Code}", c => c.Value),
            PersonalData = written.PersonalData,
        };
        run.Warnings = stepLog.Counts.Where(c => c.Key.Code != "encoding").Sum(c => c.Value) + written.PersonalData.Count;
        log.Add($"{rowsIn:N0} rows read, {written.Rows:N0} written; {stepLog.Count:N0} cell issues; CSV {written.Csv.Length:N0} bytes, SHA-256 {written.Csv.Hash}.");

        if (stepLog.Counts.Where(c => c.Key.Code == "undecodable").Sum(c => c.Value) is > 0 and var undecodable)
        {
            var first = stepLog.Issues.First(i => i.Code == "undecodable");
            throw WithReport(new PipelineFailureException(FailureCodes.WrongEncoding,
                $"來源檔案的編碼不對：有 {undecodable:N0} 列含有無法以 {table.EncodingName} 解讀的位元組（第一處在第 {first.Row} 列）。請把檔案另存為 UTF-8 或 Big5，或在 decode 步驟指定正確的 encoding。",
                $"The source file's encoding is wrong: {undecodable:N0} rows hold bytes that are not valid {table.EncodingName} (the first in row {first.Row}). Save the file as UTF-8 or Big5, or set the right encoding in the decode step."), report);
        }
        if (written.Rows == 0)
        {
            throw WithReport(new PipelineFailureException(FailureCodes.Empty,
                "處理後的表格沒有任何資料列。來源可能暫時是空的，或篩選步驟排除了全部資料；為免發布空檔案，這次不發布。",
                "The table has no data rows after the steps. The source may be empty for now, or a filter left every row out; an empty file is not published."), report);
        }
        if (validation is { Valid: false })
        {
            var first = validation.Errors.Take(3).ToList();
            throw WithReport(new PipelineFailureException(FailureCodes.Invalid,
                $"資料沒有通過資料結構描述的檢查，共 {validation.ErrorCount:N0} 個錯誤（{string.Join("；", validation.CountsByType.Select(c => $"{c.Key} {c.Value:N0}"))}）。例如：{string.Join("；", first.Select(e => e.Zh))}。請修正來源或步驟；在此之前不會發布，線上版本維持不變。",
                $"The data did not pass its Table Schema: {validation.ErrorCount:N0} errors ({string.Join("; ", validation.CountsByType.Select(c => $"{c.Key} {c.Value:N0}"))}). For example: {string.Join("; ", first.Select(e => e.En))}. Fix the source or the steps; nothing is published until then, and the live version stays."), report);
        }

        if (resource.FileHash == written.Csv.Hash)
        {
            run.Status = PipelineRunStatus.Unchanged;
            run.RowsAdded = run.RowsRemoved = run.RowsChanged = 0;
            log.Add("The content is the live version's: nothing was published.");
            return report;
        }
        // The diff is against the live file, when it is a CSV (the last version, or the file uploaded before the pipeline).
        if (resource.FileHash is { } live && string.Equals(resource.Format, "CSV", StringComparison.OrdinalIgnoreCase) && files.Exists(live))
        {
            var diff = await DiffAsync(live, written.Keys, settings.Schema, cancellationToken);
            (run.RowsAdded, run.RowsRemoved, run.RowsChanged) = diff;
            log.Add($"Against the live version: {diff.Added:N0} rows added, {diff.Removed:N0} removed, {diff.Changed:N0} changed.");
        }

        progress?.Report(new PipelineProgress("publish", written.Rows));
        // The files go into the store first (content-addressed: nothing live refers to them yet) ...
        var stored = new List<(string Format, StoredFile File, string Path)>();
        foreach (var output in written.Files)
        {
            await using var stream = File.OpenRead(output.Path);
            stored.Add((output.Format, await files.SaveAsync(stream, long.MaxValue, cancellationToken), output.Path));
        }
        cancellationToken.ThrowIfCancellationRequested();
        // ... and the live file switches in one transaction.
        var published = await PublishAsync(services, db, pipeline, run, resource.Id, stored, written, cleaned.Header, outputs, log);
        report = report with { Outputs = published };
        return report;
    }

    private static PipelineFailureException WithReport(PipelineFailureException e, PipelineRunReport report)
    {
        e.Data["report"] = report;
        return e;
    }

    private static PipelineFailureException StepsDoNotFit(IReadOnlyList<StepSettingsError> errors, IReadOnlyList<string> header)
    {
        var e = new PipelineFailureException(FailureCodes.StepSettings,
            $"步驟的設定和來源的欄位不符（來源可能改了標題或欄位）：{string.Join("；", errors.Select(x => $"第 {x.Step + 1} 步 {x.Zh}"))}。來源目前的欄位是「{string.Join("、", header)}」。請調整步驟；在此之前不會發布。",
            $"The steps' settings do not fit the source's columns (the source may have changed its header): {string.Join("; ", errors.Select(x => $"step {x.Step + 1} {x.En}"))}. The source's columns now are {string.Join(", ", header)}. Adjust the steps; nothing is published until then.");
        e.Data["report"] = new PipelineRunReport { StepErrors = errors, Columns = header };
        return e;
    }

    /// The steps as the source's file is read: a file Kaifang wrote is UTF-8 CSV whatever the decode step says.
    internal static IReadOnlyList<PipelineStep> ReadingSteps(IReadOnlyList<PipelineStep> steps, SourceFile source)
    {
        if (source.Normalized)
        {
            return [new DecodeStep { Format = "csv", Encoding = "utf-8" }, .. steps.Where(s => s is not DecodeStep)];
        }
        if (steps.Count > 0 && steps[0] is DecodeStep)
        {
            return steps;
        }
        return [new DecodeStep { Format = source.Format }, .. steps];
    }

    internal static async Task<Table> OpenAsync(SourceFile source, IReadOnlyList<PipelineStep> steps, string? declaredEncoding, CancellationToken cancellationToken)
    {
        try
        {
            var table = await PipelineSteps.OpenAsync(() => File.OpenRead(source.Path), steps, declaredEncoding, cancellationToken);
            var delimited = !source.Normalized && (steps.Count > 0 && steps[0] is DecodeStep decode ? decode.Format : source.Format) is "csv" or "tsv";
            return table.With(rows: Guard(table.Rows, delimited ? table.Header.Count : 0));
        }
        catch (PipelineSettingsException e)
        {
            throw StepsDoNotFit(e.Errors, []);
        }
        catch (Exception e) when (e is DatastoreLoadException or JsonException or InvalidDataException or ExcelDataReader.Exceptions.ExcelReaderException)
        {
            throw new PipelineFailureException(FailureCodes.SourceUnreadable,
                $"來源檔案無法以 {source.Format.ToUpperInvariant()} 格式讀取（{e.Message}）。請確認來源的格式設定（或 decode 步驟的 format）正確。",
                $"The source file could not be read as {source.Format.ToUpperInvariant()} ({e.Message}). Check the source's format (or the decode step's format).", e);
        }
        catch (Exception e) when (IsCsvFault(e))
        {
            throw BrokenQuoting(e);
        }
    }

    /// A CSV fault while rows are read (an unclosed quote) becomes a failure that says what to fix.
    /// An unclosed quote in a CSV (columns > 0) runs the rest of the file into one cell of the last row:
    /// a last row with a cell holding lines that look like rows of their own is reported as broken quoting.
    private static IEnumerable<TableRow> Guard(IEnumerable<TableRow> rows, int columns)
    {
        using var enumerator = rows.GetEnumerator();
        long last = 1;
        TableRow? held = null;
        while (true)
        {
            bool more;
            try
            {
                more = enumerator.MoveNext();
            }
            catch (Exception e) when (IsCsvFault(e))
            {
                throw BrokenQuoting(e, last + 1);
            }
            if (!more)
            {
                if (held is not null)
                {
                    if (columns > 1 && SwallowsRows(held, columns))
                    {
                        throw BrokenQuoting(null, held.Number);
                    }
                    yield return held;
                }
                yield break;
            }
            if (held is not null)
            {
                yield return held;
            }
            held = enumerator.Current;
            last = held.Number;
        }
    }

    private static bool SwallowsRows(TableRow row, int columns)
    {
        foreach (var cell in row.Cells)
        {
            if (!cell.Span.Contains('\n'))
            {
                continue;
            }
            var lines = cell.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (lines.Skip(1).Any(l => l.Count(c => c is ',' or '\t') >= columns - 1))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsCsvFault(Exception e) => e.GetType().Namespace == "Sylvan.Data.Csv";

    private static PipelineFailureException BrokenQuoting(Exception? e, long? row = null) => new(FailureCodes.BrokenQuoting,
        $"來源的 CSV 格式有誤{(row is null ? "" : $"（約在第 {row} 列）")}：多半是欄位的引號（\"）沒有成對，使後面的資料全黏在一起。請在試算表中重新另存為 CSV，或修正該列的引號。",
        $"The source's CSV is broken{(row is null ? "" : $" (near row {row})")}: most often a quote (\") in a field is not closed, which runs the rest of the file together. Save it again as CSV from the spreadsheet, or fix that row's quotes.", e);

    internal sealed record WrittenFile(string Format, string Path);

    internal sealed record Written(long Rows, StoredFile Csv, List<WrittenFile> Files, RowKeys Keys, IReadOnlyList<PersonalDataWarning> PersonalData, PassThreads Threads);

    /// One pass over the rows: validation, the CSV (and each further output) written to temporary files,
    /// a key and content hash per row for the diff, and a sample for the personal-data scan.
    internal static async Task<Written> WriteAsync(Table table, TableValidator? validator, TableSchema? schema, List<PipelineOutput> outputs, string work,
        string resourceName, IProgress<PipelineProgress>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(work);
        var keys = new RowKeys(work);
        try
        {
            // Reading and the steps on one thread, validation on a second, the outputs on a third: three
            // threads of about the same work, which the cores share.
            return await ReadAhead.OnThread("pipeline write", () => WriteRows(table, validator, outputs, work, resourceName, progress, keys, schema, cancellationToken));
        }
        catch
        {
            keys.Dispose();
            throw;
        }
    }

    private static Written WriteRows(Table table, TableValidator? validator, List<PipelineOutput> outputs, string work, string resourceName,
        IProgress<PipelineProgress>? progress, RowKeys keys, TableSchema? schema, CancellationToken cancellationToken)
    {
        var header = table.Header;
        var csvPath = Path.Combine(work, "output.csv");
        var formats = outputs.Select(o => o.Format).ToHashSet();
        var written = new List<WrittenFile> { new("csv", csvPath) };
        var keyColumns = KeyColumns(schema, header);
        var sample = new List<TableRow>();
        var threads = new PassThreads();
        List<string[]>? sheet = formats.Contains("xlsx") || formats.Contains("ods") ? [header.ToArray()] : null;
        long count = 0;
        // The CSV's SHA-256 is computed as it is written, not by reading the file back.
        var csvStream = new HashingStream(new FileStream(csvPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16));
        using (csvStream)
        using (var jsonStream = formats.Contains("json") ? File.Create(Path.Combine(work, "output.json")) : null)
        using (var json = jsonStream is null ? null : new Utf8JsonWriter(jsonStream, new JsonWriterOptions { Encoder = JsonNames, Indented = false }))
        using (var xml = formats.Contains("xml") ? XmlWriter.Create(Path.Combine(work, "output.xml"), new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }) : null)
        {
            var csv = new Utf8CsvLines();
            csv.Line(header);
            json?.WriteStartArray();
            var xmlNames = header.Select(XmlName).ToArray();
            // The property names escaped once, not on every row.
            var jsonNames = header.Select(h => JsonEncodedText.Encode(h, JsonNames)).ToArray();
            xml?.WriteStartElement("rows");
            foreach (var row in ReadAhead.Rows(table.Rows, validator is null ? null : validator.CheckRow, threads, cancellationToken))
            {
                if ((++count & 0x3FF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Report(new PipelineProgress("rows", count));
                }
                WriteCells(row.Cells, header.Count, csv, json, jsonNames);
                if (csv.Length > 1 << 16)
                {
                    csvStream.Write(csv.Lines.Span);
                    csv.Clear();
                }
                if (json is not null)
                {
                    if (json.BytesPending > 1 << 16)
                    {
                        json.Flush();
                    }
                }
                if (xml is not null)
                {
                    xml.WriteStartElement("row");
                    for (var i = 0; i < header.Count; i++)
                    {
                        xml.WriteElementString(xmlNames[i], SpreadsheetTables.XmlSafe(row[i]));
                    }
                    xml.WriteEndElement();
                }
                if (sheet is not null)
                {
                    if (sheet.Count > MaxSpreadsheetRows)
                    {
                        throw new PipelineFailureException(FailureCodes.TooManyRows,
                            $"資料超過 {MaxSpreadsheetRows:N0} 列，試算表（XLSX/ODS）放不下。請取消試算表輸出，CSV 與 JSON 沒有這個限制。",
                            $"The data has more than {MaxSpreadsheetRows:N0} rows, more than a spreadsheet (XLSX/ODS) holds. Drop the spreadsheet outputs; CSV and JSON have no such limit.");
                    }
                    sheet.Add(Enumerable.Range(0, header.Count).Select(i => row[i]).ToArray());
                }
                keys.Set(RowKey(row, keyColumns), RowHash(row.Cells));
                if (sample.Count < 1000)
                {
                    sample.Add(row.Copy());
                }
            }
            csvStream.Write(csv.Lines.Span);
            json?.WriteEndArray();
            xml?.WriteEndElement();
        }
        if (formats.Contains("json"))
        {
            written.Add(new("json", Path.Combine(work, "output.json")));
        }
        if (formats.Contains("xml"))
        {
            written.Add(new("xml", Path.Combine(work, "output.xml")));
        }
        foreach (var format in SpreadsheetOutputs.Where(formats.Contains))
        {
            var path = Path.Combine(work, "output." + format);
            var bytes = SpreadsheetTables.Write(format == "xlsx" ? SpreadsheetFormat.Xlsx : SpreadsheetFormat.Ods, SheetName(resourceName), sheet!, neutralise: true);
            File.WriteAllBytes(path, bytes);
            written.Add(new(format, path));
        }
        var personal = PersonalDataScan.Run(header, sample).Select(f => new PersonalDataWarning(f.Column, f.Kind.ToString(), f.Share, f.Zh, f.En)).ToList();
        return new Written(count, new StoredFile(csvStream.Sha256, csvStream.Length), written, keys, personal, threads);
    }

    /// A row's cells on the CSV's line and, when there is a JSON output, as an object of the header's
    /// fields (a missing cell empty); each cell is encoded as UTF-8 once, for both.
    private static void WriteCells(ReadOnlyMemory<char>[] cells, int fields, Utf8CsvLines csv, Utf8JsonWriter? json, JsonEncodedText[] names)
    {
        json?.WriteStartObject();
        var width = json is null ? cells.Length : Math.Max(cells.Length, fields);
        for (var i = 0; i < width; i++)
        {
            var cell = i < cells.Length ? cells[i].Span : default;
            var utf8 = csv.Encode(cell);
            if (i < cells.Length)
            {
                csv.Field(i == 0);
            }
            if (json is not null && i < fields)
            {
                // A lone surrogate is written \uFFFD from the text, but as the character itself from its UTF-8 bytes.
                if (cell.ContainsAnyInRange('\uD800', '\uDFFF'))
                {
                    json.WriteString(names[i], cell);
                }
                else
                {
                    json.WriteString(names[i], utf8);
                }
            }
        }
        csv.EndLine();
        json?.WriteEndObject();
    }

    private static string SheetName(string name)
    {
        var cleaned = new string([.. name.Where(c => c is not ('[' or ']' or '*' or '?' or '/' or '\\' or ':'))]);
        return cleaned.Length == 0 ? "data" : cleaned[..Math.Min(31, cleaned.Length)];
    }

    private static string XmlName(string column)
    {
        var name = column.Length == 0 ? "column" : XmlConvert.EncodeLocalName(column);
        return name;
    }

    private static int[] KeyColumns(TableSchema? schema, IReadOnlyList<string> header) =>
        schema is { PrimaryKey.Count: > 0 }
            ? [.. schema.PrimaryKey.Select(k => Table.IndexOf(header, k)).Where(i => i >= 0)]
            : [];

    /// The row's identity for the diff: its primary key, or with none its whole content.
    private static ulong RowKey(TableRow row, int[] keyColumns)
    {
        if (keyColumns.Length == 0)
        {
            // Rows without a key count as added or removed; a repeated row counts once more.
            var hash = RowHash(row.Cells);
            return hash;
        }
        var h = 14695981039346656037UL;
        foreach (var i in keyColumns)
        {
            h = Fnv(h, row.Text(i));
            h = (h ^ 0x1F) * 1099511628211UL;
        }
        return h;
    }

    private static ulong RowHash(ReadOnlyMemory<char>[] cells)
    {
        var h = 14695981039346656037UL;
        foreach (var cell in cells)
        {
            h = Fnv(h, cell.Span);
            h = (h ^ 0x1F) * 1099511628211UL;
        }
        return h;
    }

    /// FNV-style, four characters at a time (the hashes live only during one run: both sides of the
    /// diff are hashed by the same code); the rotation carries the high bits down into later steps.
    private static ulong Fnv(ulong h, ReadOnlySpan<char> chars)
    {
        var words = System.Runtime.InteropServices.MemoryMarshal.Cast<char, ulong>(chars);
        foreach (var word in words)
        {
            h = System.Numerics.BitOperations.RotateLeft((h ^ word) * 1099511628211UL, 31);
        }
        for (var i = words.Length * 4; i < chars.Length; i++)
        {
            h = (h ^ chars[i]) * 1099511628211UL;
        }
        return h;
    }

    /// Rows added, removed and changed (same key, other content) against the previous version's CSV.
    private async Task<(long Added, long Removed, long Changed)> DiffAsync(string previousHash, RowKeys current, TableSchema? schema, CancellationToken cancellationToken)
    {
        var old = await PipelineSteps.OpenAsync(() => files.OpenRead(previousHash), [new DecodeStep { Format = "csv", Encoding = "utf-8" }], null, cancellationToken);
        var keyColumns = KeyColumns(schema, old.Header);
        return current.Compare(old.Rows.Select(row => (RowKey(row, keyColumns), RowHash(row.Cells))));
    }

    private async Task<IReadOnlyList<PipelineOutputReport>> PublishAsync(IServiceProvider services, KaifangDbContext db, Pipeline pipeline, PipelineRun run, Guid resourceId,
        List<(string Format, StoredFile File, string Path)> stored, Written written, IReadOnlyList<string> header, List<PipelineOutput> outputs, RunLog log)
    {
        var now = time.GetUtcNow();
        var reports = new List<PipelineOutputReport>();
        var who = $"pipeline ({run.Trigger})";
        await using (var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None))
        {
            // Still this node's run? Locks the run's row until the commit, so it cannot be taken as stopped meanwhile.
            var claimed = await db.PipelineRuns.Where(r => r.Id == run.Id && r.Status == PipelineRunStatus.Running && r.Node == node.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.HeartbeatAt, now), CancellationToken.None);
            if (claimed == 0)
            {
                throw new PipelineFailureException(FailureCodes.Interrupted,
                    "這次執行已被視為停止（太久沒有回報），不再發布；線上版本維持不變。",
                    "This run was taken as stopped (not heard from for too long) and does not publish; the live version is unchanged.");
            }
            var dataset = await db.Datasets.Include(d => d.Resources).FirstAsync(d => d.Id == pipeline.DatasetId, CancellationToken.None);
            foreach (var (format, file, _) in stored)
            {
                Resource? target;
                if (format == "csv")
                {
                    target = dataset.Resources.First(r => r.Id == resourceId);
                }
                else
                {
                    var index = outputs.FindIndex(o => o.Format == format);
                    target = outputs[index].ResourceId is Guid id ? dataset.Resources.FirstOrDefault(r => r.Id == id) : null;
                    if (target is null)
                    {
                        var main = dataset.Resources.First(r => r.Id == resourceId);
                        var position = dataset.Resources.Max(r => r.Position) + 1;
                        target = new Resource
                        {
                            Id = Guid.NewGuid(),
                            DatasetId = dataset.Id,
                            Identifier = $"{dataset.Identifier}-{position:000}",
                            Position = position,
                            Name = $"{main.Name}（{format.ToUpperInvariant()}）",
                            Description = main.Description,
                            Format = format.ToUpperInvariant(),
                            CreatedAt = now,
                            ModifiedAt = now,
                        };
                        dataset.Resources.Add(target);
                        db.Resources.Add(target);
                        outputs[index] = outputs[index] with { ResourceId = target.Id };
                        db.AuditEntries.Add(DatasetAudit.Entry(who, null, now, nameof(Resource), target.Id, dataset.Id, AuditAction.Created, DatasetAudit.Diff(null, DatasetAudit.Snapshot(target))));
                        log.Add($"Made resource {target.Identifier} for the {format.ToUpperInvariant()} output.");
                    }
                }
                var versions = await db.ResourceVersions.Where(v => v.ResourceId == target.Id).Select(v => v.Number).ToListAsync(CancellationToken.None);
                var number = versions.Count == 0 ? 0 : versions.Max();
                if (number == 0 && target.FileHash is { } original && original != file.Hash)
                {
                    // The file published before the pipeline took over stays downloadable as version 1.
                    db.ResourceVersions.Add(new ResourceVersion
                    {
                        Id = Guid.NewGuid(),
                        ResourceId = target.Id,
                        DatasetId = dataset.Id,
                        Number = ++number,
                        ContentHash = original,
                        Size = target.Size ?? 0,
                        RowCount = 0,
                        Format = target.Format,
                        FileName = target.FileName ?? $"{target.Identifier}.{target.Format.ToLowerInvariant()}",
                        MediaType = target.MediaType ?? "application/octet-stream",
                        PublishedAt = target.ModifiedAt,
                    });
                }
                var before = DatasetAudit.Snapshot(target);
                target.Url = null;
                target.FileHash = file.Hash;
                target.Size = file.Length;
                target.FileName = $"{target.Identifier}.{format}";
                target.MediaType = MediaTypeOf(format);
                target.Format = format.ToUpperInvariant();
                target.Encoding = format is "csv" or "json" or "xml" ? "UTF-8" : null;
                target.ModifiedAt = now;
                var version = new ResourceVersion
                {
                    Id = Guid.NewGuid(),
                    ResourceId = target.Id,
                    DatasetId = dataset.Id,
                    Number = number + 1,
                    ContentHash = file.Hash,
                    Size = file.Length,
                    RowCount = written.Rows,
                    Format = target.Format,
                    FileName = target.FileName,
                    MediaType = target.MediaType,
                    PublishedAt = now,
                    RunId = run.Id,
                    Columns = JsonSerializer.Serialize(header, PipelineSteps.Json),
                };
                db.ResourceVersions.Add(version);
                if (format == "csv")
                {
                    run.VersionId = version.Id;
                }
                db.AuditEntries.Add(DatasetAudit.Entry(who, null, now, nameof(Resource), target.Id, dataset.Id, AuditAction.Updated, DatasetAudit.Diff(before, DatasetAudit.Snapshot(target))));
                reports.Add(new PipelineOutputReport(format, target.Id, file.Hash, file.Length));
                log.Add($"Published {target.Identifier} version {version.Number} ({format.ToUpperInvariant()}, {file.Length:N0} bytes).");
            }
            pipeline.Outputs = JsonSerializer.Serialize(outputs, PipelineSteps.Json);
            dataset.DataModifiedAt = now;
            dataset.MetadataModifiedAt = now;
            run.Status = PipelineRunStatus.Succeeded;
            await db.SaveChangesAsync(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }
        // After the switch: the search index, the DataStore and derived copies follow the new file.
        try
        {
            await services.GetRequiredService<Quality.RaiseStars>().RefreshAsync(resourceId, CancellationToken.None);
            await services.GetRequiredService<CatalogIndexer>().IndexDatasetAsync(pipeline.DatasetId);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or DbUpdateException)
        {
            logger.LogWarning(e, "After publishing pipeline {Pipeline}, the search index or a derived copy could not be brought up to date", pipeline.Id);
            log.Add($"Published, but the search index or a derived copy was not brought up to date: {e.Message}");
        }
        services.GetRequiredService<DatastoreBacklog>().DatasetChanged(pipeline.DatasetId);
        return reports;
    }

    internal static string MediaTypeOf(string format) => format switch
    {
        "csv" => "text/csv",
        "json" => "application/json",
        "xml" => "application/xml",
        "xlsx" => SpreadsheetTables.ContentType(SpreadsheetFormat.Xlsx),
        "ods" => SpreadsheetTables.ContentType(SpreadsheetFormat.Ods),
        _ => "application/octet-stream",
    };

    private static List<PipelineOutput> OutputsOf(Pipeline pipeline) =>
        JsonSerializer.Deserialize<List<PipelineOutput>>(pipeline.Outputs, PipelineSteps.Json) ?? [];

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Left for the next start's clean-up.
        }
    }

    private sealed class RunLog(TimeProvider time)
    {
        private readonly StringBuilder _text = new();

        public void Add(string line) =>
            _text.Append(time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append(' ').AppendLine(line);

        public override string ToString() => _text.ToString();
    }
}

/// A run of the pipeline is already going on this node.
public sealed class PipelineAlreadyRunningException(Guid pipelineId) : Exception($"Pipeline {pipelineId} is already running.");
