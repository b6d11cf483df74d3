using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;

namespace Kaifang.Feedback;

/// Looks at every comment awaiting a reply: reminds its handler <see cref="FeedbackOptions.ReminderDaysBefore"/>
/// days before the last day, and tells the agency's admins once the last day has passed (escalation).
/// Each notice is claimed in the database before it is written, so it goes out once even with several nodes.
public sealed class FeedbackSweep(
    KaifangDbContext db, OfficeCalendars calendars, FeedbackPeople people,
    IOptions<FeedbackOptions> options, IOptions<KaifangOptions> kaifang, TimeProvider time)
{
    public sealed record Result(int Reminded, int Escalated);

    public async Task<Result> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = ReplyDeadline.TaipeiDate(now);
        var open = await db.Comments.AsNoTracking()
            .Where(c => c.Moderation == ModerationState.Visible
                && (c.Status == CommentStatus.Received || c.Status == CommentStatus.Assigned || c.Status == CommentStatus.Reopened)
                && (c.ReminderSentAt == null || c.EscalatedAt == null))
            .ToListAsync(cancellationToken);
        if (open.Count == 0)
        {
            return new Result(0, 0);
        }
        var deadline = await calendars.DeadlineAsync(open.Min(c => c.ReceivedOn), today, cancellationToken);
        var notices = new FeedbackNotices(db, (kaifang.Value.PublicBaseUrl ?? "").TrimEnd('/'));
        int reminded = 0, escalated = 0;
        foreach (var comment in open)
        {
            var due = comment.OpenDueOn!.Value;
            if (comment.EscalatedAt is null && today > due)
            {
                if (await ClaimAsync(comment.Id, escalation: true, now, cancellationToken))
                {
                    var handler = comment.HandlerId is null ? null
                        : await db.Users.AsNoTracking().Where(u => u.Id == comment.HandlerId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
                    notices.Escalation(await people.ModeratorsAsync(comment.AgencyId, cancellationToken), comment, due, handler, now);
                    await db.SaveChangesAsync(cancellationToken);
                    escalated++;
                }
                continue;
            }
            var start = comment.Status == CommentStatus.Reopened ? today : comment.ReceivedOn;
            if (comment.ReminderSentAt is null && today <= due && today >= deadline.DaysBefore(due, options.Value.ReminderDaysBefore, start)
                && await ClaimAsync(comment.Id, escalation: false, now, cancellationToken))
            {
                var to = await people.EmailOfAsync(comment.HandlerId, cancellationToken) is { } email
                    ? [email]
                    : await people.AgencyDeskAsync(comment.AgencyId, cancellationToken);
                notices.Reminder(to, comment, due, now);
                await db.SaveChangesAsync(cancellationToken);
                reminded++;
            }
        }
        return new Result(reminded, escalated);
    }

    private async Task<bool> ClaimAsync(Guid id, bool escalation, DateTimeOffset now, CancellationToken cancellationToken) =>
        escalation
            ? await db.Comments.Where(c => c.Id == id && c.EscalatedAt == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.EscalatedAt, now), cancellationToken) == 1
            : await db.Comments.Where(c => c.Id == id && c.ReminderSentAt == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.ReminderSentAt, now), cancellationToken) == 1;
}

/// Runs the sweep on its schedule.
[DisallowConcurrentExecution]
public sealed class FeedbackSweepJob(IServiceScopeFactory scopes) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        await scope.ServiceProvider.GetRequiredService<FeedbackSweep>().RunAsync(cancellationToken);
    }
}

/// Schedules the sweep every <see cref="FeedbackOptions.SweepMinutes"/> minutes (0 turns it off), starting at once:
/// reminders and escalations missed while Kaifang was down go out at start.
public sealed class FeedbackSchedule(ISchedulerFactory schedulers, IOptions<FeedbackOptions> options) : IHostedService
{
    public static readonly JobKey Job = new("feedback-sweep", "feedback");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await Scheduling.ScheduledJobs.EveryAsync<FeedbackSweepJob>(scheduler, Job, options.Value.SweepMinutes, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
