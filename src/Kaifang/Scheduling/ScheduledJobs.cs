using Kaifang.Interop.Harvesting;
using Quartz;

namespace Kaifang.Scheduling;

/// What putting a job on its schedule did.
public enum ScheduleChange
{
    /// The setting is empty: the job, and any trigger it had, is gone.
    Unscheduled,

    /// The job had no trigger, or one with another schedule: the trigger is new, its first time counted from now.
    Added,

    /// The store already held this schedule (set by another node, or before a restart on PostgreSQL): it is left as it
    /// is, so a time missed while every node was down is made up by the trigger's misfire instruction.
    Kept,
}

/// Puts a job on its schedule, read from a setting: the one way Kaifang's recurring work (link checks,
/// quarterly checks, digests, reminder sweeps, harvests) is set up in Quartz. Cron expressions are in Taiwan time.
///
/// Every node does this at every start. On PostgreSQL the schedule lives in the database that the nodes share
/// (docs/decisions/0014-quartz-clustered-on-postgresql.md), so a trigger that already has the schedule asked for is
/// kept rather than replaced: replacing it would move its next time, lose a firing missed while every node was down
/// and, for the "every n minutes" ones, fire again at each node's start. Only a changed schedule replaces the trigger.
/// Job and trigger keep their names (the trigger is "{job}-trigger" in the job's group), so a schedule written by an
/// older node is recognised. Triggers are timed on the scheduler's own clock (<see cref="IScheduler.TimeProvider"/>),
/// the one it compares them with.
public static class ScheduledJobs
{
    /// The key of the one trigger that keeps <paramref name="job"/> on its schedule.
    public static TriggerKey TriggerOf(JobKey job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new TriggerKey($"{job.Name}-trigger", job.Group);
    }

    /// Puts the job on a cron schedule, or takes it off when the setting is empty. Returns whether it is scheduled.
    public static async Task<bool> CronAsync<TJob>(IScheduler scheduler, JobKey job, string? cron, string setting, string example,
        CronTriggerMisfireInstruction misfire, CancellationToken cancellationToken) where TJob : IJob =>
        await ScheduleCronAsync<TJob>(scheduler, job, cron, setting, example, misfire, null, cancellationToken) != ScheduleChange.Unscheduled;

