using Kaifang.Agencies;
using Kaifang.Feedback;
using Kaifang.Review;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kaifang.Evaluation;

/// The year's evaluation of every agency (ACTION-PLAN S14–S16), from what the other features record:
/// working-group meetings held (their minutes recorded), datasets first published in the year (Taiwan
/// time), the frozen quarterly checks — the year's accuracy is the mean of its quarters' figures, the star
/// ratios are those of its last frozen quarter — and replies within the deadline to the comments received
/// in the year. The quarterly snapshots never change, so evaluating a past year again gives the same answer
/// for the indicators they carry.
public sealed class YearlyEvaluation(
    KaifangDbContext db, AgencyDirectory agencies, MeetingQueries meetings, FeedbackStatistics feedback,
    IOptions<EvaluationRules> rules, IOptions<FeedbackOptions> feedbackOptions)
{
    public sealed record Result(int Year, EvaluationRules Rules, IReadOnlyList<AgencyEvaluation> Agencies);

    public async Task<Result> EvaluateAsync(int year, CancellationToken cancellationToken)
    {
        var period = new FeedbackPeriod(year);
        var held = (await meetings.WorkingGroupMeetingsHeldAsync(period, cancellationToken)).ToDictionary(m => m.Agency, m => m.Held);
        var from = new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));
        var to = from.AddYears(1);
        var growth = await db.Datasets.AsNoTracking().Where(d => d.FirstPublishedAt >= from && d.FirstPublishedAt < to)
            .GroupBy(d => d.AgencyId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var snapshots = (await db.QualitySnapshots.AsNoTracking().Where(s => s.Year == year).ToListAsync(cancellationToken)).ToLookup(s => s.AgencyId);
        var replies = (await feedback.ForPeriodAsync(period, cancellationToken)).Where(f => f.Agency.Length > 0).ToDictionary(f => f.Agency);
        var targets = await db.PerformanceTargets.AsNoTracking().Where(t => t.Year == year).ToDictionaryAsync(t => t.AgencyId, cancellationToken);
        var inputs = new List<(string, string, string, IndicatorValues, PerformanceTarget?)>();
        foreach (var (agency, _) in agencies.Tree.Flatten())
        {
            var quarters = snapshots[agency.Id].OrderBy(s => s.Quarter).ToList();
            var accuracies = quarters.Where(s => s.Accuracy is not null).Select(s => s.Accuracy!.Value).ToList();
            var last = quarters.LastOrDefault(s => s.DatasetsOpen > 0);
            replies.TryGetValue(agency.Code, out var r);
            inputs.Add((agency.Code, agency.Name, agency.NameEn, new IndicatorValues(
                held.GetValueOrDefault(agency.Code),
                growth.GetValueOrDefault(agency.Id),
                accuracies.Count == 0 ? null : Math.Round(accuracies.Average(), 2),
                last is null ? null : Math.Round(100m * last.ThreeStarsOrMore / last.DatasetsOpen, 2),
                last is null ? null : Math.Round(100m * last.FourStarsOrMore / last.DatasetsOpen, 2),
                r?.OnTimePercent,
                r?.AverageDaysToReply,
                feedbackOptions.Value.ReplyDays), targets.GetValueOrDefault(agency.Id)));
        }
        return new Result(year, rules.Value, EvaluationScoring.Rank(inputs, rules.Value));
    }
}
