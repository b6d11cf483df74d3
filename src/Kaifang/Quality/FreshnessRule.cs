using Kaifang.Catalog;

namespace Kaifang.Quality;

/// Whether a dataset was updated on time, with why in words.
public sealed record FreshnessVerdict(bool IsLate, DateTimeOffset? LastUpdatedAt, DateTimeOffset? LateAfter, string Zh, string En)
{
    public string Reason(bool english) => english ? En : Zh;
}

/// The rule for "not updated on time" (定期更新, ACTION-PLAN S14.3): a dataset that declares a period
/// (每1月, 每1年…) is late once one period plus a grace share of it has passed since its data last
/// changed — calendar months and years in Taiwan time, so 每1月 from 31 Jan is due 28 Feb, and the
/// default 10% grace adds about 3 days. A real-time (即時) dataset is late after <c>realTimeMaxAge</c>
/// without a change. An irregular (不定期) one is never late. The last change is when a resource was
/// last added or replaced, else when the dataset was first published.
public sealed class FreshnessRule(double graceShare, TimeSpan realTimeMaxAge)
{
    public double GraceShare => graceShare;

    public FreshnessVerdict Judge(UpdateFrequency frequency, DateTimeOffset? dataModifiedAt, DateTimeOffset? firstPublishedAt, DateTimeOffset now)
    {
        var last = dataModifiedAt ?? firstPublishedAt;
        if (frequency.Kind == UpdateFrequencyKind.Irregular)
        {
            return new(false, last, null, "不定期更新，無更新期限。", "Updated irregularly: no deadline.");
        }
        if (last is null)
        {
            return new(false, null, null, "尚未上架，不檢查更新。", "Not published yet: not checked.");
        }
        var lateAfter = frequency.Kind == UpdateFrequencyKind.RealTime ? last.Value + realTimeMaxAge : Due(frequency, last.Value);
        var shown = Interop.NationalPlatform.TaipeiDates.Zone;
        var lastText = TimeZoneInfo.ConvertTime(last.Value, shown).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var dueText = TimeZoneInfo.ConvertTime(lateAfter, shown).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        return now > lateAfter
            ? new(true, last, lateAfter,
                $"更新頻率為{frequency}，資料最後更新於 {lastText}，應於 {dueText} 前更新（含寬限），已逾期。",
                $"Declared {frequency.ToEnglish().ToLowerInvariant()}; the data last changed {lastText} and was due by {dueText} (grace included): late.")
            : new(false, last, lateAfter,
                $"更新頻率為{frequency}，資料最後更新於 {lastText}，下次更新期限 {dueText}（含寬限）。",
                $"Declared {frequency.ToEnglish().ToLowerInvariant()}; the data last changed {lastText}; next update due by {dueText} (grace included).");
    }

    /// One declared period after the last change, plus the grace share of that period.
    private DateTimeOffset Due(UpdateFrequency frequency, DateTimeOffset last)
    {
        var zone = Interop.NationalPlatform.TaipeiDates.Zone;
        var local = TimeZoneInfo.ConvertTime(last, zone);
        var next = frequency.Unit switch
        {
            FrequencyUnit.Month => local.AddMonths(frequency.Interval),
            FrequencyUnit.Quarter => local.AddMonths(3 * frequency.Interval),
            FrequencyUnit.Year => local.AddYears(frequency.Interval),
            _ => local + frequency.Period!.Value,
        };
        var period = next - local;
        return next + TimeSpan.FromTicks((long)(period.Ticks * graceShare));
    }
}
