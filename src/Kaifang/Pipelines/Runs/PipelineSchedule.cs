using System.Globalization;
using Kaifang.Accounts;
using Kaifang.Notifications;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Kaifang.Pipelines.Runs;

/// Keeps pipelines on their schedules. Each pipeline's next time is kept in the database
/// (<see cref="Pipeline.NextRunAt"/>), and one Quartz job looks every minute for pipelines whose time
/// has come (docs/decisions/0010-pipeline-schedule.md says why not a Quartz trigger per pipeline in a
/// persistent job store). A time passed while Kaifang was down is found at the first look after it
/// starts, so a missed run runs once; a run cut off by a stop is run again. Runs left "running" by a
/// node that stopped are marked failed — they published nothing — at start and at each sweep, once
/// their node has been silent for the run timeout.
public sealed class PipelineSchedule(ISchedulerFactory schedulers, IServiceScopeFactory scopes, IOptions<PipelineOptions> options, TimeProvider time, ILogger<PipelineSchedule> log) : IHostedService
{
    public static readonly JobKey Job = new("pipeline-sweep", "pipelines");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KaifangDbContext>();
            await PipelineRunner.ExpireStaleRunsAsync(db, null, time.GetUtcNow(), options.Value.RunTimeout, cancellationToken);
        }
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        if (await Scheduling.ScheduledJobs.CronAsync<PipelineSweepJob>(scheduler, Job, options.Value.SweepSchedule, "Kaifang:Pipelines:SweepSchedule", "0 * * * * ? for every minute",
                CronTriggerMisfireInstruction.FireAndProceed, cancellationToken))
        {
            log.LogInformation("Pipelines are looked at on {Cron}", options.Value.SweepSchedule);
            await scheduler.TriggerJob(Job, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// The look for due pipelines.
[DisallowConcurrentExecution]
public sealed class PipelineSweepJob(PipelineSweep sweep) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await sweep.RunDueAsync(cancellationToken);
}

/// Runs the pipelines that are due, one after another; sets each one's next time: its schedule's next,
/// or, after a failure, a retry after a growing wait. After the last try fails (or a run is invalid),
/// the dataset's contact and the agency's administrators are told through the outbox.
public sealed class PipelineSweep(IServiceScopeFactory scopes, PipelineRunner runner, TimeProvider time, IOptions<PipelineOptions> options, ILogger<PipelineSweep> log)
{
    /// Returns the runs made.
    public async Task<IReadOnlyList<PipelineRun>> RunDueAsync(CancellationToken cancellationToken)
    {
        List<Guid> due;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KaifangDbContext>();
            var now = time.GetUtcNow();
            await PipelineRunner.ExpireStaleRunsAsync(db, null, now, options.Value.RunTimeout, cancellationToken);
            due = (await db.Pipelines.AsNoTracking().Where(p => p.Enabled && p.NextRunAt != null).Select(p => new { p.Id, p.NextRunAt }).ToListAsync(cancellationToken))
                .Where(p => p.NextRunAt <= now).OrderBy(p => p.NextRunAt).Select(p => p.Id).ToList();
        }
        var runs = new List<PipelineRun>();
        foreach (var id in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int attempts;
            using (var scope = scopes.CreateScope())
            {
                // Read again: a run made meanwhile (by "run now" elsewhere, or a slow earlier turn) may have moved its time on.
                var current = await scope.ServiceProvider.GetRequiredService<KaifangDbContext>().Pipelines.AsNoTracking().Where(p => p.Id == id)
                    .Select(p => new { p.Enabled, p.NextRunAt, p.FailedAttempts }).FirstOrDefaultAsync(cancellationToken);
                if (current is null || !current.Enabled || current.NextRunAt is null || current.NextRunAt > time.GetUtcNow())
                {
                    continue;
                }
                attempts = current.FailedAttempts;
            }
            PipelineRun run;
            try
            {
                run = await runner.RunAsync(id, attempts > 0 ? "retry" : "schedule", cancellationToken);
            }
            catch (PipelineAlreadyRunningException)
            {
                log.LogInformation("Pipeline {Pipeline} is still running; this turn is skipped.", id);
                continue;
            }
            // Stopped by shutdown: the next time stays in the past, so the run is made again after the restart.
            cancellationToken.ThrowIfCancellationRequested();
            runs.Add(run);
            await AfterRunAsync(id, run, CancellationToken.None);
        }
        return runs;
    }

    private async Task AfterRunAsync(Guid pipelineId, PipelineRun run, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KaifangDbContext>();
        var pipeline = await db.Pipelines.FirstOrDefaultAsync(p => p.Id == pipelineId, cancellationToken);
        if (pipeline is null)
        {
            return;
        }
        var dataset = await db.Datasets.AsNoTracking().FirstAsync(d => d.Id == pipeline.DatasetId, cancellationToken);
        var resource = await db.Resources.AsNoTracking().FirstOrDefaultAsync(r => r.Id == pipeline.ResourceId, cancellationToken);
        var now = time.GetUtcNow();
        var settings = options.Value;
        var next = PipelineSchedules.Next(pipeline, dataset.UpdateFrequency, settings.FrequencyHour, now);
        if (run.Status == PipelineRunStatus.Failed)
        {
            pipeline.FailedAttempts++;
            if (pipeline.FailedAttempts < Math.Max(1, settings.Attempts))
            {
                var wait = TimeSpan.FromSeconds(settings.RetryDelaySeconds * Math.Pow(2, pipeline.FailedAttempts - 1));
                pipeline.NextRunAt = now + wait;
                log.LogWarning("Pipeline {Pipeline} failed (try {Try}); retrying at {At}", pipeline.Id, pipeline.FailedAttempts, pipeline.NextRunAt);
            }
            else
            {
                Notify(db, scope.ServiceProvider, dataset, resource, run, pipeline.FailedAttempts, now);
                pipeline.FailedAttempts = 0;
                pipeline.NextRunAt = next;
            }
        }
        else
        {
            if (run.Status == PipelineRunStatus.Invalid)
            {
                // Data that does not pass will not pass a minute later: told at once.
                Notify(db, scope.ServiceProvider, dataset, resource, run, 1, now);
            }
            pipeline.FailedAttempts = 0;
            pipeline.NextRunAt = next;
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private static void Notify(KaifangDbContext db, IServiceProvider services, Catalog.Dataset dataset, Catalog.Resource? resource, PipelineRun run, int tries, DateTimeOffset now)
    {
        var admins = db.Users.AsNoTracking().Where(u => u.AgencyId == dataset.AgencyId && u.Role == StaffRole.AgencyAdmin && u.Email != null).Select(u => u.Email!).ToList();
        var to = new List<string>();
        if (!string.IsNullOrWhiteSpace(dataset.ContactEmail))
        {
            to.Add(dataset.ContactEmail);
        }
        to.AddRange(admins);
        var baseUrl = services.GetRequiredService<IOptions<KaifangOptions>>().Value.PublicBaseUrl?.TrimEnd('/') ?? "";
        var page = $"{baseUrl}/admin/datasets/{dataset.Name}/resources/{resource?.Id}/pipeline";
        var subject = $"[Kaifang] 自動更新失敗：{dataset.Title}（{resource?.Name}）";
        var body = string.Create(CultureInfo.InvariantCulture, $"""
            資料集「{dataset.Title}」的資料資源「{resource?.Name}」自動更新{(run.Status == PipelineRunStatus.Invalid ? "的資料沒有通過檢查" : $"連續 {tries} 次失敗")}，沒有發布新版本；線上版本維持不變。

            原因：{run.Message}

            執行紀錄與報告：{page}

            The pipeline of resource "{resource?.Name}" of dataset "{dataset.Title}" {(run.Status == PipelineRunStatus.Invalid ? "made data that did not pass its checks" : $"failed {tries} times in a row")}; nothing new was published and the live version is unchanged.

            Why: {run.MessageEn}

            Runs and reports: {page}
            """);
        foreach (var address in to.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            db.Enqueue(now, address, subject, body, "pipeline-failed", run.Id.ToString());
        }
    }
}
