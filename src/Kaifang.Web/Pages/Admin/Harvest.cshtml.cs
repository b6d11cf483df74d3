using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Interop.Harvesting;
using Kaifang.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using static Kaifang.Web.Localization.Lang;

namespace Kaifang.Web.Pages.Admin;

/// Harvest sources: what each one brought and how its runs went; a system administrator adds
/// sources and runs them.
public sealed class HarvestModel(AgencyDirectory agencies, KaifangDbContext db, HarvestSources sources, HarvestSchedule schedule, HarvestRunner runner,
    IHostApplicationLifetime lifetime) : StaffPageModel(agencies)
{
    [BindProperty]
    public HarvestSourceInput Input { get; set; } = new() { Kind = "ckan", Schedule = "daily" };

    public List<(HarvestSource Source, HarvestRun? LastRun, int Datasets)> Sources { get; private set; } = [];
    public ValidationErrors? Errors { get; private set; }

    public bool CanManage => StaffScope.Allows(Staff.Role, StaffAction.ManageSystem);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var result = await sources.CreateAsync(Staff, Input, ct);
        if (result.Outcome == CatalogOutcome.Forbidden)
        {
            return Forbid();
        }
        if (!result.Succeeded)
        {
            Errors = result.Errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }
        await schedule.SyncAsync(result.Value!, ct);
        TempData["Message"] = T($"已新增收割來源「{result.Value!.Title}」。", $"Harvest source “{result.Value!.Title}” added.");
        return Redirect("/admin/harvest");
    }

    public async Task<IActionResult> OnPostRunAsync(string name, bool full, CancellationToken ct)
    {
        var source = await sources.FindAsync(name, ct);
        if (source is null)
        {
            return NotFound();
        }
        if (!CanManage)
        {
            return Forbid();
        }
        try
        {
            // A whole list takes minutes: the run goes on in the background and shows on the source's page.
            await runner.StartAsync(source.Id, full, lifetime.ApplicationStopping);
            TempData["Message"] = T($"已開始執行「{source.Title}」；完成後結果列在下方（重新整理頁面即可看到）。",
                $"“{source.Title}” is running; its result shows below when it is done (reload the page).");
        }
        catch (HarvestAlreadyRunningException)
        {
            TempData["Message"] = T($"收割來源「{source.Title}」正在執行中，請待完成後再試。", $"Harvest source “{source.Title}” is running already; try again when it has finished.");
        }
        return Redirect($"/admin/harvest/{source.Name}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Sources = [];
        foreach (var source in await sources.ListAsync(ct))
        {
            var last = await db.HarvestRuns.AsNoTracking().Where(r => r.SourceId == source.Id).OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(ct);
            Sources.Add((source, last, await db.Datasets.CountAsync(d => d.HarvestSourceId == source.Id, ct)));
        }
    }

    public static string StatusText(HarvestRunStatus status) => status switch
    {
        HarvestRunStatus.Running => T("執行中", "running"),
        HarvestRunStatus.Succeeded => T("成功", "succeeded"),
        HarvestRunStatus.SucceededWithErrors => T("完成，部分紀錄有誤", "finished, some records failed"),
        _ => T("失敗", "failed"),
    };
}
