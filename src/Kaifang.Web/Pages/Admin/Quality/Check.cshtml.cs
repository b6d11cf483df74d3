using Kaifang.Agencies;
using Kaifang.Quality;
using Kaifang.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Web.Pages.Admin.Quality;

/// One frozen quarter: per agency the counts and the datasets behind each.
public sealed class CheckModel(AgencyDirectory agencies, KaifangDbContext db) : StaffPageModel(agencies)
{
    public string Period { get; private set; } = "";
    public IReadOnlyList<QualitySnapshot> Snapshots { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string period, CancellationToken ct)
    {
        if (Kaifang.Feedback.FeedbackPeriod.Parse(period) is not { Quarter: { } quarter } p)
        {
            return NotFound();
        }
        Period = p.Label;
        Snapshots = [.. (await db.QualitySnapshots.AsNoTracking().Include(s => s.Items).Where(s => s.Year == p.Year && s.Quarter == quarter).ToListAsync(ct))
            .Where(s => Staff.Reaches(s.AgencyId)).OrderBy(s => s.AgencyId)];
        return Page();
    }
}
