namespace Kaifang.Promotion;

/// An explanatory session (說明會), a workshop (工作坊) or another event an agency holds to promote its
/// open data (ACTION-PLAN S11). Times are stored in UTC and shown in Taiwan time.
public sealed class PromotionEvent
{
    public Guid Id { get; set; }
    public int AgencyId { get; set; }
    public required string Title { get; set; }
    public EventKind Kind { get; set; }
    public string Description { get; set; } = "";
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }

    /// Where it is held; an online event may have only its link.
    public string? Venue { get; set; }
    public string? OnlineUrl { get; set; }

    /// Seats; registrations beyond them wait, and are given a seat in order when someone cancels.
    public int Capacity { get; set; }
    public DateTimeOffset RegistrationClosesAt { get; set; }

    /// Demo data seeded with the sample catalog.
    public bool IsSample { get; set; }

    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ModifiedAt { get; set; }

    /// The datasets the event is about (none, one or more).
    public List<EventDataset> Datasets { get; set; } = [];
    public List<EventRegistration> Registrations { get; set; } = [];
}

public enum EventKind
{
    ExplanatorySession = 0,
    Workshop = 1,
    Other = 2,
}

public sealed class EventDataset
{
    public Guid EventId { get; set; }
    public Guid DatasetId { get; set; }
}

/// One person's registration for an event. The e-mail address is for the organisers only.
public sealed class EventRegistration
{
    public Guid Id { get; set; }
    public Guid EventId { get; set; }
    public required string Name { get; set; }

    /// Kept in lower case, so one address registers once.
    public required string Email { get; set; }
    public string? Organisation { get; set; }
    public RegistrationStatus Status { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }

    /// The order of registration within the event (1, 2, …): the waiting list moves up in this order.
    public int Sequence { get; set; }

    /// When a waiting registration was given a seat.
    public DateTimeOffset? PromotedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public bool Attended { get; set; }

    /// Hashes of the keys in the cancel links sent (';'-separated); the keys themselves are never kept.
    public string? CancelSecretHash { get; set; }

    /// A one-way hash of the sender's network address, for the hourly limit.
    public string? SenderHash { get; set; }
}

public enum RegistrationStatus
{
    Confirmed = 0,
    Waiting = 1,
    Cancelled = 2,
}
