namespace Kaifang.Feedback;

/// A comment (外部意見) from the public on a dataset, or a general one, tracked to a reply within the
/// deadline (ACTION-PLAN S10, S14.5). Dates that decide the deadline are Taiwan calendar days.
public sealed class Comment
{
    public Guid Id { get; set; }

    /// The public reference, e.g. FB-2026-000042: shown to the commenter and used in links.
    public required string Reference { get; set; }

    /// The dataset commented on; null for a general comment.
    public Guid? DatasetId { get; set; }

    /// The agency that must answer: the dataset's, or the one the commenter chose for a general comment.
    public int AgencyId { get; set; }

    public CommentKind Kind { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }

    /// Where to send the answer. Personal data: never shown in public, never exported.
    public string? AuthorEmail { get; set; }

    public CommentOrigin Origin { get; set; }

    /// The comment's number at its origin (the national platform's), to recognise it when imported again.
    public string? ExternalId { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// The Taiwan date of receipt: day 1 of the reply deadline.
    public DateOnly ReceivedOn { get; set; }

    /// The last day a first reply is on time.
    public DateOnly DueOn { get; set; }

    public CommentStatus Status { get; set; }
    public ModerationState Moderation { get; set; }

    /// Why a comment was held back for a moderator, in words.
    public string? ModerationReason { get; set; }

    /// The handler (承辦人) who answers it.
    public Guid? HandlerId { get; set; }

    public DateTimeOffset? FirstRepliedAt { get; set; }
    public DateOnly? FirstRepliedOn { get; set; }

    /// The day of the deadline on which the first reply came: 1 is the day of receipt.
    public int? DaysToReply { get; set; }

    /// When the commenter answered again: the comment needs a reply again by <see cref="FollowUpDueOn"/>.
    public DateOnly? FollowUpDueOn { get; set; }

    public DateTimeOffset? ReminderSentAt { get; set; }
    public DateTimeOffset? EscalatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public DateTimeOffset ModifiedAt { get; set; }

    /// A one-way hash of the sender's network address, for rate limits; the address itself is not kept.
    public string? SenderHash { get; set; }

    /// SHA-256 of the secret the commenter holds to answer again; the secret itself is sent once.
    public string? FollowUpSecretHash { get; set; }

    public List<CommentMessage> Messages { get; set; } = [];

    /// The date a reply is now due, whether for the first time or after the commenter answered again.
    public DateOnly? OpenDueOn => Status switch
    {
        CommentStatus.Received or CommentStatus.Assigned => DueOn,
        CommentStatus.Reopened => FollowUpDueOn ?? DueOn,
        _ => null,
    };

    public bool AwaitsReply => Status is CommentStatus.Received or CommentStatus.Assigned or CommentStatus.Reopened;
}

/// One entry in a comment's thread.
public sealed class CommentMessage
{
    public long Id { get; set; }
    public Guid CommentId { get; set; }
    public CommentMessageKind Kind { get; set; }
    public required string Body { get; set; }

    /// The member of staff who wrote a reply or note; null for the commenter.
    public Guid? AuthorId { get; set; }

    /// The name the reply is signed with in public: the agency's, not the officer's.
    public string? SignedAs { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public enum CommentKind
{
    /// 資料錯誤
    DataError = 0,
    /// 請求更新
    UpdateRequest = 1,
    /// 新增資料需求
    NewDataRequest = 2,
    /// 提問
    Question = 3,
    /// 其他
    Other = 4,
}

public enum CommentOrigin
{
    /// Left on this portal.
    Portal = 0,
    /// Received on the national platform (data.gov.tw) and imported.
    NationalPlatform = 1,
}

public enum CommentStatus
{
    Received = 0,
    Assigned = 1,
    Replied = 2,
    Closed = 3,
    /// The commenter answered after a reply: it needs a reply again.
    Reopened = 4,
}

public enum ModerationState
{
    /// Shown in public and counted.
    Visible = 0,
    /// Looks like spam: waits for a moderator, visible to moderators only.
    Held = 1,
    /// A moderator judged it spam: kept, never shown, not counted.
    Spam = 2,
}

public enum CommentMessageKind
{
    /// What the commenter wrote: the first message and any later answer.
    FromCommenter = 0,
    /// A reply from the agency, shown in public.
    Reply = 1,
    /// A note between staff, never shown in public.
    InternalNote = 2,
    /// A change of handler, status or moderation, in words, for staff.
    Event = 3,
}
