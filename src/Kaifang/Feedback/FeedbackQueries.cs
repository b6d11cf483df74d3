using Kaifang.Accounts;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Feedback;

/// What staff filter the comment list by. <see cref="Overdue"/>: awaiting a reply past its last day.
public sealed record CommentFilter(int? AgencyId = null, CommentStatus? Status = null, bool Overdue = false, bool Held = false, bool Mine = false, Guid? DatasetId = null);

/// Reading comments: the staff's list and the public threads.
public sealed class FeedbackQueries(KaifangDbContext db, TimeProvider time)
{
    public async Task<(IReadOnlyList<Comment> Items, int Total)> ListAsync(StaffScope staff, CommentFilter filter, int skip, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staff);
        ArgumentNullException.ThrowIfNull(filter);
        var query = db.Comments.AsNoTracking();
        if (staff.Role != StaffRole.SystemAdmin)
        {
            var reach = staff.Agencies.ToList();
            query = query.Where(c => reach.Contains(c.AgencyId));
        }
        if (filter.AgencyId is { } agency)
        {
            query = query.Where(c => c.AgencyId == agency);
        }
        if (filter.DatasetId is { } dataset)
        {
            query = query.Where(c => c.DatasetId == dataset);
        }
        if (filter.Held)
        {
            query = query.Where(c => c.Moderation == ModerationState.Held);
        }
        else
        {
            query = query.Where(c => c.Moderation == ModerationState.Visible);
        }
        if (filter.Status is { } status)
        {
            query = query.Where(c => c.Status == status);
        }
        if (filter.Mine)
        {
            query = query.Where(c => c.HandlerId == staff.UserId);
        }
        if (filter.Overdue)
        {
            var today = ReplyDeadline.TaipeiDate(time.GetUtcNow());
            query = query.Where(c => ((c.Status == CommentStatus.Received || c.Status == CommentStatus.Assigned) && c.DueOn < today)
                || (c.Status == CommentStatus.Reopened && c.FollowUpDueOn < today));
        }
        var total = await query.CountAsync(cancellationToken);
        // Those awaiting a reply first, the most urgent first; then the rest, newest first.
        var items = await query
            .OrderBy(c => c.Status == CommentStatus.Replied || c.Status == CommentStatus.Closed)
            .ThenBy(c => c.Status == CommentStatus.Replied || c.Status == CommentStatus.Closed ? DateOnly.MaxValue : (c.FollowUpDueOn ?? c.DueOn))
            .ThenByDescending(c => c.ReceivedAt)
            .Skip(skip).Take(take).ToListAsync(cancellationToken);
        return (items, total);
    }

    /// The public threads of a dataset (or, with null, the general comments): shown comments only, and
    /// only what the commenter wrote and the replies. Never the commenter's e-mail, notes or events.
    public async Task<IReadOnlyList<PublicThread>> PublicThreadsAsync(Guid? datasetId, int take, CancellationToken cancellationToken)
    {
        var comments = await db.Comments.AsNoTracking().Include(c => c.Messages)
            .Where(c => c.DatasetId == datasetId && c.Moderation == ModerationState.Visible)
            .OrderByDescending(c => c.ReceivedAt).Take(take).ToListAsync(cancellationToken);
        return [.. comments.Select(PublicThread.Of)];
    }

    public async Task<PublicThread?> PublicThreadAsync(string reference, CancellationToken cancellationToken)
    {
        var comment = await db.Comments.AsNoTracking().Include(c => c.Messages)
            .FirstOrDefaultAsync(c => c.Reference == reference && c.Moderation != ModerationState.Spam, cancellationToken);
        return comment is null ? null : PublicThread.Of(comment);
    }

    public async Task<Comment?> FindAsync(string reference, CancellationToken cancellationToken) =>
        await db.Comments.AsNoTracking().Include(c => c.Messages).FirstOrDefaultAsync(c => c.Reference == reference, cancellationToken);
}

/// A comment as the public sees it. <see cref="Held"/> ones are shown only to the commenter holding the key.
public sealed record PublicThread(
    string Reference, Guid? DatasetId, int AgencyId, CommentKind Kind, string Subject, CommentStatus Status, bool Held,
    DateTimeOffset ReceivedAt, DateOnly DueOn, DateTimeOffset? FirstRepliedAt, IReadOnlyList<PublicMessage> Messages)
{
    public static PublicThread Of(Comment c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.Reference, c.DatasetId, c.AgencyId, c.Kind, c.Subject, c.Status, c.Moderation == ModerationState.Held,
            c.ReceivedAt, c.DueOn, c.FirstRepliedAt,
            [.. c.Messages.Where(m => m.Kind is CommentMessageKind.FromCommenter or CommentMessageKind.Reply)
                .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
                .Select(m => new PublicMessage(m.Kind == CommentMessageKind.Reply, m.Body, m.Kind == CommentMessageKind.Reply ? m.SignedAs : null, m.CreatedAt))]);
    }
}

/// One message in public: from the commenter (never named) or a reply signed by the agency.
public sealed record PublicMessage(bool FromAgency, string Body, string? SignedAs, DateTimeOffset At);
