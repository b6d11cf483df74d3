using System.Globalization;
using Kaifang.Notifications;
using Kaifang.Storage;

namespace Kaifang.Feedback;

/// The notices feedback sends through the outbox, each in Chinese then English.
public sealed class FeedbackNotices(KaifangDbContext db, string baseUrl)
{
    public const string NewTopic = "feedback-new";
    public const string HeldTopic = "feedback-held";
    public const string ReminderTopic = "feedback-reminder";
    public const string EscalationTopic = "feedback-escalation";
    public const string ReceiptTopic = "feedback-receipt";
    public const string ReplyTopic = "feedback-reply";
    public const string AnswerTopic = "feedback-answer";
    public const string AssignedTopic = "feedback-assigned";

    private string StaffLink(Comment c) => $"{baseUrl}/admin/feedback/{c.Reference}";
    private string PublicLink(Comment c, string key) => $"{baseUrl}/feedback/{c.Reference}?key={Uri.EscapeDataString(key)}";

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public void NewComment(IEnumerable<string> to, Comment c, DateTimeOffset now)
    {
        foreach (var address in to.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            db.Enqueue(now, address, $"[{c.Reference}] 新的民眾意見 New comment: {c.Subject}",
                $"""
                 有一則新的民眾意見需要回覆，期限為 {Day(c.DueOn)}（含當日）。
                 A new comment needs a reply by {Day(c.DueOn)} (inclusive).

                 {c.Subject}
                 {c.Body}

                 {StaffLink(c)}
                 """, NewTopic, c.Reference);
        }
    }

    public void Held(IEnumerable<string> to, Comment c, DateTimeOffset now)
    {
        foreach (var address in to.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            db.Enqueue(now, address, $"[{c.Reference}] 待審核的意見 A comment is held for moderation",
                $"""
                 一則意見疑似垃圾訊息而暫不公開（{c.ModerationReason}）。請審核：公開或標為垃圾訊息。
                 A comment looks like spam and is held back ({c.ModerationReason}). Please release it or mark it as spam.

                 {StaffLink(c)}
                 """, HeldTopic, c.Reference);
        }
    }

    public void Assigned(string? to, Comment c, DateTimeOffset now)
    {
        if (to is null)
        {
            return;
        }
        db.Enqueue(now, to, $"[{c.Reference}] 意見已分派給您 A comment is assigned to you",
            $"""
             這則意見已分派給您回覆，期限為 {Day(c.OpenDueOn ?? c.DueOn)}（含當日）。
             This comment is yours to answer by {Day(c.OpenDueOn ?? c.DueOn)} (inclusive).

             {c.Subject}

             {StaffLink(c)}
             """, AssignedTopic, c.Reference);
    }

    public void Reminder(IEnumerable<string> to, Comment c, DateOnly due, DateTimeOffset now)
    {
        foreach (var address in to.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            db.Enqueue(now, address, $"[{c.Reference}] 提醒：意見回覆期限 {Day(due)} Reminder: reply due {Day(due)}",
                $"""
                 這則意見尚未回覆，期限為 {Day(due)}（含當日）。
                 This comment has no reply yet; it is due on {Day(due)} (inclusive).

                 {c.Subject}

                 {StaffLink(c)}
                 """, ReminderTopic, c.Reference);
        }
    }

    public void Escalation(IEnumerable<string> to, Comment c, DateOnly due, string? handler, DateTimeOffset now)
    {
        foreach (var address in to.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            db.Enqueue(now, address, $"[{c.Reference}] 逾期未回覆 Overdue: no reply by {Day(due)}",
                $"""
                 這則意見已超過回覆期限 {Day(due)}，仍未回覆。承辦人：{handler ?? "未分派"}。
                 This comment passed its reply deadline of {Day(due)} without a reply. Handler: {handler ?? "not assigned"}.

                 {c.Subject}

                 {StaffLink(c)}
                 """, EscalationTopic, c.Reference);
        }
    }

    public void Receipt(Comment c, string key, DateTimeOffset now)
    {
        if (c.AuthorEmail is null)
        {
            return;
        }
        db.Enqueue(now, c.AuthorEmail, $"[{c.Reference}] 我們已收到您的意見 We have received your comment",
            $"""
             感謝您的意見。我們會在 {Day(c.DueOn)} 前回覆。您可以在此查看回覆或補充說明：
             Thank you for your comment. We will reply by {Day(c.DueOn)}. Follow the thread or add to it here:

             {PublicLink(c, key)}
             """, ReceiptTopic, c.Reference);
    }

    public void Reply(Comment c, string reply, string key, DateTimeOffset now)
    {
        if (c.AuthorEmail is null)
        {
            return;
        }
        db.Enqueue(now, c.AuthorEmail, $"[{c.Reference}] 您的意見已回覆 Your comment has a reply",
            $"""
             {reply}

             若仍有疑問，請由此回應：
             If you have more to say, answer here:
             {PublicLink(c, key)}
             """, ReplyTopic, c.Reference);
    }

    public void CommenterAnswered(IEnumerable<string> to, Comment c, DateTimeOffset now)
    {
        foreach (var address in to.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            db.Enqueue(now, address, $"[{c.Reference}] 民眾再次回應 The commenter answered again",
                $"""
                 民眾對回覆再次回應，請於 {Day(c.OpenDueOn ?? c.DueOn)}（含當日）前回覆。
                 The commenter answered the reply; please reply by {Day(c.OpenDueOn ?? c.DueOn)} (inclusive).

                 {StaffLink(c)}
                 """, AnswerTopic, c.Reference);
        }
    }
}
