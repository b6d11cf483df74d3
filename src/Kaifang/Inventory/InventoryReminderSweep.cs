using Kaifang.Accounts;
using Kaifang.Notifications;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;

namespace Kaifang.Inventory;

/// Reminds each agency that has not submitted its list <see cref="InventoryOptions.ReminderDaysBefore"/> days
/// before a round's deadline (and up to the deadline, if Kaifang was down on the day). Each reminder is
/// claimed in the database before it is written, so an agency hears once per round even with several nodes.
public sealed class InventoryReminderSweep(KaifangDbContext db, InventoryRounds rounds, IOptions<InventoryOptions> options, IOptions<KaifangOptions> kaifang, TimeProvider time)
{
    public const string Topic = "inventory-reminder";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = Feedback.ReplyDeadline.TaipeiDate(now);
        var latestStart = today.AddDays(options.Value.ReminderDaysBefore);
        var due = await db.InventoryRounds.AsNoTracking()
            .Where(r => r.Deadline >= today && r.Deadline <= latestStart && r.OpensOn <= today)
            .ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var round in due)
        {
            foreach (var agency in await rounds.ProgressAsync(null, round.Id, cancellationToken))
            {
                if (agency.Submission == RoundSubmission.Submitted || agency.RemindedAt is not null
                    || !await ClaimAsync(round.Id, agency.AgencyId, now, cancellationToken))
                {
                    continue;
                }
                var to = await db.Users.AsNoTracking()
                    .Where(u => u.AgencyId == agency.AgencyId && (u.Role == StaffRole.DataOfficer || u.Role == StaffRole.AgencyAdmin) && u.Email != null)
                    .Select(u => u.Email!).ToListAsync(cancellationToken);
                var link = $"{(kaifang.Value.PublicBaseUrl ?? "").TrimEnd('/')}/admin/inventory/rounds/{round.Id}";
                var pending = agency.Drafts + agency.Returned;
                var what = (agency.Submission, pending) switch
                {
                    (RoundSubmission.Missing, 0) => ("尚未送出任何盤點項目", "has not submitted any item yet"),
                    (RoundSubmission.Missing, _) => ($"尚未送出任何盤點項目（{pending} 個項目仍為草稿）", $"has not submitted any item yet ({pending} still drafts)"),
                    _ => ($"尚有 {pending} 個項目未送出", $"still has {pending} item(s) not submitted"),
                };
                foreach (var address in to)
                {
                    db.Enqueue(now, address,
                        $"[Kaifang] {round.Display(false)}資料盤點將於 {round.Deadline:yyyy-MM-dd} 截止 / Inventory round {round.Label} closes on {round.Deadline:yyyy-MM-dd}",
                        $"{agency.AgencyName}{what.Item1}。{round.Display(false)}資料盤點截止日為 {round.Deadline:yyyy-MM-dd}，請於截止前送出。\n{link}\n\n" +
                        $"{agency.AgencyNameEn} {what.Item2}. The inventory round {round.Label} closes on {round.Deadline:yyyy-MM-dd}; please submit before then.\n{link}\n",
                        Topic, $"{round.Label}/{agency.Agency}");
                }
                await db.SaveChangesAsync(cancellationToken);
                sent++;
            }
        }
        return sent;
    }

    private async Task<bool> ClaimAsync(int roundId, int agencyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        db.InventoryReminders.Add(new InventoryReminder { RoundId = roundId, AgencyId = agencyId, SentAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another node claimed it first.
            db.ChangeTracker.Clear();
            return false;
        }
    }
}

/// Runs the sweep on its schedule, with the reminders of overdue follow-up actions of meetings.
[DisallowConcurrentExecution]
public sealed class InventoryReminderJob(IServiceScopeFactory scopes) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        await scope.ServiceProvider.GetRequiredService<InventoryReminderSweep>().RunAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<Review.FollowUpReminders>().RunAsync(cancellationToken);
    }
}

/// Schedules the sweep every <see cref="InventoryOptions.SweepMinutes"/> minutes (0 turns it off), starting at once.
public sealed class InventorySchedule(ISchedulerFactory schedulers, IOptions<InventoryOptions> options) : IHostedService
{
    public static readonly JobKey Job = new("inventory-reminders", "inventory");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await Scheduling.ScheduledJobs.EveryAsync<InventoryReminderJob>(scheduler, Job, options.Value.SweepMinutes, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
