using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;

namespace Kaifang.Interop.NationalSync;

/// Runs the queue on its schedule.
[DisallowConcurrentExecution]
public sealed class NationalSyncJob(NationalSyncRunner runner) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await runner.RunAsync(null, ignoreBackoff: false, cancellationToken);
}

/// Schedules the queue every <see cref="NationalSyncOptions.IntervalMinutes"/> minutes (0 turns it off), the first run at start.
public sealed class NationalSyncSchedule(ISchedulerFactory schedulers, IOptions<NationalSyncOptions> options) : IHostedService
{
    public static readonly JobKey Job = new("national-sync", "national");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await Scheduling.ScheduledJobs.EveryAsync<NationalSyncJob>(scheduler, Job, options.Value.IntervalMinutes, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
