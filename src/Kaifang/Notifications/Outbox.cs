using Kaifang.Storage;

namespace Kaifang.Notifications;

/// Puts notices in the outbox through the caller's unit of work: they are saved with the change.
public static class Outbox
{
    public static void Enqueue(this KaifangDbContext db, DateTimeOffset now, string to, string subject, string body, string topic, string? regarding = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (string.IsNullOrWhiteSpace(to))
        {
            return;
        }
        db.OutboxMessages.Add(new OutboxMessage
        {
            To = to.Trim(),
            Subject = subject,
            Body = body,
            Topic = topic,
            Regarding = regarding,
            CreatedAt = now,
            NextAttemptAt = now,
        });
    }
}
