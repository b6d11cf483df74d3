using Kaifang.Agencies;
using Kaifang.Evaluation;
using Microsoft.AspNetCore.Mvc;

namespace Kaifang.Web.Pages.Admin.Evaluation;

/// What makes one figure of the evaluation: the meetings, datasets or comments behind an agency's indicator in a year or quarter.
public sealed class DrillDownModel(AgencyDirectory agencies, IndicatorDrillDown drillDown) : StaffPageModel(agencies)
{
    public DrillDown Result { get; private set; } = null!;
    public int Year { get; private set; }
    public int? Quarter { get; private set; }

    public async Task<IActionResult> OnGetAsync(int year, string agency, string indicator, int? quarter, CancellationToken ct)
    {
        if (year is < 2000 or > 2200 || quarter is < 1 or > 4
            || await drillDown.ForAsync(agency, indicator, new Kaifang.Feedback.FeedbackPeriod(year, quarter), ct) is not { } found)
        {
            return NotFound();
        }
        (Result, Year, Quarter) = (found, year, quarter);
        return Page();
    }
}
