using Kaifang.Agencies;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kaifang.Feedback;

/// A year, or one quarter of it, by the Taiwan date a comment was received.
public sealed record FeedbackPeriod(int Year, int? Quarter = null)
{
    public DateOnly From => new(Year, Quarter is { } q ? (q - 1) * 3 + 1 : 1, 1);
    public DateOnly To => Quarter is { } q ? new DateOnly(Year, q * 3, 1).AddMonths(1).AddDays(-1) : new DateOnly(Year, 12, 31);
    public string Label => Quarter is { } q ? $"{Year}Q{q}" : $"{Year}";

    /// 2026, 2026Q3 or 2026-Q3; null for anything else.
    public static FeedbackPeriod? Parse(string? text)
    {
        var t = (text ?? "").Trim().ToUpperInvariant().Replace("-", "", StringComparison.Ordinal);
        if (t.Length == 4 && int.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, out var year) && year is >= 2000 and <= 2200)
        {
            return new FeedbackPeriod(year);
        }
        if (t.Length == 6 && t[4] == 'Q' && int.TryParse(t.AsSpan(0, 4), System.Globalization.CultureInfo.InvariantCulture, out year)
            && year is >= 2000 and <= 2200 && t[5] is >= '1' and <= '4')
        {
            return new FeedbackPeriod(year, t[5] - '0');
        }
        return null;
    }
}

/// The reply figures of one agency in one period (ACTION-PLAN S14.5 and the S15 bonus inputs).
/// A comment still inside its deadline and not replied to is pending: it is not counted yet either way.
public sealed record FeedbackFigures(
    string Agency, string AgencyName, string AgencyNameEn,
    int Received, int Pending, int Counted, int RepliedOnTime, int RepliedLate, int Overdue,
    decimal? OnTimePercent, decimal? AverageDaysToReply, int ReplyDays, IReadOnlyList<int> DaysToReplyDistribution)
{
    /// The S15 bonus input: how many days on average the replies came before the limit (N − average).
    public decimal? AverageDaysToSpare => AverageDaysToReply is { } average ? ReplyDays - average : null;
}

/// Counts replies within the deadline per agency: received, replied on time, the ratio, the average
/// and spread of days to reply. Only comments shown to the public count (held and spam ones do not).
public sealed class FeedbackStatistics(KaifangDbContext db, AgencyDirectory agencies, IOptions<FeedbackOptions> options, TimeProvider time)
{
    public async Task<IReadOnlyList<FeedbackFigures>> ForPeriodAsync(FeedbackPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var today = ReplyDeadline.TaipeiDate(time.GetUtcNow());
        var from = period.From;
        var to = period.To;
        var rows = await db.Comments.AsNoTracking()
            .Where(c => c.Moderation == ModerationState.Visible && c.ReceivedOn >= from && c.ReceivedOn <= to)
            .Select(c => new Row(c.AgencyId, c.DueOn, c.FirstRepliedOn, c.DaysToReply))
            .ToListAsync(cancellationToken);
        var n = options.Value.ReplyDays;
        var byAgency = rows.ToLookup(r => r.AgencyId);
        var result = new List<FeedbackFigures>();
        foreach (var (agency, _) in agencies.Tree.Flatten())
        {
            result.Add(Figures(agency.Code, agency.Name, agency.NameEn, byAgency[agency.Id].ToList(), today, n));
        }
        result.Add(Figures("", "合計", "All agencies", rows, today, n));
        return result;
    }

    internal sealed record Row(int AgencyId, DateOnly DueOn, DateOnly? FirstRepliedOn, int? DaysToReply);

    internal static FeedbackFigures Figures(string code, string name, string nameEn, List<Row> rows, DateOnly today, int replyDays)
    {
        var replied = rows.Where(r => r.FirstRepliedOn is not null).ToList();
        var onTime = replied.Count(r => r.FirstRepliedOn <= r.DueOn);
        var overdue = rows.Count(r => r.FirstRepliedOn is null && r.DueOn < today);
        var pending = rows.Count(r => r.FirstRepliedOn is null && r.DueOn >= today);
        var counted = rows.Count - pending;
        // Index 0 is day 1 … index N−1 is day N; the last bucket holds every later reply.
        var distribution = new int[replyDays + 1];
        foreach (var r in replied)
        {
            distribution[Math.Clamp(r.DaysToReply ?? replyDays + 1, 1, replyDays + 1) - 1]++;
        }
        return new FeedbackFigures(code, name, nameEn, rows.Count, pending, counted, onTime, replied.Count - onTime, overdue,
            counted == 0 ? null : Math.Round(100m * onTime / counted, 2),
            replied.Count == 0 ? null : Math.Round((decimal)replied.Sum(r => r.DaysToReply ?? 0) / replied.Count, 2),
            replyDays, distribution);
    }
}
