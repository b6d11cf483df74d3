using Kaifang.Interop.Harvesting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Kaifang.Quality;

/// Takes the quarterly check when a quarter ends (Kaifang:Quality:QuarterlyCheckSchedule), and at start
/// for the quarter just ended when its check is missing.
public sealed class QuarterlyCheckSchedule(ISchedulerFactory schedulers, IOptions<QualityOptions> options, ILogger<QuarterlyCheckSchedule> log) : IHostedService
{
    public static readonly JobKey Job = new("quarterly-check", "quality");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        if (!await Scheduling.ScheduledJobs.CronAsync<QuarterlyCheckJob>(scheduler, Job, options.Value.QuarterlyCheckSchedule, "Kaifang:Quality:QuarterlyCheckSchedule",
                "0 0 1 1 1,4,7,10 ?", CronTriggerMisfireInstruction.FireAndProceed, cancellationToken))
        {
            return;
        }
        // The quarter just ended may have gone without its check while Kaifang was down.
        await scheduler.TriggerJob(Job, cancellationToken);
        log.LogInformation("Quarterly checks scheduled: {Cron} (Taiwan time)", options.Value.QuarterlyCheckSchedule);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// Takes the check of the quarter before today's (Taiwan date); agencies already frozen are left as they are.
[DisallowConcurrentExecution]
public sealed class QuarterlyCheckJob(IServiceScopeFactory scopes, TimeProvider time, ILogger<QuarterlyCheckJob> log) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var (year, quarter) = QuarterlyCheck.Previous(QuarterlyCheck.QuarterOf(Feedback.ReplyDeadline.TaipeiDate(time.GetUtcNow())));
        using var scope = scopes.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<QuarterlyCheck>().RunAsync(year, quarter, "system", cancellationToken);
        if (result.Taken.Count > 0)
        {
            log.LogInformation("Quarterly check {Year}Q{Quarter} taken for {Count} agencies", year, quarter, result.Taken.Count);
        }
    }
}