    /// Puts the job, with its data (strings only: they are stored in the database on PostgreSQL), on a cron schedule,
    /// or takes it off when <paramref name="cron"/> is empty.
    public static async Task<ScheduleChange> ScheduleCronAsync<TJob>(IScheduler scheduler, JobKey job, string? cron, string setting, string example,
        CronTriggerMisfireInstruction misfire, IReadOnlyDictionary<string, string>? data, CancellationToken cancellationToken) where TJob : IJob
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(job);
        var expression = cron?.Trim() ?? "";
        if (expression.Length == 0)
        {
            await scheduler.DeleteJob(job, cancellationToken);
            return ScheduleChange.Unscheduled;
        }
        if (!CronExpression.TryParse(expression, out _))
        {
            throw new InvalidOperationException($"{setting} '{expression}' is not a Quartz cron expression (e.g. {example}), nor empty for none.");
        }
        var trigger = TriggerBuilder.Create(scheduler.TimeProvider)
            .WithIdentity(TriggerOf(job))
            .ForJob(job)
            .WithCronSchedule(expression, c => c.InTimeZone(HarvestSchedule.Taipei).WithMisfireInstruction(misfire))
            .Build();
        return await KeepOrReplaceAsync(scheduler, Detail<TJob>(job, data), trigger, existing =>
            existing is ICronTrigger c
            && string.Equals(c.CronExpressionString, expression, StringComparison.OrdinalIgnoreCase)
            && c.TimeZone.Id == HarvestSchedule.Taipei.Id
            && c.MisfireInstruction == misfire, cancellationToken);
    }

    /// Puts the job on a trigger every <paramref name="minutes"/> minutes, the first at once; 0 or less takes it off.
    /// A trigger kept from before a stop that has missed its time by more than the misfire threshold (every node was
    /// down) fires at once and goes on every <paramref name="minutes"/> minutes from then, so work missed meanwhile is
    /// done at start.
    public static async Task<ScheduleChange> EveryAsync<TJob>(IScheduler scheduler, JobKey job, int minutes, CancellationToken cancellationToken) where TJob : IJob
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(job);
        if (minutes <= 0)
        {
            await scheduler.DeleteJob(job, cancellationToken);
            return ScheduleChange.Unscheduled;
        }
        var interval = TimeSpan.FromMinutes(minutes);
        var trigger = TriggerBuilder.Create(scheduler.TimeProvider)
            .WithIdentity(TriggerOf(job))
            .ForJob(job)
            .StartNow()
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount))
            .Build();
        return await KeepOrReplaceAsync(scheduler, Detail<TJob>(job, null), trigger, existing =>
            existing is ISimpleTrigger s
            && s.RepeatInterval == interval
            && s.RepeatCount == Quartz.Impl.Triggers.SimpleTriggerImpl.RepeatIndefinitely
            && s.MisfireInstruction == SimpleTriggerMisfireInstruction.NowWithExistingCount, cancellationToken);
    }

    private static IJobDetail Detail<TJob>(JobKey job, IReadOnlyDictionary<string, string>? data) where TJob : IJob
    {
        var builder = JobBuilder.Create<TJob>().WithIdentity(job);
        foreach (var (key, value) in data ?? new Dictionary<string, string>())
        {
            builder.UsingJobData(key, value);
        }
        return builder.Build();
    }

    /// Leaves the stored job and trigger alone when they already say what <paramref name="detail"/> and
    /// <paramref name="trigger"/> say; otherwise stores these over them. Two nodes starting at once both find nothing:
    /// the one that stores second finds the first's and keeps it.
    private static async Task<ScheduleChange> KeepOrReplaceAsync(IScheduler scheduler, IJobDetail detail, ITrigger trigger,
        Func<ITrigger, bool> sameSchedule, CancellationToken cancellationToken)
    {
        if (await HoldsAsync(scheduler, detail, trigger.Key, sameSchedule, cancellationToken))
        {
            return ScheduleChange.Kept;
        }
        if (!await scheduler.Exists(detail.Key, cancellationToken))
        {
            try
            {
                await scheduler.ScheduleJob(detail, trigger, default, cancellationToken);
                return ScheduleChange.Added;
            }
            catch (ObjectAlreadyExistsException)
            {
                // Another node has just stored it.
                if (await HoldsAsync(scheduler, detail, trigger.Key, sameSchedule, cancellationToken))
                {
                    return ScheduleChange.Kept;
                }
            }
        }
        await scheduler.ScheduleJob(detail, [trigger], ScheduleJobOptions.Replacing, cancellationToken);
        return ScheduleChange.Added;
    }

    private static async Task<bool> HoldsAsync(IScheduler scheduler, IJobDetail detail, TriggerKey key, Func<ITrigger, bool> sameSchedule, CancellationToken cancellationToken)
    {
        var job = await scheduler.GetJobDetail(detail.Key, cancellationToken);
        if (job is null || job.JobType.FullName != detail.JobType.FullName || !SameData(job.JobDataMap, detail.JobDataMap))
        {
            return false;
        }
        var trigger = await scheduler.GetTrigger(key, cancellationToken);
        return trigger is not null && trigger.JobKey.Equals(detail.Key) && sameSchedule(trigger)
            && await scheduler.GetTriggerState(key, cancellationToken) != TriggerState.Error;
    }

    private static bool SameData(JobDataMap stored, JobDataMap wanted) =>
        stored.Count == wanted.Count && wanted.Keys.All(k => stored.ContainsKey(k) && Equals(stored.GetString(k), wanted.GetString(k)));
}
