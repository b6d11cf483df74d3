using Kaifang.Interop.Harvesting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Kaifang.Quality;

/// Keeps the Quartz trigger of the run over every link (Kaifang:Quality:Schedule, Taiwan time).
public sealed class LinkCheckSchedule(ISchedulerFactory schedulers, IOptions<QualityOptions> options, IServiceScopeFactory scopes, ILogger<LinkCheckSchedule> log) : IHostedService
{
    public static readonly JobKey Job = new("link-check", "quality");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        // A run missed while Kaifang was down is not made up: the next one comes within a day.
        if (!await Scheduling.ScheduledJobs.CronAsync<LinkCheckJob>(scheduler, Job, options.Value.Schedule, "Kaifang:Quality:Schedule", "0 0 3 * * ? for 03:00 every day",
                CronTriggerMisfireInstruction.DoNothing, cancellationToken))
        {
            return;
        }
        log.LogInformation("Link checks scheduled: {Cron} (Taiwan time)", options.Value.Schedule);
        // A new installation has never checked anything: the first run starts now rather than tonight,
        // so that stars and verdicts come from the content from the first day.
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Storage.KaifangDbContext>();
        if (!await db.LinkChecks.AnyAsync(cancellationToken) && await db.Resources.AnyAsync(cancellationToken))
        {
            await scheduler.TriggerJob(Job, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// The scheduled run over every link.
[DisallowConcurrentExecution]
public sealed class LinkCheckJob(LinkCheckRunner runner, ILogger<LinkCheckJob> log) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await runner.RunAsync(LinkCheckScope.All, null, cancellationToken);
        }
        catch (LinkCheckAlreadyRunningException)
        {
            log.LogInformation("A check of every link is still running; this turn is skipped.");
        }
    }
}
