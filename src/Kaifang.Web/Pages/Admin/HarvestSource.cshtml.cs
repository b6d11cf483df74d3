using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Interop.Harvesting;
using Kaifang.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using static Kaifang.Web.Localization.Lang;

namespace Kaifang.Web.Pages.Admin;

/// One harvest source: its settings (changed by a system administrator) and its runs with every error.
public sealed class HarvestSourceModel(AgencyDirectory agencies, KaifangDbContext db, HarvestSources sources, HarvestSchedule schedule) : StaffPageModel(agencies)
{
    public const int RunsShown = 20;

    [BindProperty]
    public HarvestSourceInput Input { get; set; } = new();

    public HarvestSource Source { get; private set; } = null!;
    public List<HarvestRun> Runs { get; private set; } = [];
    public int Datasets { get; private set; }
    public ValidationErrors? Errors { get; private set; }

    public bool CanManage => StaffScope.Allows(Staff.Role, StaffAction.ManageSystem);

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken ct)
    {
        if (!await LoadAsync(name, ct))
        {
            return NotFound();
        }
        Input = new HarvestSourceInput
        {
            Name = Source.Name,
            Title = Source.Title,
            Kind = HarvestSources.KindName(Source.Kind),
            Url = Source.Url,
            Agency = Tree.Find(Source.AgencyId)?.Code,
            Schedule = Source.Schedule,
            Enabled = Source.Enabled,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string name, CancellationToken ct)
    {
        var result = await sources.UpdateAsync(Staff, name, Input with { Enabled = Input.Enabled ?? false }, ct);
        switch (result.Outcome)
        {
            case CatalogOutcome.Ok:
                await schedule.SyncAsync(result.Value!, ct);
                TempData["Message"] = T("已儲存變更。", "Changes saved.");
                return Redirect($"/admin/harvest/{result.Value!.Name}");
            case CatalogOutcome.Invalid:
                Errors = result.Errors;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                await LoadAsync(name, ct);
                return Page();
            case CatalogOutcome.Forbidden:
                return Forbid();
            default:
                return NotFound();
        }
    }

    public async Task<IActionResult> OnPostDeleteAsync(string name, CancellationToken ct)
    {
        var result = await sources.DeleteAsync(Staff, name, ct);
        switch (result.Outcome)
        {
            case CatalogOutcome.Ok:
                await schedule.RemoveAsync(result.Value!.Id, ct);
                TempData["Message"] = T($"已移除收割來源「{result.Value!.Title}」；它帶來的資料集留在目錄中，成為本機資料集。",
                    $"Harvest source “{result.Value!.Title}” removed; the datasets it brought stay, as local datasets.");
                return Redirect("/admin/harvest");
            case CatalogOutcome.Forbidden:
                return Forbid();
            default:
                return NotFound();
        }
    }

    private async Task<bool> LoadAsync(string name, CancellationToken ct)
    {
        var source = await sources.FindAsync(name, ct);
        if (source is null)
        {
            return false;
        }
        Source = source;
        Runs = await db.HarvestRuns.AsNoTracking().Include(r => r.Errors).Where(r => r.SourceId == source.Id)
            .OrderByDescending(r => r.StartedAt).Take(RunsShown).ToListAsync(ct);
        Datasets = await db.Datasets.CountAsync(d => d.HarvestSourceId == source.Id, ct);
        return true;
    }
}

/// What the harvest-source fields need, on the page that adds a source and the one that changes it.
public sealed record HarvestSourceFormView(HarvestSourceInput Input, ValidationErrors? Errors, AgencyTree Tree);
