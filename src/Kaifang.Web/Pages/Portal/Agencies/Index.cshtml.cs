using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Web.Pages.Portal.Agencies;

/// The ministry and its agencies as a tree, each with its published datasets counted.
public sealed class IndexModel(KaifangDbContext db, AgencyDirectory agencies) : PageModel
{
    public AgencyTree Tree => agencies.Tree;

    /// Published datasets of each agency itself, by agency id.
    public IReadOnlyDictionary<int, int> Counts { get; private set; } = new Dictionary<int, int>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Counts = await db.Datasets.AsNoTracking()
            .Where(d => d.Status == DatasetStatus.Published)
            .GroupBy(d => d.AgencyId)
            .Select(g => new { AgencyId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.AgencyId, g => g.Count, cancellationToken);
    }

    /// An agency's own datasets and those of every agency below it.
    public int TotalUnder(AgencyNode node) => Tree.SelfAndDescendants(node.Id).Sum(id => Counts.GetValueOrDefault(id));
}
