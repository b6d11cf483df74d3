using System.Text.Json.Nodes;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Interop.Ckan;
using Kaifang.Search;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Web.Api.Ckan;

/// The read actions: everything the public (and harvesters) may ask, and what staff see of their own.
public static class CkanReadActions
{
    public static Task<JsonNode?> StatusShowAsync(CkanCall call) => Task.FromResult<JsonNode?>(new JsonObject
    {
        ["site_title"] = "勞動部資料開放平臺 Kaifang",
        ["site_description"] = "勞動部及所屬機關開放資料 Open data of the Ministry of Labor and its agencies",
        ["site_url"] = call.BaseUrl,
        ["ckan_version"] = CkanFormat.CkanVersion,
        ["error_emails_to"] = null,
        ["locale_default"] = "zh_Hant_TW",
        ["extensions"] = new JsonArray("datastore", "dcat", "kaifang"),
    });

    public static async Task<JsonNode?> PackageListAsync(CkanCall call)
    {
        var limit = call.Number("limit", int.MaxValue);
        var offset = call.Number("offset", 0);
        var names = await call.Service<KaifangDbContext>().Datasets.AsNoTracking()
            .Where(d => d.Status == DatasetStatus.Published)
            .OrderBy(d => d.Name)
            .Skip(offset).Take(limit)
            .Select(d => d.Name)
            .ToListAsync(call.Aborted);
        return new JsonArray([.. names.Select(n => (JsonNode?)n)]);
    }

    public static async Task<JsonNode?> PackageShowAsync(CkanCall call)
    {
        var dataset = await FindVisibleDatasetAsync(call, call.Required("id"));
        return Package(call, dataset);
    }

    public static async Task<JsonNode?> CurrentPackageListAsync(CkanCall call)
    {
        var limit = call.Number("limit", 10, min: 1, max: 1000);
        var offset = call.Number("offset", 0);
        if (call.Has("page"))
        {
            offset = (call.Number("page", 1, min: 1) - 1) * limit;
        }
        var datasets = await call.Service<KaifangDbContext>().Datasets.AsNoTracking().Include(d => d.Resources)
            .Where(d => d.Status == DatasetStatus.Published)
            .OrderByDescending(d => d.MetadataModifiedAt).ThenBy(d => d.Name)
            .Skip(offset).Take(limit)
            .ToListAsync(call.Aborted);
        return Packages(call, datasets);
    }

    public static async Task<JsonNode?> OrganizationListAsync(CkanCall call)
    {
        var tree = call.Service<AgencyDirectory>().Tree;
        var counts = await PublishedCountsAsync(call, d => d.AgencyId);
        var allFields = call.Flag("all_fields", false);
        var descriptions = allFields ? await AgencyDescriptionsAsync(call) : [];
        var items = tree.All.Select(a => new ListItem(CkanFormat.OrganizationName(a), a.Name, counts.GetValueOrDefault(a.Id),
            () => CkanFormat.Organization(a, descriptions.GetValueOrDefault(a.Id), call.Flag("include_dataset_count", true) ? counts.GetValueOrDefault(a.Id) : null)));
        return ListOf(call, items, "organizations");
    }

    public static async Task<JsonNode?> OrganizationShowAsync(CkanCall call)
    {
        var key = call.Required("id");
        var agency = call.Service<AgencyDirectory>().Tree.FindByCodeOrOrganisationCode(key)
            ?? throw CkanException.NotFound($"There is no organization '{key}'.");
        var counts = await PublishedCountsAsync(call, d => d.AgencyId);
        var descriptions = await AgencyDescriptionsAsync(call);
        var org = CkanFormat.Organization(agency, descriptions.GetValueOrDefault(agency.Id),
            call.Flag("include_dataset_count", true) ? counts.GetValueOrDefault(agency.Id) : null);
        if (call.Flag("include_datasets", false))
        {
            org["packages"] = await PublishedPackagesAsync(call, d => d.AgencyId == agency.Id);
        }
        org["users"] = new JsonArray();
        return org;
    }

    public static async Task<JsonNode?> GroupListAsync(CkanCall call)
    {
        var counts = await PublishedCountsAsync(call, d => d.ServiceCategory);
        var items = ServiceCategories.All.Select(c => new ListItem(CkanFormat.GroupName(c), c.Name, counts.GetValueOrDefault(c.Code),
            () => CkanFormat.Group(c, counts.GetValueOrDefault(c.Code))));
        return ListOf(call, items, "groups");
    }

