using Kaifang.Agencies;
using Kaifang.Quality;
using Kaifang.Storage;
using Kaifang.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using static Kaifang.Web.Localization.Lang;

namespace Kaifang.Web.Pages.Admin.Quality;

/// The agencies compared: the accuracy formula's counts as they stand now, and the frozen quarterly checks.
public sealed class IndexModel(AgencyDirectory agencies, QualityAssessment assessment, QuarterlyCheck quarterly, KaifangDbContext db, TimeProvider time)
    : StaffPageModel(agencies)
{
    public sealed record AgencyFigures(AgencyNode Agency, int Open, int Late, int Broken, int Wrong, decimal? Accuracy, int ThreeStars, int FourStars);

    public IReadOnlyList<AgencyFigures> Live { get; private set; } = [];
    public IReadOnlyList<QualitySnapshot> Snapshots { get; private set; } = [];
    public bool CanRun => QualityChecksApi.IsMinistryAdmin(Staff, Agencies);
    public string CurrentQuarter { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var (year, quarter) = QuarterlyCheck.QuarterOf(Kaifang.Feedback.ReplyDeadline.TaipeiDate(time.GetUtcNow()));
        CurrentQuarter = $"{year}Q{quarter}";
        var judged = await assessment.AssessAsync(Staff.Role == Accounts.StaffRole.SystemAdmin ? null : Staff.Agencies, null, ct);
        var byAgency = judged.ToLookup(d => d.AgencyId);
        Live = [.. Tree.Flatten().Where(x => Staff.Reaches(x.Node.Id)).Select(x =>
        {
            var list = byAgency[x.Node.Id].ToList();
            int late = list.Count(d => d.NotUpdatedOnTime), broken = list.Count(d => d.HasBrokenLink), wrong = list.Count(d => d.HasWrongInformation);
            return new AgencyFigures(x.Node, list.Count, late, broken, wrong, QualitySnapshot.AccuracyOf(list.Count, late, broken, wrong),
                list.Count(d => d.Stars.Stars >= 3), list.Count(d => d.Stars.Stars >= 4));
        })];
        Snapshots = [.. (await db.QualitySnapshots.AsNoTracking().OrderByDescending(s => s.Year).ThenByDescending(s => s.Quarter).Take(200).ToListAsync(ct))
            .Where(s => Staff.Reaches(s.AgencyId))];
    }

    public async Task<IActionResult> OnPostRunAsync(string? period, CancellationToken ct)
    {
        if (!CanRun)
        {
            return Forbid();
        }
        if (Kaifang.Feedback.FeedbackPeriod.Parse(period) is not { Quarter: { } quarter } p)
        {
            TempData["Message"] = T($"「{period}」不是季別；請寫成如 2026Q3。", $"'{period}' is not a quarter; write e.g. 2026Q3.");
            return Redirect("/admin/quality");
        }
        var result = await quarterly.RunAsync(p.Year, quarter, Staff.UserName, ct);
        TempData["Message"] = T($"{p.Label} 季檢核：新凍結 {result.Taken.Count} 個機關，已凍結 {result.AlreadyFrozen.Count} 個機關維持不變。",
            $"{p.Label} quarterly check: {result.Taken.Count} agencies frozen now, {result.AlreadyFrozen.Count} frozen before and left as they were.");
        return Redirect($"/admin/quality/checks/{p.Label}");
    }
}
