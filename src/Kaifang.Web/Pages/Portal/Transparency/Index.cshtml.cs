using Kaifang.Evaluation;
using Kaifang.Reporting;
using Microsoft.AspNetCore.Mvc.RazorPages;
using static Kaifang.Web.Localization.Lang;

namespace Kaifang.Web.Pages.Portal.Transparency;

/// The ministry's progress against its open-data plan, for the public (ACTION-PLAN S13, S14): datasets open
/// against the year-end plan, new datasets against the yearly floor, and each agency's indicators against its
/// targets. Scores and the ranking stay in the back office.
public sealed class IndexModel(IndicatorMeasurement measurement, ScheduleProgress schedule, EvaluationTargets targets, TimeProvider time) : PageModel
{
    public int Year { get; private set; }
    public ScheduleReport Schedule { get; private set; } = null!;
    public IReadOnlyList<AgencyMeasurement> Measured { get; private set; } = [];
    public IReadOnlyList<TargetRow> Targets { get; private set; } = [];
    public IReadOnlyList<BarChart> Charts { get; private set; } = [];
    public IReadOnlyList<int> Years { get; private set; } = [];

    public async Task OnGetAsync(int? year, CancellationToken ct)
    {
        var today = Kaifang.Feedback.ReplyDeadline.TaipeiDate(time.GetUtcNow());
        Year = year is >= 2000 and <= 2200 && year <= today.Year ? year.Value : today.Year;
        Schedule = await schedule.ForYearAsync(Year, ct);
        Measured = await measurement.MeasureAsync(new Kaifang.Feedback.FeedbackPeriod(Year), ct);
        Targets = await targets.ForYearAsync(Year, ct);
        Years = [.. (await targets.YearsAsync(ct)).Append(today.Year).Distinct().Where(y => y <= today.Year).OrderDescending()];
        var codes = Schedule.Agencies.Select(a => a.Agency).ToList();
        var english = IsEnglish;
        Charts =
        [
            new BarChart(english ? $"Datasets open and the {Year} year-end plan" : $"開放資料集與 {Year} 年底目標", codes,
                [new(english ? "Open" : "目前開放", [.. Schedule.Agencies.Select(a => (decimal?)a.OpenNow)]),
                 new(english ? "Projected" : "推估年底", [.. Schedule.Agencies.Select(a => (decimal?)a.ProjectedOpenAtYearEnd)]),
                 new(english ? "Plan" : "年底目標", [.. Schedule.Agencies.Select(a => (decimal?)a.PlannedAtYearEnd)])], ""),
            new BarChart(english ? $"Quality and replies in {Year}" : $"{Year} 年品質與回覆", codes,
                [new(english ? "Accuracy" : "正確率", [.. Measured.Select(m => m.Values.AccuracyPercent)]),
                 new(english ? "Three stars or more" : "三星以上", [.. Measured.Select(m => m.Values.ThreeStarPercent)]),
                 new(english ? "Replies within 6 days" : "6日內回覆", [.. Measured.Select(m => m.Values.RepliesWithinDeadlinePercent)])], "%"),
        ];
    }
}
