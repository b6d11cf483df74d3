using Kaifang.Agencies;
using Kaifang.Evaluation;

namespace Kaifang.Web.Pages.Admin.Evaluation;

/// The yearly evaluation: the agencies ranked, with every indicator, achievement and bonus explained.
public sealed class IndexModel(AgencyDirectory agencies, YearlyEvaluation evaluation, ScheduleProgress schedule, TimeProvider time) : StaffPageModel(agencies)
{
    public YearlyEvaluation.Result Result { get; private set; } = null!;
    public ScheduleReport Schedule { get; private set; } = null!;

    public async Task OnGetAsync(int? year, CancellationToken ct)
    {
        var y = year is >= 2000 and <= 2200 ? year.Value : Kaifang.Feedback.ReplyDeadline.TaipeiDate(time.GetUtcNow()).Year;
        Result = await evaluation.EvaluateAsync(y, ct);
        Schedule = await schedule.ForYearAsync(y, ct);
    }

    public static string IndicatorName(string indicator, bool english) => (indicator, english) switch
    {
        ("meetings", false) => "工作小組會議",
        ("meetings", true) => "Working-group meetings",
        ("growth", false) => "新增資料集",
        ("growth", true) => "New datasets",
        ("accuracy", false) => "正確率 (%)",
        ("accuracy", true) => "Accuracy (%)",
        ("three-star", false) => "三星以上比率 (%)",
        ("three-star", true) => "Three-star ratio (%)",
        (_, false) => "6日內回覆率 (%)",
        _ => "Replies within 6 days (%)",
    };
}
