namespace Kaifang.Notifications;

/// An e-mail waiting to be sent, or sent. Written in the same transaction as the change it tells
/// about, so a notice is never lost nor sent for a change that was not saved; a sender delivers it after.
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public required string To { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }

    /// What it is about, e.g. feedback-reminder, for the outbox page and for not sending the same notice twice.
    public required string Topic { get; set; }

    /// What it refers to, e.g. a comment's reference.
    public string? Regarding { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// Set when sending failed so often that it stopped trying; an administrator can send it again.
    public bool GaveUp { get; set; }
}
