using Kaifang.Agencies;
using Kaifang.Feedback;
using Kaifang.Review;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Evaluation;

/// One record behind an indicator's figure: a meeting, a dataset or a comment, with whether it counts and why.
/// Counts is null for what is not counted either way (a comment still within its deadline).
public sealed record DrillDownItem(string Key, string Title, string? Url, DateOnly? Date, bool? Counts, string? Period, string Zh, string En);

public sealed record DrillDown(string Agency, string AgencyName, string AgencyNameEn, string Indicator, string Period, IReadOnlyList<DrillDownItem> Items);

/// Every number of the evaluation drills down to what makes it: the working-group meetings held, the datasets
/// first published, the datasets of the frozen quarterly checks with their faults or stars, the comments received
/// with their reply days. The lists follow the same rules as <see cref="IndicatorMeasurement"/>.
public sealed class IndicatorDrillDown(KaifangDbContext db, AgencyDirectory agencies, TimeProvider time)
{
    public async Task<DrillDown?> ForAsync(string agencyCode, string indicator, FeedbackPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        if (agencies.Tree.FindByCode(agencyCode) is not { } agency || !EvaluationScoring.Indicators.Contains(indicator))
        {
            return null;
        }
        var items = indicator switch
        {
            "meetings" => await MeetingsAsync(agency.Id, period, cancellationToken),
            "growth" => await GrowthAsync(agency.Id, period, cancellationToken),
            "accuracy" => await AccuracyAsync(agency.Id, period, cancellationToken),
            "three-star" => await StarsAsync(agency.Id, period, cancellationToken),
            _ => await RepliesAsync(agency.Id, period, cancellationToken),
        };
        return new DrillDown(agency.Code, agency.Name, agency.NameEn, indicator, period.Label, items);
    }

    private async Task<List<DrillDownItem>> MeetingsAsync(int agencyId, FeedbackPeriod period, CancellationToken ct)
    {
        var meetings = await db.ReviewMeetings.AsNoTracking()
            .Where(m => m.AgencyId == agencyId && m.Kind == MeetingKind.WorkingGroup && m.Date >= period.From && m.Date <= period.To)
            .OrderBy(m => m.Date).ToListAsync(ct);
        return [.. meetings.Select(m => new DrillDownItem(m.Id.ToString(), m.Title, $"/admin/meetings/{m.Id}", m.Date, m.MinutesRecordedAt is not null, null,
            m.MinutesRecordedAt is null ? "會議紀錄尚未登錄，不計入" : "已登錄會議紀錄", m.MinutesRecordedAt is null ? "Minutes not recorded yet: not counted" : "Minutes recorded"))];
    }

    private async Task<List<DrillDownItem>> GrowthAsync(int agencyId, FeedbackPeriod period, CancellationToken ct)
    {
        var (from, to) = IndicatorMeasurement.Instants(period);
        var datasets = await db.Datasets.AsNoTracking()
            .Where(d => d.AgencyId == agencyId && d.FirstPublishedAt >= from && d.FirstPublishedAt < to)
            .Select(d => new { d.Identifier, d.Name, d.Title, d.FirstPublishedAt, d.Status }).ToListAsync(ct);
        return [.. datasets.OrderBy(d => d.FirstPublishedAt).Select(d => new DrillDownItem(d.Identifier, d.Title, $"/datasets/{d.Name}",
            ReplyDeadline.TaipeiDate(d.FirstPublishedAt!.Value), true, null,
            d.Status == Catalog.DatasetStatus.Published ? "首次公開" : "首次公開（目前已下架，仍計入當年新增）",
            d.Status == Catalog.DatasetStatus.Published ? "First published" : "First published (withdrawn since; still counts for the year)"))];
    }

