using Kaifang.Interop.Harvesting;
using Quartz;

namespace Kaifang.Scheduling;

/// Puts a job on its schedule, read from a setting: the one way Kaifang's recurring work (link checks,
/// quarterly checks, digests, reminder sweeps) is set up in Quartz. Cron expressions are in Taiwan time.
public static class ScheduledJobs
{
    /// Replaces the job's trigger with a cron schedule; an empty setting leaves it unscheduled. Returns whether it was scheduled.
    public static async Task<bool> CronAsync<TJob>(IScheduler scheduler, JobKey job, string? cron, string setting, string example,
        CronTriggerMisfireInstruction misfire, CancellationToken cancellationToken) where TJob : IJob
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        await scheduler.DeleteJob(job, cancellationToken);
        var expression = cron?.Trim() ?? "";
        if (expression.Length == 0)
        {
            return false;
        }
        if (!CronExpression.TryParse(expression, out _))
        {
            throw new InvalidOperationException($"{setting} '{expression}' is not a Quartz cron expression (e.g. {example}), nor empty for none.");
        }
        var trigger = TriggerBuilder.Create()
            .WithIdentity($"{job.Name}-trigger", job.Group)
            .WithCronSchedule(expression, c => c.InTimeZone(HarvestSchedule.Taipei).WithMisfireInstruction(misfire))
            .Build();
        await scheduler.ScheduleJob(JobBuilder.Create<TJob>().WithIdentity(job).Build(), trigger, cancellationToken: cancellationToken);
        return true;
    }

    /// Replaces the job's trigger with one every <paramref name="minutes"/> minutes, the first at once
    /// (so work missed while Kaifang was down is done at start); 0 or less leaves it unscheduled.
    public static async Task EveryAsync<TJob>(IScheduler scheduler, JobKey job, int minutes, CancellationToken cancellationToken) where TJob : IJob
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        await scheduler.DeleteJob(job, cancellationToken);
        if (minutes <= 0)
        {
            return;
        }
        var trigger = TriggerBuilder.Create().WithIdentity($"{job.Name}-trigger", job.Group).StartNow()
            .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(minutes)).RepeatForever())
            .Build();
        await scheduler.ScheduleJob(JobBuilder.Create<TJob>().WithIdentity(job).Build(), trigger, cancellationToken: cancellationToken);
    }
}
