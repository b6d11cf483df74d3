using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kaifang.Feedback;

/// The commenter answers in their own thread, with the key they were given. An answer after a reply
/// reopens the comment, which then needs a reply again within the same number of days, counted from the answer.
public sealed class AnswerComment(
    KaifangDbContext db, OfficeCalendars calendars, FeedbackPeople people,
    IOptions<FeedbackOptions> options, IOptions<KaifangOptions> kaifang, TimeProvider time)
{
    public async Task<CatalogResult<Comment>> AnswerAsync(string reference, string? key, string? body, CancellationToken cancellationToken)
    {
        var comment = await db.Comments.Include(c => c.Messages).FirstOrDefaultAsync(c => c.Reference == reference, cancellationToken);
        if (comment is null || comment.Moderation == ModerationState.Spam)
        {
            return CatalogResult<Comment>.NotFound();
        }
        if (!FollowUpKeys.Matches(comment, key))
        {
            return CatalogResult<Comment>.Forbidden();
        }
        var text = (body ?? "").Trim();
        var settings = options.Value;
        if (text.Length == 0 || text.Length > settings.MaxBodyLength)
        {
            return CatalogResult<Comment>.Invalid("body",
                text.Length == 0 ? "請填寫回應內容。" : $"回應最多 {settings.MaxBodyLength} 字，目前 {text.Length} 字。",
                text.Length == 0 ? "Write your answer." : $"An answer may be at most {settings.MaxBodyLength} characters; this one has {text.Length}.");
        }
        var now = time.GetUtcNow();
        // The thread's key holder counts as one sender, under the same hourly limit as new comments.
        var answered = comment.Messages.Where(m => m.Kind == CommentMessageKind.FromCommenter).Select(m => m.CreatedAt);
        if (new SenderLimit(settings.MaxCommentsPerHour, time).MinutesToWait(answered) is not null)
        {
            return CatalogResult<Comment>.TooMany(Errors("rate", $"一小時內最多回應 {settings.MaxCommentsPerHour} 次；請稍後再試。",
                $"At most {settings.MaxCommentsPerHour} answers an hour; try again later."));
        }
        comment.Messages.Add(new CommentMessage { Kind = CommentMessageKind.FromCommenter, Body = text, CreatedAt = now });
        comment.ModifiedAt = now;
        if (comment.Status is CommentStatus.Replied or CommentStatus.Closed)
        {
            var today = ReplyDeadline.TaipeiDate(now);
            var deadline = await calendars.DeadlineAsync(today, today, cancellationToken);
            comment.Status = CommentStatus.Reopened;
            comment.FollowUpDueOn = deadline.DueOn(today);
            comment.ClosedAt = null;
            comment.ReminderSentAt = null;
            comment.EscalatedAt = null;
            var to = await people.EmailOfAsync(comment.HandlerId, cancellationToken) is { } handler
                ? [handler]
                : await people.AgencyDeskAsync(comment.AgencyId, cancellationToken);
            new FeedbackNotices(db, (kaifang.Value.PublicBaseUrl ?? "").TrimEnd('/')).CommenterAnswered(to, comment, now);
        }
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<Comment>.Ok(comment);
    }

    private static ValidationErrors Errors(string field, string zh, string en)
    {
        var errors = new ValidationErrors();
        errors.Add(field, zh, en);
        return errors;
    }
}
