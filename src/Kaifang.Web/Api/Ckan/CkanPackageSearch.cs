using System.Text.Json.Nodes;
using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Interop.Ckan;
using Kaifang.Search;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Web.Api.Ckan;

/// package_search: CKAN's Solr-style parameters translated to a CatalogQuery on the search index,
/// and the hits answered as full package dicts with CKAN's facets and search_facets.
public static class CkanPackageSearch
{
    public const int DefaultRows = 10;
    public const int MaxRows = 1000;
    public const string DefaultSort = "score desc, metadata_modified desc";

    /// CKAN's facet names (and Kaifang's own) to the index's facets.
    private static readonly Dictionary<string, string> FacetNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["organization"] = Facets.Agency,
        ["groups"] = Facets.Category,
        ["tags"] = Facets.Tag,
        ["res_format"] = Facets.Format,
        ["license_id"] = Facets.License,
        ["update_frequency"] = Facets.Frequency,
        [Facets.Agency] = Facets.Agency,
        [Facets.Category] = Facets.Category,
        [Facets.Tag] = Facets.Tag,
        [Facets.Format] = Facets.Format,
        [Facets.License] = Facets.License,
        [Facets.Frequency] = Facets.Frequency,
    };

    private static readonly Dictionary<string, CatalogSortField> SortFields = new(StringComparer.OrdinalIgnoreCase)
    {
        ["score"] = CatalogSortField.Score,
        ["metadata_modified"] = CatalogSortField.Modified,
        ["metadata_created"] = CatalogSortField.Created,
        ["name"] = CatalogSortField.Name,
        ["title"] = CatalogSortField.Title,
        ["title_string"] = CatalogSortField.Title,
        ["id"] = CatalogSortField.Id,
    };

    public static async Task<JsonNode?> RunAsync(CkanCall call)
    {
        var q = call.Text("q")?.Trim();
        if (q is "*:*" or "*")
        {
            q = null;
        }
        var filters = call.List("fq_list").ToList();
        if (call.Text("fq") is { } fq && !string.IsNullOrWhiteSpace(fq))
        {
            filters.Add(fq);
        }
        var rows = call.Number("rows", DefaultRows, max: MaxRows);
        var start = call.Number("start", 0);
        var sortText = string.IsNullOrWhiteSpace(call.Text("sort")) ? DefaultSort : call.Text("sort")!.Trim();
        var facetRequested = call.Flag("facet", true);
        var facetFields = facetRequested ? call.List("facet.field") : [];
        var facetLimit = call.Number("facet.limit", 50, min: -1);
        var facetMinCount = call.Number("facet.mincount", 1);

        var facets = new List<(string Ckan, string Index)>();
        foreach (var name in facetFields)
        {
            facets.Add(FacetNames.TryGetValue(name, out var facet)
                ? (name, facet)
                : throw CkanException.SearchQuery($"Cannot count facet '{name}'; use {string.Join(", ", FacetNames.Keys.Take(6))}."));
        }

        var staff = call.Staff;
        var statuses = new List<DatasetStatus> { DatasetStatus.Published };
        if (call.Flag("include_private", false) && staff is not null)
        {
            statuses.Add(DatasetStatus.Withdrawn);
        }
        if (call.Flag("include_drafts", false) && staff is not null)
        {
            statuses.Add(DatasetStatus.Draft);
        }

        var fields = (call.Text("fl") ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var query = new CatalogQuery
        {
            Text = q,
            FilterQueries = filters,
            StrictSyntax = true,
            Statuses = statuses,
            // Beyond published datasets, staff see their own agencies' only.
            AgencyIds = statuses.Count > 1 && staff!.Role != StaffRole.SystemAdmin ? staff.Agencies : null,
            SortKeys = ParseSort(sortText),
            Offset = start,
            Limit = rows,
            FacetFields = [.. facets.Select(f => f.Index).Distinct()],
            // The index counts every value but builds only the top ones: tags alone run to thousands.
            FacetLimit = facetLimit < 0 ? int.MaxValue : facetLimit,
            // Package dicts are written from the datasets the index keeps, not loaded from the database.
            WithDatasets = fields is not ["id"],
        };
        CatalogSearchResult result;
        try
        {
            result = call.Service<CatalogIndex>().Search(query);
        }
        catch (CatalogQueryException e)
        {
            throw CkanException.SearchQuery(e.Message);
        }

        var ids = result.Hits.Select(h => h.Id).ToList();
        JsonNode packages;
        if (fields is ["id"])
        {
            // What a harvester asks to see which datasets still exist: the index answers alone.
            packages = new JsonArray([.. ids.Select(id => (JsonNode?)new JsonObject { ["id"] = id.ToString() })]);
        }
        else if (fields.Length == 0)
        {
            packages = await PackagesAsync(call, result.Hits);
        }
        else
        {
            var full = await LoadPackagesAsync(call, result.Hits);
            packages = new JsonArray([.. full.OfType<JsonObject>().Select(p => (JsonNode?)new JsonObject(
                fields.Where(p.ContainsKey).Distinct().Select(f => KeyValuePair.Create(f, p[f]?.DeepClone()))))]);
        }

        // Written straight into the answer, as the packages are: as nodes, five facets of fifty values took some
        // two thousand objects a call. A facet asked for twice is answered once, and so is a value.
        var counted = new List<(string Ckan, List<(string Name, string Display, int Count)> Items)>();
        var tree = call.Service<AgencyDirectory>().Tree;
        foreach (var (ckanName, facet) in facets.DistinctBy(f => f.Ckan, StringComparer.Ordinal))
        {
            var values = result.Facets.GetValueOrDefault(facet) ?? [];
            counted.Add((ckanName, values.Where(v => v.Count >= facetMinCount)
                .Select(v => (Name: FacetValueName(facet, v.Value, tree), Display: FacetDisplayName(facet, v.Value, tree), v.Count))
                .DistinctBy(i => i.Name, StringComparer.Ordinal)
                .Take(facetLimit < 0 ? int.MaxValue : facetLimit)
                .ToList()));
        }

        return new JsonObject
        {
            ["count"] = result.Total,
            ["results"] = packages,
            ["facets"] = new WrittenJson(w =>
            {
                w.WriteStartObject();
                foreach (var (ckanName, items) in counted)
                {
                    w.WriteStartObject(ckanName);
                    foreach (var item in items)
                    {
                        w.WriteNumber(item.Name, item.Count);
                    }
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }).AsNode(),
            ["search_facets"] = new WrittenJson(w =>
            {
                w.WriteStartObject();
                foreach (var (ckanName, items) in counted)
                {
                    w.WriteStartObject(ckanName);
                    w.WriteString("title", ckanName);
                    w.WriteStartArray("items");
                    foreach (var item in items)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", item.Name);
                        w.WriteString("display_name", item.Display);
                        w.WriteNumber("count", item.Count);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }).AsNode(),
            ["sort"] = sortText,
        };
    }

    /// The hits' package dicts, in the index's order, written straight into the answer from the
    /// datasets' records: nothing is built as nodes, no text is decoded, and nothing is kept between
    /// calls. A dataset deleted since the index was read is left out.
    private static async Task<JsonNode> PackagesAsync(CkanCall call, IReadOnlyList<CatalogHit> hits)
    {
        var active = call.Service<Datastore.DatastoreQueries>().ActiveByDataset(hits.Select(h => h.Id));
        var records = await RecordsAsync(call, hits);
        var tree = call.Service<AgencyDirectory>().Tree;
        var baseUrl = call.BaseUrl;
        // Everything is looked up before the answer is written, so that writing cannot fail halfway.
        var packages = new List<(DatasetRecordView Record, AgencyNode Agency)>(hits.Count);
        foreach (var hit in hits)
        {
            if (records.Remove(hit.Id, out var record))
            {
                if (tree.Find(record.AgencyId) is { } agency)
                {
                    packages.Add((record, agency));
                }
                else
                {
                    record.Dispose();
                }
            }
        }
        foreach (var unused in records.Values)
        {
            unused.Dispose();
        }
        return new WrittenJson(w =>
        {
            w.WriteStartArray();
            foreach (var (record, agency) in packages)
            {
                using (record)
                {
                    CkanFormat.WritePackage(w, record, agency, baseUrl, active.GetValueOrDefault(record.Id) ?? NoTables);
                }
            }
            w.WriteEndArray();
        }).AsNode();
    }

    private static readonly IReadOnlySet<Guid> NoTables = new HashSet<Guid>();

    /// The hits' dataset records, by id: as the index keeps them, and made from the database for
    /// those it keeps none of (a dataset too large for it). Each is to be disposed of.
    private static async Task<Dictionary<Guid, DatasetRecordView>> RecordsAsync(CkanCall call, IReadOnlyList<CatalogHit> hits)
    {
        var records = new Dictionary<Guid, DatasetRecordView>(hits.Count);
        foreach (var hit in hits)
        {
            if (hit.ReadRecord() is { } record)
            {
                records[hit.Id] = record;
            }
        }
        if (records.Count < hits.Count)
        {
            var ids = hits.Select(h => h.Id).Where(id => !records.ContainsKey(id)).ToList();
            foreach (var (id, dataset) in await LoadAsync(call, ids))
            {
                records[id] = DatasetRecordView.Of(dataset);
            }
        }
        return records;
    }

    private static async Task<JsonArray> LoadPackagesAsync(CkanCall call, IReadOnlyList<CatalogHit> hits)
    {
        var loaded = new Dictionary<Guid, Dataset>(hits.Count);
        foreach (var hit in hits)
        {
            using var record = hit.ReadRecord();
            if (record is not null)
            {
                loaded[hit.Id] = record.ToDataset();
            }
        }
        foreach (var (id, dataset) in await LoadAsync(call, [.. hits.Select(h => h.Id).Where(id => !loaded.ContainsKey(id))]))
        {
            loaded[id] = dataset;
        }
        // In the index's order; a dataset deleted since the index was read is left out.
        return CkanReadActions.Packages(call, [.. hits.Where(h => loaded.ContainsKey(h.Id)).Select(h => loaded[h.Id])]);
    }

    /// Datasets with their resources from the database, by id: those the index keeps no record of.
    private static async Task<Dictionary<Guid, Dataset>> LoadAsync(CkanCall call, List<Guid> ids) =>
        ids.Count == 0 ? [] : await call.Service<KaifangDbContext>().Datasets.AsNoTracking().AsSplitQuery()
            // Split: with one joined query every dataset row, descriptions and all, came back once per resource.
            .Include(d => d.Resources)
            .Where(d => ids.Contains(d.Id))
            .ToDictionaryAsync(d => d.Id, call.Aborted);

    /// "score desc, metadata_modified desc" → keys; an unknown field or direction is a Search Query Error.
    public static IReadOnlyList<CatalogSortKey> ParseSort(string sort)
    {
        var keys = new List<CatalogSortKey>();
        foreach (var part in sort.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length > 2 || !SortFields.TryGetValue(words[0], out var field))
            {
                throw CkanException.SearchQuery($"Cannot sort on '{part}'; sort by {string.Join(", ", SortFields.Keys)}, each followed by asc or desc.");
            }
            var direction = words.Length == 2 ? words[1].ToLowerInvariant() : "asc";
            if (direction is not ("asc" or "desc"))
            {
                throw CkanException.SearchQuery($"Sort direction '{words[1]}' is neither asc nor desc.");
            }
            keys.Add(new CatalogSortKey(field, direction == "desc"));
        }
        return keys;
    }

    /// How CKAN names a facet value: organizations and groups by their lower-case names, licences by id.
    private static string FacetValueName(string facet, string value, AgencyTree tree) => facet switch
    {
        Facets.Agency => tree.FindByCode(value) is { } a ? CkanFormat.OrganizationName(a) : value.ToLowerInvariant(),
        Facets.Category => value.ToLowerInvariant(),
        Facets.License => Licenses.Find(value)?.Id ?? value,
        _ => value,
    };

    private static string FacetDisplayName(string facet, string value, AgencyTree tree) => facet switch
    {
        Facets.Agency => tree.FindByCode(value)?.Name ?? value,
        Facets.Category => ServiceCategories.Find(value)?.Name ?? value,
        _ => value,
    };
}
