using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Evaluation;
using Kaifang.Reporting;
using Microsoft.AspNetCore.Mvc;
using static Kaifang.Web.Localization.Lang;

namespace Kaifang.Web.Pages.Admin.Evaluation;

/// The evaluation dashboard: the agencies ranked with every indicator, achievement and bonus explained, each
/// figure drilling down to what makes it, the quarters so far, charts, the schedule, the frozen result and the reports.
public sealed class IndexModel(AgencyDirectory agencies, YearlyEvaluation evaluation, IndicatorMeasurement measurement, ScheduleProgress schedule,
    EvaluationSnapshots snapshots, TimeProvider time) : StaffPageModel(agencies)
{
    public YearlyEvaluation.Result Result { get; private set; } = null!;
    public ScheduleReport Schedule { get; private set; } = null!;
    public EvaluationVerification? Frozen { get; private set; }
    public IReadOnlyList<(int Quarter, IReadOnlyList<AgencyMeasurement> Agencies)> Quarters { get; private set; } = [];
    public IReadOnlyList<BarChart> IndicatorCharts { get; private set; } = [];
    public IReadOnlyList<BarChart> QuarterCharts { get; private set; } = [];
    public ValidationErrors? Errors { get; private set; }
    public int ThisYear { get; private set; }

    public bool CanFreeze => Staff.Can(StaffAction.ManageTargets, Tree.Roots[0].Id) && Result.Year < ThisYear;

    public async Task OnGetAsync(int? year, CancellationToken ct) => await LoadAsync(year, ct);

    public async Task<IActionResult> OnPostFreezeAsync(int year, CancellationToken ct)
    {
        var result = await snapshots.FreezeAsync(Staff, year, ct);
        if (result.Outcome == CatalogOutcome.Forbidden)
        {
            return Forbid();
        }
        if (!result.Succeeded)
        {
            Errors = result.Errors;
            await LoadAsync(year, ct);
            return Page();
        }
        TempData["Message"] = T($"已凍結 {year} 年的評核結果。", $"The {year} evaluation is frozen.");
        return Redirect($"/admin/evaluation?year={year}");
    }

    private async Task LoadAsync(int? year, CancellationToken ct)
    {
        var today = Kaifang.Feedback.ReplyDeadline.TaipeiDate(time.GetUtcNow());
        ThisYear = today.Year;
        var y = year is >= 2000 and <= 2200 ? year.Value : today.Year;
        Frozen = await snapshots.VerifyAsync(y, ct);
        Result = Frozen?.Stored.Result ?? await evaluation.EvaluateAsync(y, ct);
        Schedule = await schedule.ForYearAsync(y, ct);
        Quarters = await measurement.QuartersAsync(y, today, ct);
        IndicatorCharts = EvaluationReport.IndicatorCharts(Result, IsEnglish);
        QuarterCharts = EvaluationReport.QuarterCharts(y, Quarters, IsEnglish);
    }
}
