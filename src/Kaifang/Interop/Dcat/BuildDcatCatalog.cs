using System.Globalization;
using Kaifang.Catalog;
using Kaifang.Search;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Interop.Dcat;

/// Builds the DCAT graphs the catalog endpoints serve: a page of published datasets found through
/// the search index (so q and modified_since mean what they mean in the CKAN API), or one dataset.
/// Each dataset carries its metadata quality score as DQV measurements.
public sealed class BuildDcatCatalog(KaifangDbContext db, CatalogIndex index, Quality.MetadataQualityReport quality)
{
    public const int DefaultPageSize = 100;

    public async Task<RdfGraph> PageAsync(DcatCatalogRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var filters = new List<string>();
        if (request.ModifiedSince is { } since)
        {
            filters.Add($"metadata_modified:[{since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} TO *]");
        }
        var result = index.Search(new CatalogQuery
        {
            Text = request.Text,
            FilterQueries = filters,
            // A harvester walks the pages one by one: an order that does not depend on the text or on edits keeps them from shifting.
            SortKeys = [new CatalogSortKey(CatalogSortField.Id, Descending: false)],
            Offset = (request.Page - 1) * request.PageSize,
            Limit = request.PageSize,
            FacetFields = [],
        });
        var ids = result.Hits.Select(h => h.Id).ToList();
        var loaded = await db.Datasets.AsNoTracking()
            .Include(d => d.Agency)
            .Include(d => d.Resources)
            .AsSplitQuery()
            .Where(d => ids.Contains(d.Id) && d.Status == DatasetStatus.Published)
            .ToDictionaryAsync(d => d.Id, cancellationToken);
        var datasets = ids.Where(loaded.ContainsKey).Select(id => loaded[id]).ToList();
        var ministry = await MinistryAsync(cancellationToken);
        var scores = await quality.ScoresAsync(datasets, cancellationToken);
        return DcatMapping.Catalog(request.BaseUrl, ministry, datasets,
            new DcatPaging(request.Page, request.PageSize, result.Total, request.PageUrl), scores);
    }

    /// One published dataset by its name, or null when there is none.
    public async Task<RdfGraph?> DatasetAsync(string baseUrl, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = name.ToLowerInvariant();
        var dataset = await db.Datasets.AsNoTracking()
            .Include(d => d.Agency)
            .Include(d => d.Resources)
            .AsSplitQuery()
            .SingleOrDefaultAsync(d => d.Name == key && d.Status == DatasetStatus.Published, cancellationToken);
        if (dataset is null)
        {
            return null;
        }
        var scores = await quality.ScoresAsync([dataset], cancellationToken);
        return DcatMapping.Dataset(baseUrl, dataset, scores[dataset.Id]);
    }

    /// The ministry at the root of the agency tree publishes the catalog.
    private Task<Agencies.Agency> MinistryAsync(CancellationToken cancellationToken) =>
        db.Agencies.AsNoTracking().Where(a => a.ParentId == null).OrderBy(a => a.Id).FirstAsync(cancellationToken);
}

/// One page of the catalog: page numbers start at 1; PageUrl gives the address of page n with the same filters.
public sealed record DcatCatalogRequest(string BaseUrl, int Page, int PageSize, DateTimeOffset? ModifiedSince, string? Text, Func<int, string> PageUrl);
