using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Storage;
using Kaifang.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Web.Pages.Portal.Agencies;

/// One agency: who it is, the agencies below it, and its published datasets, newest first.
public sealed class ShowModel(KaifangDbContext db, AgencyDirectory agencies) : PageModel
{
    public const int PageSize = 20;

    public Agency Agency { get; private set; } = null!;
    public AgencyNode? Parent { get; private set; }
    public IReadOnlyList<AgencyNode> Children { get; private set; } = [];
    public int Total { get; private set; }
    public IReadOnlyList<AgencyDataset> Datasets { get; private set; } = [];
    public Pager Pager { get; private set; } = new(1, PageSize, 0, _ => "");

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        var node = agencies.Tree.FindByCode(code);
        if (node is null)
        {
            return NotFound();
        }
        Agency = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == node.Id, cancellationToken);
        Parent = node.ParentId is int parent ? agencies.Tree.Find(parent) : null;
        Children = node.Children;

        var published = db.Datasets.AsNoTracking().Where(d => d.AgencyId == node.Id && d.Status == DatasetStatus.Published);
        Total = await published.CountAsync(cancellationToken);
        var requested = int.TryParse(Request.Query["page"], out var p) ? p : 1;
        var page = Pager.Clamp(requested, PageSize, Total);
        var path = $"/agencies/{node.Code.ToLowerInvariant()}";
        Pager = new Pager(page, PageSize, Total, n => n == 1 ? path : $"{path}?page={n}");
        Datasets = await published
            .OrderByDescending(d => d.MetadataModifiedAt)
            .ThenBy(d => d.Name)
            .Skip((page - 1) * PageSize)
            .Take(PageSize)
            .Select(d => new AgencyDataset(d.Name, d.Title, d.TitleEn, d.MetadataModifiedAt, d.IsSample, d.Resources.OrderBy(r => r.Position).Select(r => r.Format).ToList()))
            .ToListAsync(cancellationToken);
        return Page();
    }

    public sealed record AgencyDataset(string Name, string Title, string? TitleEn, DateTimeOffset ModifiedAt, bool IsSample, List<string> ResourceFormats)
    {
        /// Each format once: EF cannot translate Distinct inside a collection projection.
        public IEnumerable<string> Formats => ResourceFormats.Select(f => f.ToUpperInvariant()).Distinct(StringComparer.Ordinal);
    }
}
