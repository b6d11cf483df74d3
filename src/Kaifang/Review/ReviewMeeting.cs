namespace Kaifang.Review;

/// A meeting of the ministry's advisory group (諮詢小組, S3) or of an agency's working group (工作小組, S4):
/// who sat, the items reviewed and decided, the follow-up actions, and once its minutes are recorded, held.
public sealed class ReviewMeeting
{
    public Guid Id { get; set; }
    public MeetingKind Kind { get; set; }

    /// Regular (quarterly) or ad hoc (S12).
    public MeetingOccasion Occasion { get; set; }

    /// The ministry for the advisory group; the agency whose working group it is otherwise.
    public int AgencyId { get; set; }
    public DateOnly Date { get; set; }
    public required string Title { get; set; }
    public string? Location { get; set; }

    /// Discussion and remarks beyond the decisions, for the minutes.
    public string? Notes { get; set; }

    /// When the minutes were recorded: from then on the meeting counts as held (S14.1) and its record is closed.
    public DateTimeOffset? MinutesRecordedAt { get; set; }
    public string? MinutesRecordedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }

    public List<MeetingMember> Members { get; set; } = [];
    public List<AgendaItem> Agenda { get; set; } = [];
    public List<FollowUpAction> FollowUps { get; set; } = [];

    public bool IsHeld => MinutesRecordedAt is not null;
}

public enum MeetingKind
{
    AdvisoryGroup = 0,
    WorkingGroup = 1,
}

public enum MeetingOccasion
{
    Regular = 0,
    AdHoc = 1,
}

/// A member of the meeting, from inside the government or an outside expert, and whether they attended.
public sealed class MeetingMember
{
    public long Id { get; set; }
    public Guid MeetingId { get; set; }
    public required string Name { get; set; }

    /// Their organisation and title, e.g. 國立臺灣大學資訊管理學系教授.
    public string? Affiliation { get; set; }
    public bool External { get; set; }
    public bool Chair { get; set; }

    /// Null until attendance is taken.
    public bool? Attended { get; set; }
}

/// An inventory item on a meeting's agenda, and the meeting's decision on it.
public sealed class AgendaItem
{
    public long Id { get; set; }
    public Guid MeetingId { get; set; }
    public Guid ItemId { get; set; }
    public int Position { get; set; }
    public ReviewDecision? Decision { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
}

public enum ReviewDecision
{
    Approve = 0,
    ApproveWithChanges = 1,
    Reject = 2,
}

/// Something the meeting asked someone to do by a date.
public sealed class FollowUpAction
{
    public long Id { get; set; }
    public Guid MeetingId { get; set; }
    public required string Description { get; set; }
    public required string Owner { get; set; }
    public DateOnly DueOn { get; set; }
    public DateTimeOffset? DoneAt { get; set; }

    /// When its owner and the agency's administrators were last reminded that it is overdue.
    public DateTimeOffset? RemindedAt { get; set; }

    public bool IsOverdue(DateOnly today) => DoneAt is null && DueOn < today;
}