    private async Task<List<DrillDownItem>> AccuracyAsync(int agencyId, FeedbackPeriod period, CancellationToken ct)
    {
        var result = new List<DrillDownItem>();
        foreach (var snapshot in await SnapshotsAsync(agencyId, period, ct))
        {
            foreach (var item in snapshot.Items.OrderBy(i => i.Identifier, StringComparer.Ordinal))
            {
                var faults = new List<(string Zh, string En)>();
                if (item.NotUpdatedOnTime)
                {
                    faults.Add(("未如期更新", "not updated on time"));
                }
                if (item.BrokenLink)
                {
                    faults.Add(("連結失效", "broken link"));
                }
                if (item.WrongInformation)
                {
                    faults.Add(("資訊錯誤", "wrong information"));
                }
                result.Add(new DrillDownItem(item.Identifier, item.Title, null, null, faults.Count == 0, snapshot.Period,
                    faults.Count == 0 ? "無缺失" : $"{string.Join("、", faults.Select(f => f.Zh))}（扣 {faults.Count} 項）{(item.Reasons is null ? "" : "：" + item.Reasons)}",
                    faults.Count == 0 ? "No fault" : $"{string.Join(", ", faults.Select(f => f.En))} ({faults.Count} counted){(item.Reasons is null ? "" : ": " + item.Reasons)}"));
            }
        }
        return result;
    }

    private async Task<List<DrillDownItem>> StarsAsync(int agencyId, FeedbackPeriod period, CancellationToken ct)
    {
        var last = (await SnapshotsAsync(agencyId, period, ct)).LastOrDefault(s => s.DatasetsOpen > 0);
        return last is null ? [] : [.. last.Items.OrderByDescending(i => i.Stars).ThenBy(i => i.Identifier, StringComparer.Ordinal)
            .Select(i => new DrillDownItem(i.Identifier, i.Title, null, null, i.Stars >= 3, last.Period,
                $"{i.Stars} 星{(i.Stars >= 4 ? "（四星以上，計入加分）" : "")}", $"{i.Stars} stars{(i.Stars >= 4 ? " (four or more: counts for the bonus)" : "")}"))];
    }

    private async Task<List<DrillDownItem>> RepliesAsync(int agencyId, FeedbackPeriod period, CancellationToken ct)
    {
        var today = ReplyDeadline.TaipeiDate(time.GetUtcNow());
        var comments = await db.Comments.AsNoTracking()
            .Where(c => c.AgencyId == agencyId && c.Moderation == ModerationState.Visible && c.ReceivedOn >= period.From && c.ReceivedOn <= period.To)
            .OrderBy(c => c.ReceivedOn).ThenBy(c => c.Reference)
            .Select(c => new { c.Reference, c.Subject, c.ReceivedOn, c.DueOn, c.FirstRepliedOn, c.DaysToReply }).ToListAsync(ct);
        return [.. comments.Select(c =>
        {
            var (counts, zh, en) = c.FirstRepliedOn is { } replied
                ? replied <= c.DueOn
                    ? ((bool?)true, $"{replied:yyyy-MM-dd} 回覆，{c.DaysToReply} 日，如期", $"Replied {replied:yyyy-MM-dd}, {c.DaysToReply} days: on time")
                    : (false, $"{replied:yyyy-MM-dd} 回覆，{c.DaysToReply} 日，逾期（期限 {c.DueOn:yyyy-MM-dd}）", $"Replied {replied:yyyy-MM-dd}, {c.DaysToReply} days: late (due {c.DueOn:yyyy-MM-dd})")
                : c.DueOn < today
                    ? (false, $"逾期未回覆（期限 {c.DueOn:yyyy-MM-dd}）", $"Not replied, overdue (due {c.DueOn:yyyy-MM-dd})")
                    : (null, $"待回覆（期限 {c.DueOn:yyyy-MM-dd}），尚不計入", $"Awaiting a reply (due {c.DueOn:yyyy-MM-dd}): not counted yet");
            return new DrillDownItem(c.Reference, c.Subject, $"/admin/feedback/{c.Reference}", c.ReceivedOn, counts, null, zh, en);
        })];
    }

    private async Task<List<Quality.QualitySnapshot>> SnapshotsAsync(int agencyId, FeedbackPeriod period, CancellationToken ct) =>
        await db.QualitySnapshots.AsNoTracking().Include(s => s.Items)
            .Where(s => s.AgencyId == agencyId && s.Year == period.Year && (period.Quarter == null || s.Quarter == period.Quarter))
            .OrderBy(s => s.Quarter).ToListAsync(ct);
}
