using Kaifang.Catalog;
using Kaifang.Datastore;
using Kaifang.Interop.NationalPlatform;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Interop.CommonApi;

/// The catalog side of the common data-access API: service categories, keywords, the dataset list
/// and one dataset's metadata. Only published datasets exist here; a draft or a withdrawn dataset
/// answers as if there were none. Lists are in a fixed order, so that paging with limit and offset
/// neither misses nor repeats an item.
public sealed class CommonApiQueries(KaifangDbContext db, DatastoreQueries datastore)
{
    private IQueryable<Dataset> Published() => db.Datasets.AsNoTracking().Where(d => d.Status == DatasetStatus.Published);

    /// The service-category codes that published datasets use, in the national platform's order.
    public async Task<IReadOnlyList<string>> GroupCodesAsync(CommonPage page, CancellationToken cancellationToken)
    {
        var codes = await Published().Select(d => d.ServiceCategory).Distinct().ToListAsync(cancellationToken);
        return [.. page.Of(codes.OrderBy(CategoryOrder).ThenBy(c => c, StringComparer.Ordinal))];
    }

    /// A service category with its published datasets (their ids paged; package_count counts them all).
    public async Task<CommonGroup> GroupAsync(string categoryCode, CommonPage page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(categoryCode);
        var category = ServiceCategories.Find(categoryCode);
        var code = category?.Code ?? categoryCode;
        var members = await Published().Where(d => d.ServiceCategory == code)
            .OrderBy(d => d.Identifier)
            .Select(d => new { d.Identifier, d.FirstPublishedAt })
            .ToListAsync(cancellationToken);
        if (members.Count == 0)
        {
            throw CommonApiException.NotFound(
                $"服務分類「{categoryCode}」下沒有已上架的資料集。",
                $"No published dataset is in service category \"{categoryCode}\".");
        }
        return new CommonGroup(
            code,
            category?.Name ?? code,
            category is null ? "" : $"服務分類 {category.Code} {category.Name}（{category.NameEn}）",
            members.Count,
            NationalExport.TaipeiTime(members.Min(m => m.FirstPublishedAt)),
            [.. page.Of(members.Select(m => m.Identifier))]);
    }

    /// Every keyword of published datasets, once each, in code-point order.
    public async Task<IReadOnlyList<string>> TagsAsync(CommonPage page, CancellationToken cancellationToken)
    {
        var lists = await Published().Select(d => d.Keywords).ToListAsync(cancellationToken);
        var tags = lists.SelectMany(k => k).Select(k => k.Trim()).Where(k => k.Length > 0)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return [.. page.Of(tags)];
    }

    /// The ids of the published datasets that carry the keyword.
    public async Task<IReadOnlyList<string>> TagAsync(string tag, CommonPage page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var wanted = tag.Trim();
        var datasets = await Published().OrderBy(d => d.Identifier).Select(d => new { d.Identifier, d.Keywords }).ToListAsync(cancellationToken);
        var ids = datasets.Where(d => d.Keywords.Any(k => string.Equals(k.Trim(), wanted, StringComparison.Ordinal))).Select(d => d.Identifier).ToList();
        if (ids.Count == 0)
        {
            throw CommonApiException.NotFound($"沒有已上架的資料集帶有關鍵字「{tag}」。", $"No published dataset has the keyword \"{tag}\".");
        }
        return [.. page.Of(ids)];
    }

    /// The ids of published datasets, in identifier order; with a time, only those whose metadata or
    /// data changed at or after it.
    public async Task<IReadOnlyList<string>> DatasetIdsAsync(DateTimeOffset? modifiedSince, CommonPage page, CancellationToken cancellationToken)
    {
        var query = Published();
        if (modifiedSince is { } since)
        {
            query = query.Where(d => d.MetadataModifiedAt >= since || (d.DataModifiedAt != null && d.DataModifiedAt >= since));
        }
        return await query.OrderBy(d => d.Identifier).Select(d => d.Identifier)
            .Skip(page.Offset).Take(page.Limit).ToListAsync(cancellationToken);
    }

    /// A published dataset's metadata, found by its identifier (or URL name).
    public async Task<CommonDataset> DatasetAsync(string datasetId, string baseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(datasetId);
        var dataset = await Published().Named(datasetId)
            .Include(d => d.Agency)
            .Include(d => d.Resources)
            .AsSplitQuery()
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw CommonApiException.NotFound($"找不到已上架的資料集「{datasetId}」。", $"There is no published dataset \"{datasetId}\".");
        var tables = new Dictionary<Guid, DatastoreTable>();
        foreach (var id in datastore.ActiveAmong(dataset.Resources.Select(r => r.Id)))
        {
            if (await datastore.TableAsync(id, cancellationToken) is { } table)
            {
                tables[id] = table;
            }
        }
        return CommonApiMapping.Dataset(dataset, dataset.Agency!, tables, baseUrl);
    }

    /// A resource of a published dataset, by its identifier, with its dataset.
    public async Task<Resource> ResourceAsync(string resourceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resourceId);
        var trimmed = resourceId.Trim();
        return await db.Resources.AsNoTracking().Include(r => r.Dataset)
            .FirstOrDefaultAsync(r => r.Identifier == trimmed && r.Dataset!.Status == DatasetStatus.Published, cancellationToken)
            ?? throw ResourceNotFound(resourceId);
    }

    public static CommonApiException ResourceNotFound(string resourceId) => CommonApiException.NotFound(
        $"找不到指定的 resourceID「{resourceId}」資料內容：它不是已上架資料集的資料資源，或不是已載入資料存放區的表格檔（CSV、TSV、JSON、XLS、XLSX、ODS）。",
        $"No data for resourceID \"{resourceId}\": it is not a resource of a published dataset, or not a table (CSV, TSV, JSON, XLS, XLSX, ODS) loaded in the DataStore.");

    private static int CategoryOrder(string code)
    {
        for (var i = 0; i < ServiceCategories.All.Count; i++)
        {
            if (ServiceCategories.All[i].Code == code)
            {
                return i;
            }
        }
        return int.MaxValue;
    }
}
