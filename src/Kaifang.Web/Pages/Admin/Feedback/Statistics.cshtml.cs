using Kaifang.Agencies;
using Kaifang.Feedback;
using Microsoft.Extensions.Options;

namespace Kaifang.Web.Pages.Admin.Feedback;

/// Replies within the deadline per agency for a year or a quarter (ACTION-PLAN S14.5), with the S15 bonus inputs.
public sealed class StatisticsModel(AgencyDirectory agencies, FeedbackStatistics statistics, IOptions<FeedbackOptions> options, TimeProvider time) : StaffPageModel(agencies)
{
    public FeedbackPeriod Period { get; private set; } = null!;
    public string? PeriodError { get; private set; }
    public IReadOnlyList<FeedbackFigures> Figures { get; private set; } = [];
    public int ReplyDays => options.Value.ReplyDays;
    public DayCounting Counting => options.Value.DayCounting;

    public async Task OnGetAsync(string? period, CancellationToken ct)
    {
        var current = new FeedbackPeriod(ReplyDeadline.TaipeiDate(time.GetUtcNow()).Year);
        Period = string.IsNullOrWhiteSpace(period) ? current : FeedbackPeriod.Parse(period) ?? current;
        if (!string.IsNullOrWhiteSpace(period) && FeedbackPeriod.Parse(period) is null)
        {
            PeriodError = Localization.Lang.T($"「{period}」不是期間；請寫年度（2026）或季（2026Q3）。", $"'{period}' is not a period; write a year (2026) or a quarter (2026Q3).");
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        Figures = [.. (await statistics.ForPeriodAsync(Period, ct)).Where(f => f.Agency.Length == 0 || Staff.Reaches(Tree.FindByCode(f.Agency)!.Id))];
    }
}