    public static async Task<JsonNode?> GroupShowAsync(CkanCall call)
    {
        var key = call.Required("id");
        var category = ServiceCategories.Find(key.ToUpperInvariant()) ?? ServiceCategories.Find(key)
            ?? throw CkanException.NotFound($"There is no group '{key}'.");
        var counts = await PublishedCountsAsync(call, d => d.ServiceCategory);
        var group = CkanFormat.Group(category, counts.GetValueOrDefault(category.Code));
        if (call.Flag("include_datasets", false))
        {
            group["packages"] = await PublishedPackagesAsync(call, d => d.ServiceCategory == category.Code);
        }
        return group;
    }

    public static Task<JsonNode?> TagListAsync(CkanCall call)
    {
        var query = call.Text("query")?.Trim();
        var tags = call.Service<CatalogIndex>().Search(new CatalogQuery { Limit = 0, FacetFields = [Facets.Tag], FacetLimit = int.MaxValue })
            .Facets[Facets.Tag]
            .Select(f => f.Value)
            .Where(t => string.IsNullOrEmpty(query) || t.Contains(query, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        var allFields = call.Flag("all_fields", false);
        return Task.FromResult<JsonNode?>(new JsonArray([.. tags.Select(t => allFields ? CkanFormat.Tag(t) : (JsonNode?)t)]));
    }

    public static async Task<JsonNode?> ResourceShowAsync(CkanCall call)
    {
        var (dataset, resource) = await FindVisibleResourceAsync(call, call.Required("id"));
        var active = DatastoreActive(call, [dataset]);
        var position = dataset.Resources.OrderBy(r => r.Position).ToList().IndexOf(resource);
        return CkanFormat.Resource(dataset, resource, position, call.BaseUrl, active);
    }

    public static Task<JsonNode?> LicenseListAsync(CkanCall call) =>
        Task.FromResult<JsonNode?>(new JsonArray([.. Licenses.All.Select(l => (JsonNode?)CkanFormat.License(l))]));

    /// A dataset by id or name that the caller may see; otherwise CKAN's Not Found.
    public static async Task<Dataset> FindVisibleDatasetAsync(CkanCall call, string idOrName, bool tracked = false)
    {
        var db = call.Service<KaifangDbContext>();
        IQueryable<Dataset> datasets = db.Datasets.Include(d => d.Resources);
        if (!tracked)
        {
            datasets = datasets.AsNoTracking();
        }
        var key = idOrName.Trim().ToLowerInvariant();
        var dataset = Guid.TryParse(key, out var id)
            ? await datasets.FirstOrDefaultAsync(d => d.Id == id, call.Aborted)
            : await datasets.FirstOrDefaultAsync(d => d.Name == key, call.Aborted);
        return dataset is not null && DatasetsApi.IsVisible(dataset, call.Staff)
            ? dataset
            : throw CkanException.NotFound($"There is no dataset '{idOrName}'.");
    }

    public static async Task<(Dataset Dataset, Resource Resource)> FindVisibleResourceAsync(CkanCall call, string id)
    {
        if (!Guid.TryParse(id.Trim(), out var resourceId))
        {
            throw CkanException.NotFound($"There is no resource '{id}'.");
        }
        var db = call.Service<KaifangDbContext>();
        var datasetId = await db.Resources.AsNoTracking().Where(r => r.Id == resourceId).Select(r => (Guid?)r.DatasetId).FirstOrDefaultAsync(call.Aborted)
            ?? throw CkanException.NotFound($"There is no resource '{id}'.");
        var dataset = await db.Datasets.AsNoTracking().Include(d => d.Resources).FirstAsync(d => d.Id == datasetId, call.Aborted);
        return DatasetsApi.IsVisible(dataset, call.Staff)
            ? (dataset, dataset.Resources.First(r => r.Id == resourceId))
            : throw CkanException.NotFound($"There is no resource '{id}'.");
    }

    public static JsonObject Package(CkanCall call, Dataset dataset)
    {
        var active = DatastoreActive(call, [dataset]);
        return CkanFormat.Package(dataset, call.Service<AgencyDirectory>().Tree.Find(dataset.AgencyId)!, call.BaseUrl, active);
    }

    public static JsonArray Packages(CkanCall call, IReadOnlyList<Dataset> datasets)
    {
        var tree = call.Service<AgencyDirectory>().Tree;
        var active = DatastoreActive(call, datasets);
        return new JsonArray([.. datasets.Select(d => (JsonNode?)CkanFormat.Package(d, tree.Find(d.AgencyId)!, call.BaseUrl, active))]);
    }

    /// Which of these datasets' resources have a DataStore table: a published dataset's in the DataStore,
    /// a draft's in the drafts' one (only staff who may see the draft get its package at all).
    public static IReadOnlySet<Guid> DatastoreActive(CkanCall call, IEnumerable<Dataset> datasets)
    {
        var list = datasets.ToList();
        var active = new HashSet<Guid>(call.Service<Datastore.DatastoreQueries>().ActiveAmong(
            list.Where(d => d.Status != DatasetStatus.Draft).SelectMany(d => d.Resources.Select(r => r.Id))));
        var drafts = list.Where(d => d.Status == DatasetStatus.Draft).SelectMany(d => d.Resources.Select(r => r.Id)).ToList();
        if (drafts.Count > 0)
        {
            active.UnionWith(call.Service<Datastore.DraftDatastore>().Queries.ActiveAmong(drafts));
        }
        return active;
    }

    private sealed record ListItem(string Name, string Title, int Count, Func<JsonObject> Dict);

    /// organization_list and group_list: filtered, sorted, paged, as names or as dicts.
    private static JsonArray ListOf(CkanCall call, IEnumerable<ListItem> items, string namesParameter)
    {
        var only = call.List(namesParameter).Select(n => n.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var q = call.Text("q")?.Trim();
        var filtered = items.Where(i => (only.Count == 0 || only.Contains(i.Name))
            && (string.IsNullOrEmpty(q) || i.Name.Contains(q, StringComparison.OrdinalIgnoreCase) || i.Title.Contains(q, StringComparison.Ordinal)));
        var sort = (call.Text("sort") ?? "title asc").Trim().ToLowerInvariant();
        var parts = sort.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var descending = parts.Length > 1 && parts[1] == "desc";
        Func<ListItem, object> key = parts.FirstOrDefault() switch
        {
            "name" => i => i.Name,
            "title" or "display_name" => i => i.Title,
            "package_count" => i => i.Count,
            _ => throw CkanException.Validation("sort", "Sort by name, title or package_count, then asc or desc."),
        };
        var sorted = descending ? filtered.OrderByDescending(key).ThenBy(i => i.Name, StringComparer.Ordinal) : filtered.OrderBy(key).ThenBy(i => i.Name, StringComparer.Ordinal);
        var page = sorted.Skip(call.Number("offset", 0)).Take(call.Number("limit", 1000, min: 0, max: 1000));
        var allFields = call.Flag("all_fields", false);
        return new JsonArray([.. page.Select(i => allFields ? i.Dict() : (JsonNode?)i.Name)]);
    }

    private static async Task<Dictionary<T, int>> PublishedCountsAsync<T>(CkanCall call, System.Linq.Expressions.Expression<Func<Dataset, T>> by)
        where T : notnull =>
        await call.Service<KaifangDbContext>().Datasets.AsNoTracking()
            .Where(d => d.Status == DatasetStatus.Published)
            .GroupBy(by)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, call.Aborted);

    private static async Task<Dictionary<int, string?>> AgencyDescriptionsAsync(CkanCall call) =>
        await call.Service<KaifangDbContext>().Agencies.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Description, call.Aborted);

    /// organization_show and group_show with include_datasets: up to 1000 published datasets, by name.
    private static async Task<JsonArray> PublishedPackagesAsync(CkanCall call, System.Linq.Expressions.Expression<Func<Dataset, bool>> where)
    {
        var datasets = await call.Service<KaifangDbContext>().Datasets.AsNoTracking().Include(d => d.Resources)
            .Where(d => d.Status == DatasetStatus.Published)
            .Where(where)
            .OrderBy(d => d.Name)
            .Take(1000)
            .ToListAsync(call.Aborted);
        return Packages(call, datasets);
    }
}
