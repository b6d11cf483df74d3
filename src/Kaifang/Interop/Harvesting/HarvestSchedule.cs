using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Kaifang.Interop.Harvesting;

/// Keeps one Quartz trigger per enabled, scheduled source, in Taiwan's time zone. Synced at start
/// and whenever a source changes. A run missed while Kaifang was down is made up once at start.
public sealed class HarvestSchedule(ISchedulerFactory schedulers, IServiceScopeFactory scopes, TimeProvider time, ILogger<HarvestSchedule> log) : IHostedService
{
    public static readonly TimeZoneInfo Taipei = TimeZoneInfo.FindSystemTimeZoneById("Asia/Taipei");

    public static JobKey JobOf(Guid sourceId) => new($"harvest-{sourceId:N}", "harvest");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KaifangDbContext>();
        // A run still "running" at start was cut off when Kaifang stopped; say so rather than leave it running forever.
        // One whose source another node holds (a live claim) is that node's run, going on.
        var held = await scope.ServiceProvider.GetRequiredService<WorkClaims>().HeldAsync("harvest:", cancellationToken);
        var running = await db.HarvestRuns.Where(r => r.Status == HarvestRunStatus.Running).Select(r => new { r.Id, r.SourceId }).ToListAsync(cancellationToken);
        var cutOff = running.Where(r => !held.Contains($"harvest:{r.SourceId}")).Select(r => r.Id).ToList();
        await db.HarvestRuns.Where(r => cutOff.Contains(r.Id)).ExecuteUpdateAsync(u => u
            .SetProperty(r => r.Status, HarvestRunStatus.Failed)
            .SetProperty(r => r.Message, "Kaifang stopped during this run; what it imported before stays, and the next run asks again from the same point."),
            cancellationToken);
        var sources = await db.HarvestSources.AsNoTracking().ToListAsync(cancellationToken);
        foreach (var source in sources)
        {
            await SyncAsync(source, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// Puts the source's trigger in line with its schedule: added, changed, or removed; left alone when unchanged, so
    /// that on PostgreSQL, where the schedule outlives a stop, a time missed while every node was down is made up by the
    /// trigger itself. A new trigger (always so on SQLite, where the schedule is set again at each start) makes up a
    /// missed run at once.
    public async Task SyncAsync(HarvestSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var job = JobOf(source.Id);
        var outcome = await Scheduling.ScheduledJobs.ScheduleCronAsync<HarvestJob>(scheduler, job, source.Enabled ? source.Schedule : null,
            $"The schedule of harvest source {source.Name}", "0 30 2 * * ? for 02:30 every day", CronTriggerMisfireInstruction.FireAndProceed,
            new Dictionary<string, string> { [HarvestJob.SourceKey] = source.Id.ToString() }, cancellationToken);
        if (outcome == Scheduling.ScheduleChange.Unscheduled)
        {
            return;
        }
        log.LogInformation("Harvest source {Source} scheduled: {Cron} (Taiwan time)", source.Name, source.Schedule);
        if (outcome == Scheduling.ScheduleChange.Added && Missed(source, time.GetUtcNow()))
        {
            await scheduler.TriggerJob(job, cancellationToken: cancellationToken);
        }
    }

    /// Whether a scheduled time passed since the last good run (Kaifang was down then): that run is made up once.
    public static bool Missed(HarvestSource source, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.HarvestedUntil is not { } last || !CronExpression.TryParse(source.Schedule, out _))
        {
            return false;
        }
        var cron = new CronExpression(source.Schedule, Taipei);
        return cron.GetNextValidTimeAfter(last + HarvestRunner.ClockSkewMargin) is { } due && due < now;
    }

    public async Task RemoveAsync(Guid sourceId, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.DeleteJob(JobOf(sourceId), cancellationToken);
    }
}

/// A scheduled run of one source.
[DisallowConcurrentExecution]
public sealed class HarvestJob(HarvestRunner runner, ILogger<HarvestJob> log) : IJob
{
    public const string SourceKey = "source";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sourceId = Guid.Parse(context.MergedJobDataMap.GetString(SourceKey)!);
        try
        {
            await runner.RunAsync(sourceId, full: false, cancellationToken);
        }
        catch (HarvestAlreadyRunningException)
        {
            log.LogInformation("Harvest source {Source} is still running; this turn is skipped.", sourceId);
        }
    }
}
