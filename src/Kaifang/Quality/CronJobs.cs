using Kaifang.Interop.Harvesting;
using Quartz;

namespace Kaifang.Quality;

/// Puts a job on a cron schedule read from a setting, in Taiwan time: the one way the quality
/// checks' schedules (link checks, quarterly check, weekly digest) are set up.
public static class CronJobs
{
    /// Replaces the job's trigger; an empty setting leaves it unscheduled. Returns whether it was scheduled.
    public static async Task<bool> ScheduleAsync<TJob>(IScheduler scheduler, JobKey job, string? cron, string setting, string example,
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
        var detail = JobBuilder.Create<TJob>().WithIdentity(job).Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity($"{job.Name}-trigger", job.Group)
            .WithCronSchedule(expression, c => c.InTimeZone(HarvestSchedule.Taipei).WithMisfireInstruction(misfire))
            .Build();
        await scheduler.ScheduleJob(detail, trigger, cancellationToken: cancellationToken);
        return true;
    }
}
