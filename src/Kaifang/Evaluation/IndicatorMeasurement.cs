using Kaifang.Agencies;
using Kaifang.Feedback;
using Kaifang.Review;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kaifang.Evaluation;

/// One agency's five indicators measured over a period.
public sealed record AgencyMeasurement(AgencyNode Agency, IndicatorValues Values);

/// Measures the five indicators (ACTION-PLAN S14) per agency over a year or a quarter, from what the
/// other features record. Each agency counts its own datasets, meetings and comments (not those of the
/// agencies below it, which are measured on their own):
/// 1. working-group meetings held — minutes recorded, dated in the period;
/// 2. growth — datasets first published in the period (Taiwan time);
/// 3. accuracy — a quarter's frozen quarterly check; for a year, the mean of its frozen quarters' figures
///    (quarters not checked are left out);
/// 4. three-star and four-star ratios — of the period's last frozen quarter with datasets open;
/// 5. replies within the deadline — of the comments received in the period, and their average days to reply.
public sealed class IndicatorMeasurement(
    KaifangDbContext db, AgencyDirectory agencies, MeetingQueries meetings, FeedbackStatistics feedback, IOptions<FeedbackOptions> feedbackOptions)
{
    public async Task<IReadOnlyList<AgencyMeasurement>> MeasureAsync(FeedbackPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var held = (await meetings.WorkingGroupMeetingsHeldAsync(period, cancellationToken)).ToDictionary(m => m.Agency, m => m.Held);
        var (from, to) = Instants(period);
        var growth = await db.Datasets.AsNoTracking().Where(d => d.FirstPublishedAt >= from && d.FirstPublishedAt < to)
            .GroupBy(d => d.AgencyId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var snapshots = (await db.QualitySnapshots.AsNoTracking()
            .Where(s => s.Year == period.Year && (period.Quarter == null || s.Quarter == period.Quarter)).ToListAsync(cancellationToken)).ToLookup(s => s.AgencyId);
        var replies = (await feedback.ForPeriodAsync(period, cancellationToken)).Where(f => f.Agency.Length > 0).ToDictionary(f => f.Agency);
        var result = new List<AgencyMeasurement>();
        foreach (var (agency, _) in agencies.Tree.Flatten())
        {
            var quarters = snapshots[agency.Id].OrderBy(s => s.Quarter).ToList();
            var accuracies = quarters.Where(s => s.Accuracy is not null).Select(s => s.Accuracy!.Value).ToList();
            var last = quarters.LastOrDefault(s => s.DatasetsOpen > 0);
            replies.TryGetValue(agency.Code, out var r);
            result.Add(new AgencyMeasurement(agency, new IndicatorValues(
                held.GetValueOrDefault(agency.Code),
                growth.GetValueOrDefault(agency.Id),
                accuracies.Count == 0 ? null : Math.Round(accuracies.Average(), 2, MidpointRounding.AwayFromZero),
                last is null ? null : Percent(last.ThreeStarsOrMore, last.DatasetsOpen),
                last is null ? null : Percent(last.FourStarsOrMore, last.DatasetsOpen),
                r?.OnTimePercent,
                r?.AverageDaysToReply,
                feedbackOptions.Value.ReplyDays)));
        }
        return result;
    }

    /// The quarters of a year that have begun by <paramref name="today"/> (Taiwan date), each measured on its own.
    public async Task<IReadOnlyList<(int Quarter, IReadOnlyList<AgencyMeasurement> Agencies)>> QuartersAsync(int year, DateOnly today, CancellationToken cancellationToken)
    {
        var result = new List<(int, IReadOnlyList<AgencyMeasurement>)>();
        for (var q = 1; q <= 4; q++)
        {
            var period = new FeedbackPeriod(year, q);
            if (period.From > today)
            {
                break;
            }
            result.Add((q, await MeasureAsync(period, cancellationToken)));
        }
        return result;
    }

    /// The period's first instant and the instant after its last, in Taiwan time.
    public static (DateTimeOffset From, DateTimeOffset To) Instants(FeedbackPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        var taipei = TimeSpan.FromHours(8);
        return (new DateTimeOffset(period.From.ToDateTime(TimeOnly.MinValue), taipei), new DateTimeOffset(period.To.AddDays(1).ToDateTime(TimeOnly.MinValue), taipei));
    }

    internal static decimal Percent(int part, int whole) => Math.Round(100m * part / whole, 2, MidpointRounding.AwayFromZero);
}
