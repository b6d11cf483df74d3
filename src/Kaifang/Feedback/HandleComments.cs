using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kaifang.Feedback;

/// What an agency's staff do with a comment: assign it, reply, note, close, moderate, pass it to
/// another agency. Each step is written into the thread for staff, so the history of a comment is complete.
public sealed class HandleComments(
    KaifangDbContext db, AgencyDirectory agencies, FeedbackPeople people, OfficeCalendars calendars,
    IOptions<KaifangOptions> kaifang, TimeProvider time)
{
    private FeedbackNotices Notices => new(db, (kaifang.Value.PublicBaseUrl ?? "").TrimEnd('/'));

    /// The comment with its thread, if the member of staff may see it.
    public async Task<CatalogResult<Comment>> FindAsync(StaffScope staff, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staff);
        var comment = await db.Comments.Include(c => c.Messages).FirstOrDefaultAsync(c => c.Reference == reference, cancellationToken);
        if (comment is null)
        {
            return CatalogResult<Comment>.NotFound();
        }
        return staff.Reaches(comment.AgencyId) ? CatalogResult<Comment>.Ok(comment) : CatalogResult<Comment>.Forbidden();
    }

    public async Task<CatalogResult<Comment>> AssignAsync(StaffScope staff, string reference, Guid handlerId, CancellationToken cancellationToken)
    {
        var found = await EditableAsync(staff, reference, StaffAction.HandleFeedback, cancellationToken);
        if (found.Value is not { } comment)
        {
            return found;
        }
        var handler = await people.HandlerAsync(handlerId, comment.AgencyId, cancellationToken);
        if (handler is null)
        {
            var agency = agencies.Tree.Find(comment.AgencyId);
            return CatalogResult<Comment>.Invalid("handler",
                $"只能分派給{agency?.Name}可處理意見的承辦人或機關管理者。", $"A comment can only be assigned to an officer or admin of {agency?.NameEn} who may answer it.");
        }
        var now = time.GetUtcNow();
        comment.HandlerId = handler.Id;
        if (comment.Status == CommentStatus.Received)
        {
            comment.Status = CommentStatus.Assigned;
        }
        Event(comment, staff, $"分派給 {handler.DisplayName} Assigned to {handler.DisplayName} ({handler.UserName})", now);
        if (handler.Id != staff.UserId)
        {
            Notices.Assigned(handler.Email, comment, now);
        }
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<Comment>.Ok(comment);
    }

    /// A public reply. The first one decides whether the comment was answered on time.
    public async Task<CatalogResult<Comment>> ReplyAsync(StaffScope staff, string reference, string? body, bool close, CancellationToken cancellationToken)
    {
        var text = (body ?? "").Trim();
        if (text.Length == 0)
        {
            return CatalogResult<Comment>.Invalid("body", "請填寫回覆內容。", "Write the reply.");
        }
        var found = await EditableAsync(staff, reference, StaffAction.HandleFeedback, cancellationToken);
        if (found.Value is not { } comment)
        {
            return found;
        }
        if (comment.Moderation != ModerationState.Visible)
        {
            return CatalogResult<Comment>.Conflict("moderation", "這則意見待審核或已標為垃圾訊息；請先公開它再回覆。",
                "This comment is held or marked as spam; release it before replying.");
        }
        var now = time.GetUtcNow();
        var agency = agencies.Tree.Find(comment.AgencyId);
        comment.Messages.Add(new CommentMessage
        {
            Kind = CommentMessageKind.Reply, Body = text, AuthorId = staff.UserId, SignedAs = agency?.Name, CreatedAt = now,
        });
        comment.HandlerId ??= staff.UserId;
        if (comment.FirstRepliedAt is null)
        {
            var repliedOn = ReplyDeadline.TaipeiDate(now);
            var deadline = await calendars.DeadlineAsync(comment.ReceivedOn, repliedOn, cancellationToken);
            comment.FirstRepliedAt = now;
            comment.FirstRepliedOn = repliedOn;
            comment.DaysToReply = deadline.DayNumber(comment.ReceivedOn, repliedOn);
        }
        comment.FollowUpDueOn = null;
        comment.Status = close ? CommentStatus.Closed : CommentStatus.Replied;
        comment.ClosedAt = close ? now : null;
        comment.ModifiedAt = now;
        Notices.Reply(comment, text, FollowUpKeys.Issue(comment), now);
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<Comment>.Ok(comment);
    }

    /// A note between staff; never shown in public.
    public async Task<CatalogResult<Comment>> NoteAsync(StaffScope staff, string reference, string? body, CancellationToken cancellationToken)
    {
        var text = (body ?? "").Trim();
        if (text.Length == 0)
        {
            return CatalogResult<Comment>.Invalid("body", "請填寫備註內容。", "Write the note.");
        }
        var found = await EditableAsync(staff, reference, StaffAction.HandleFeedback, cancellationToken);
        if (found.Value is not { } comment)
        {
            return found;
        }
        var now = time.GetUtcNow();
        comment.Messages.Add(new CommentMessage { Kind = CommentMessageKind.InternalNote, Body = text, AuthorId = staff.UserId, CreatedAt = now });
        comment.ModifiedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<Comment>.Ok(comment);
    }

    public async Task<CatalogResult<Comment>> CloseAsync(StaffScope staff, string reference, CancellationToken cancellationToken)
    {
        var found = await EditableAsync(staff, reference, StaffAction.HandleFeedback, cancellationToken);
        if (found.Value is not { } comment)
        {
            return found;
        }
        if (comment.FirstRepliedAt is null || comment.Status == CommentStatus.Reopened)
        {
            return CatalogResult<Comment>.Conflict("status", "尚未回覆的意見不能結案；請先回覆（可同時結案）。",
                "A comment that awaits a reply cannot be closed; reply first (you can close it with the reply).");
        }
        var now = time.GetUtcNow();
        comment.Status = CommentStatus.Closed;
        comment.ClosedAt = now;
        Event(comment, staff, "結案 Closed", now);
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<Comment>.Ok(comment);
    }

    /// Releases a held comment (shown and counted, told to the agency) or marks it as spam (kept, never shown, not counted).
    public async Task<CatalogResult<Comment>> ModerateAsync(StaffScope staff, string reference, bool spam, CancellationToken cancellationToken)
    {
        var found = await EditableAsync(staff, reference, StaffAction.ModerateFeedback, cancellationToken);
        if (found.Value is not { } comment)
        {
            return found;
        }
        var now = time.GetUtcNow();
        var was = comment.Moderation;
        comment.Moderation = spam ? ModerationState.Spam : ModerationState.Visible;
        Event(comment, staff, spam ? "標為垃圾訊息 Marked as spam" : "公開 Released", now);
        if (!spam && was != ModerationState.Visible)
        {
            var route = await db.FeedbackRoutes.AsNoTracking().FirstOrDefaultAsync(r => r.AgencyId == comment.AgencyId, cancellationToken);
            var handler = route is null ? null : await people.HandlerAsync(route.HandlerId, comment.AgencyId, cancellationToken);
            if (handler is not null && comment.HandlerId is null)
            {
                comment.HandlerId = handler.Id;
                comment.Status = CommentStatus.Assigned;
            }
            Notices.NewComment(handler?.Email is { } to ? [to] : await people.AgencyDeskAsync(comment.AgencyId, cancellationToken), comment, now);
        }
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<Comment>.Ok(comment);
    }

    /// Passes a comment to another agency (one the member of staff also reaches): it was sent to the wrong one.
    /// The deadline stays: the public is owed a reply from the day it wrote.
    public async Task<CatalogResult<Comment>> TransferAsync(StaffScope staff, string reference, string? agencyCode, CancellationToken cancellationToken)
    {
        var found = await EditableAsync(staff, reference, StaffAction.HandleFeedback, cancellationToken);
        if (found.Value is not { } comment)
        {
            return found;
        }
        var target = agencyCode is null ? null : agencies.Tree.FindByCode(agencyCode.Trim());
        if (target is null || !staff.Can(StaffAction.HandleFeedback, target.Id))
        {
            return CatalogResult<Comment>.Invalid("agency", $"無法轉給「{agencyCode}」：請選擇您有權限的機關。",
                $"Cannot pass it to '{agencyCode}': choose an agency you work for.");
        }
        var now = time.GetUtcNow();
        comment.AgencyId = target.Id;
        comment.HandlerId = null;
        if (comment.Status == CommentStatus.Assigned)
        {
            comment.Status = CommentStatus.Received;
        }
        Event(comment, staff, $"轉給 {target.Name} Passed to {target.NameEn}", now);
        Notices.NewComment(await people.AgencyDeskAsync(target.Id, cancellationToken), comment, now);
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<Comment>.Ok(comment);
    }

    /// Sets (or, with null, clears) who gets an agency's new comments.
    public async Task<CatalogResult<FeedbackRoute?>> SetRouteAsync(StaffScope staff, string agencyCode, Guid? handlerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staff);
        var agency = agencies.Tree.FindByCode(agencyCode);
        if (agency is null)
        {
            return CatalogResult<FeedbackRoute?>.NotFound();
        }
        if (!staff.Can(StaffAction.ModerateFeedback, agency.Id))
        {
            return CatalogResult<FeedbackRoute?>.Forbidden();
        }
        var route = await db.FeedbackRoutes.FirstOrDefaultAsync(r => r.AgencyId == agency.Id, cancellationToken);
        if (handlerId is null)
        {
            if (route is not null)
            {
                db.FeedbackRoutes.Remove(route);
                await db.SaveChangesAsync(cancellationToken);
            }
            return CatalogResult<FeedbackRoute?>.Ok(null);
        }
        if (await people.HandlerAsync(handlerId.Value, agency.Id, cancellationToken) is null)
        {
            return CatalogResult<FeedbackRoute?>.Invalid("handler", $"預設承辦人必須是{agency.Name}可處理意見的人員。",
                $"The default handler must be someone at {agency.NameEn} who may answer comments.");
        }
        if (route is null)
        {
            route = new FeedbackRoute { AgencyId = agency.Id, HandlerId = handlerId.Value };
            db.FeedbackRoutes.Add(route);
        }
        route.HandlerId = handlerId.Value;
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<FeedbackRoute?>.Ok(route);
    }

    private async Task<CatalogResult<Comment>> EditableAsync(StaffScope staff, string reference, StaffAction action, CancellationToken cancellationToken)
    {
        var found = await FindAsync(staff, reference, cancellationToken);
        if (found.Value is { } comment && !staff.Can(action, comment.AgencyId))
        {
            return CatalogResult<Comment>.Forbidden();
        }
        return found;
    }

    private static void Event(Comment comment, StaffScope staff, string text, DateTimeOffset now)
    {
        comment.Messages.Add(new CommentMessage { Kind = CommentMessageKind.Event, Body = text, AuthorId = staff.UserId, CreatedAt = now });
        comment.ModifiedAt = now;
    }
}
