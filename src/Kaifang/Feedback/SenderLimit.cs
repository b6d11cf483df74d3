using Microsoft.EntityFrameworkCore;

namespace Kaifang.Feedback;

/// How many times one sender may send something from the public forms in an hour: comments, event
/// registrations and showcases each have their own limit (FeedbackOptions, PromotionOptions) and their own
/// wording, and share this rule. A sender is a network address, known only by its hash (<see cref="SenderOf"/>).
/// The hour is the last 60 minutes, not the clock hour: a sender at the limit may send again once the
/// oldest of those sendings is an hour old.
public sealed class SenderLimit(int perHour, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// The number of sendings allowed in any hour.
    public int PerHour => perHour;

    /// What a sending is counted under: a one-way hash of the network address. Without an address (a test host,
    /// a broken proxy) all such senders share one limit rather than none.
    public static string SenderOf(string? networkAddress) =>
        FollowUpKeys.SenderHash(string.IsNullOrEmpty(networkAddress) ? "unknown" : networkAddress);

    /// Null when the sender may send once more now; otherwise the whole minutes (at least 1) until they may,
    /// given when they sent before (times older than an hour are ignored).
    public int? MinutesToWait(IEnumerable<DateTimeOffset> sentAt)
    {
        ArgumentNullException.ThrowIfNull(sentAt);
        return MinutesToWait(sentAt, time.GetUtcNow());
    }

    /// The same, for the times a query finds (the sender's sendings, filtered here to the last hour in the database).
    public async Task<int?> MinutesToWaitAsync(IQueryable<DateTimeOffset> sentAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sentAt);
        var now = time.GetUtcNow();
        var since = now - Window;
        return MinutesToWait(await sentAt.Where(t => t > since).ToListAsync(cancellationToken), now);
    }

    private int? MinutesToWait(IEnumerable<DateTimeOffset> sentAt, DateTimeOffset now)
    {
        var since = now - Window;
        var recent = sentAt.Where(t => t > since).ToList();
        if (recent.Count < perHour)
        {
            return null;
        }
        // A limit of 0 lets nothing through: the wait is then a whole hour.
        var freeAt = recent.Count == 0 ? now + Window : recent.Min() + Window;
        return Math.Max(1, (int)Math.Ceiling((freeAt - now).TotalMinutes));
    }
}
