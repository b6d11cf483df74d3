using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Inventory;
using Kaifang.Notifications;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kaifang.Review;

/// Reminds the owner of each overdue follow-up action of a meeting, and the administrators of the meeting's
/// agency, the day after its due date and then every <see cref="InventoryOptions.FollowUpReminderDays"/> days
/// until it is marked done. The owner is reached when it names a member of staff (user name or e-mail) or is
/// an e-mail address. Each reminder is claimed in the database first, so several nodes send it once.
public sealed class FollowUpReminders(KaifangDbContext db, AgencyDirectory agencies, IOptions<InventoryOptions> options, IOptions<KaifangOptions> kaifang, TimeProvider time)
{
    public const string Topic = "follow-up-reminder";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = Feedback.ReplyDeadline.TaipeiDate(now);
        var again = now.AddDays(-Math.Max(1, options.Value.FollowUpReminderDays));
        var overdue = await db.FollowUpActions.AsNoTracking()
            .Where(f => f.DoneAt == null && f.DueOn < today && (f.RemindedAt == null || f.RemindedAt <= again))
            .Join(db.ReviewMeetings.AsNoTracking(), f => f.MeetingId, m => m.Id, (f, m) => new { Action = f, Meeting = m })
            .ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var item in overdue)
        {
            var (f, m) = (item.Action, item.Meeting);
            // The claim: only the node whose update changes the row sends the reminder.
            var claimed = await db.FollowUpActions
                .Where(x => x.Id == f.Id && x.DoneAt == null && (x.RemindedAt == null || x.RemindedAt <= again))
                .ExecuteUpdateAsync(x => x.SetProperty(a => a.RemindedAt, now), cancellationToken);
            if (claimed == 0)
            {
                continue;
            }
            var to = await RecipientsAsync(f.Owner, m.AgencyId, cancellationToken);
            var agency = agencies.Tree.Find(m.AgencyId);
            var late = today.DayNumber - f.DueOn.DayNumber;
            var link = $"{(kaifang.Value.PublicBaseUrl ?? "").TrimEnd('/')}/admin/meetings/{m.Id}";
            foreach (var address in to)
            {
                db.Enqueue(now, address,
                    $"[Kaifang] 會議追蹤事項已逾期 {late} 日：{f.Description} / Follow-up action {late} days overdue",
                    $"{agency?.Name}「{m.Title}」（{m.Date:yyyy-MM-dd}）的追蹤事項「{f.Description}」由 {f.Owner} 負責，期限 {f.DueOn:yyyy-MM-dd}，已逾期 {late} 日。辦妥後請在會議頁標示完成：\n{link}\n\n"
                    + $"The follow-up action '{f.Description}' of the meeting '{m.Title}' ({m.Date:yyyy-MM-dd}, {agency?.NameEn}), owned by {f.Owner}, was due on {f.DueOn:yyyy-MM-dd} and is {late} days overdue. Mark it done on the meeting's page once it is:\n{link}\n",
                    Topic, $"{m.Id}/{f.Id}");
            }
            await db.SaveChangesAsync(cancellationToken);
            sent++;
        }
        return sent;
    }

    private async Task<List<string>> RecipientsAsync(string owner, int agencyId, CancellationToken cancellationToken)
    {
        var key = owner.Trim();
        var upper = key.ToUpperInvariant();
        var addresses = await db.Users.AsNoTracking()
            .Where(u => u.Email != null && ((u.AgencyId == agencyId && u.Role == StaffRole.AgencyAdmin) || u.NormalizedUserName == upper || u.NormalizedEmail == upper))
            .Select(u => u.Email!).ToListAsync(cancellationToken);
        if (Catalog.EmailAddresses.IsValid(key))
        {
            addresses.Add(key);
        }
        return [.. addresses.Distinct(StringComparer.OrdinalIgnoreCase)];
    }
}
