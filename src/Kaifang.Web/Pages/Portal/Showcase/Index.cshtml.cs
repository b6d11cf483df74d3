using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Promotion;
using Kaifang.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Web.Pages.Portal.Showcase;

/// Approved showcases of reuse, filtered by agency and by dataset.
public sealed class IndexModel(Showcases showcases, AgencyDirectory agencies, KaifangDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Agency { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Dataset { get; set; }

    public ShowcaseListView List { get; private set; } = null!;
    public AgencyTree Tree => agencies.Tree;
    public (string Name, string Title)? DatasetShown { get; private set; }
    public bool Submitted { get; private set; }

    public async Task OnGetAsync(bool? submitted, CancellationToken ct)
    {
        Submitted = submitted == true;
        var agencyId = string.IsNullOrWhiteSpace(Agency) ? null : agencies.Tree.FindByCode(Agency.Trim())?.Id;
        Guid? datasetId = null;
        if (!string.IsNullOrWhiteSpace(Dataset))
        {
            var found = await db.Datasets.AsNoTracking().Where(d => d.Status == DatasetStatus.Published).Named(Dataset.Trim())
                .Select(d => new { d.Id, d.Name, d.Title }).FirstOrDefaultAsync(ct);
            // An unknown dataset shows nothing rather than everything.
            datasetId = found?.Id ?? Guid.Empty;
            DatasetShown = found is null ? null : (found.Name, found.Title);
        }
        var list = await showcases.ApprovedAsync(agencyId, datasetId, ct);
        List = new ShowcaseListView(list, await showcases.DatasetNamesAsync(list, ct), ShowDatasets: true);
    }
}
