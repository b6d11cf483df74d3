using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Quality;
using Microsoft.AspNetCore.Mvc;

namespace Kaifang.Web.Pages.Admin.Quality;

/// Metadata quality scores (docs/quality.md, "Metadata quality"): each agency's average and bands,
/// and each published dataset's score, worst first. Staff see their own agencies, a system
/// administrator every agency.
public sealed class MetadataModel(AgencyDirectory agencies, MetadataQualityReport report) : StaffPageModel(agencies)
{
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true)]
    public string? Agency { get; set; }

    [BindProperty(Name = "page", SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public MetadataQualityOverview Overview { get; private set; } = null!;

    /// The datasets shown: the chosen agency's (and those below it) or all within reach, one page of them.
    public IReadOnlyList<MetadataQualityRow> Rows { get; private set; } = [];

    public int Total { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        IReadOnlySet<int>? reach = Staff.Role == StaffRole.SystemAdmin ? null : Staff.Agencies;
        IReadOnlySet<int>? shown = null;
        if (!string.IsNullOrWhiteSpace(Agency))
        {
            var node = Tree.FindByCode(Agency.Trim());
            if (node is null || !Staff.Reaches(node.Id))
            {
                return NotFound();
            }
            shown = Tree.SelfAndDescendants(node.Id);
        }
        Overview = await report.OverviewAsync(reach, ct);
        var rows = shown is null ? Overview.Datasets : [.. Overview.Datasets.Where(r => shown.Contains(r.AgencyId))];
        Total = rows.Count;
        PageNumber = Math.Max(1, PageNumber);
        Rows = [.. rows.Skip((PageNumber - 1) * PageSize).Take(PageSize)];
        return Page();
    }

    public string PageUrl(int page) =>
        $"/admin/quality/metadata?page={page}{(string.IsNullOrEmpty(Agency) ? "" : $"&agency={Uri.EscapeDataString(Agency)}")}";
}
