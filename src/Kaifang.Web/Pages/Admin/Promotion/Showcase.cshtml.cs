using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Promotion;
using Kaifang.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace Kaifang.Web.Pages.Admin.Promotion;

/// The showcases awaiting this admin's decision (of datasets of agencies in their scope), and the latest decided.
public sealed class ShowcaseModel(AgencyDirectory agencies, Showcases showcases) : StaffPageModel(agencies)
{
    public IReadOnlyList<Kaifang.Promotion.Showcase> Items { get; private set; } = [];
    public IReadOnlyDictionary<Guid, (string Name, string Title, int AgencyId)> Names { get; private set; } = new Dictionary<Guid, (string, string, int)>();
    public string? Message { get; private set; }
    public ValidationErrors? Errors { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Message = TempData["Message"] as string;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(Guid id, bool approve, string? reason, CancellationToken ct)
    {
        var result = await showcases.DecideAsync(Staff, id, approve, reason, HttpContext.PublicBaseUrl(), ct);
        if (result.Outcome == CatalogOutcome.Forbidden)
        {
            return Forbid();
        }
        if (result.Outcome == CatalogOutcome.NotFound)
        {
            return NotFound();
        }
        if (result.Succeeded)
        {
            TempData["Message"] = approve ? $"已核准「{result.Value!.Title}」。 / Approved." : $"已退回「{result.Value!.Title}」。 / Rejected.";
            return Redirect("/admin/promotion/showcase");
        }
        Errors = result.Errors;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var all = await showcases.ForStaffAsync(Staff, pendingOnly: false, ct);
        Items = [.. all.Where(s => s.Status == ShowcaseStatus.Pending), .. all.Where(s => s.Status != ShowcaseStatus.Pending).Take(50)];
        Names = await showcases.DatasetNamesAsync(Items, ct);
    }
}
