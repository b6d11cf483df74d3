using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Web.Pages.Portal;

/// The front page: a way into search, the size of the catalog, what is new, and who publishes what.
public sealed class IndexModel(KaifangDbContext db, AgencyDirectory agencies) : PageModel
{
    public const int NewestCount = 6;

    public int DatasetCount { get; private set; }
    public int ResourceCount { get; private set; }
    public int AgencyCount { get; private set; }
    public bool HasSampleData { get; private set; }
    public IReadOnlyList<NewDataset> Newest { get; private set; } = [];

    /// Agencies in tree order with their published datasets.
    public IReadOnlyList<(AgencyNode Agency, int Depth, int Count)> AgencyCounts { get; private set; } = [];
    public IReadOnlyList<(ServiceCategory Category, int Count)> CategoryCounts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var published = db.Datasets.AsNoTracking().Where(d => d.Status == DatasetStatus.Published);
        DatasetCount = await published.CountAsync(cancellationToken);
        ResourceCount = await db.Resources.CountAsync(r => r.Dataset!.Status == DatasetStatus.Published, cancellationToken);
        HasSampleData = await published.AnyAsync(d => d.IsSample, cancellationToken);
        Newest = await published
            .OrderByDescending(d => d.FirstPublishedAt ?? d.MetadataModifiedAt)
            .ThenBy(d => d.Name)
            .Take(NewestCount)
            .Select(d => new NewDataset(d.Name, d.Title, d.TitleEn, d.Agency!.Code, d.FirstPublishedAt ?? d.MetadataModifiedAt, d.IsSample))
            .ToListAsync(cancellationToken);

        var byAgency = await published.GroupBy(d => d.AgencyId)
            .Select(g => new { AgencyId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.AgencyId, g => g.Count, cancellationToken);
        var tree = agencies.Tree;
        AgencyCounts = [.. tree.Flatten().Select(n => (n.Node, n.Depth, byAgency.GetValueOrDefault(n.Node.Id)))];
        AgencyCount = AgencyCounts.Count;

        var byCategory = await published.GroupBy(d => d.ServiceCategory)
            .Select(g => new { Code = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Code, g => g.Count, cancellationToken);
        CategoryCounts = [.. ServiceCategories.All
            .Select(c => (c, byCategory.GetValueOrDefault(c.Code)))
            .Where(c => c.Item2 > 0)];
    }

    public sealed record NewDataset(string Name, string Title, string? TitleEn, string AgencyCode, DateTimeOffset PublishedAt, bool IsSample);
}
