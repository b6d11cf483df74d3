using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kaifang.Datastore;

namespace Kaifang.Web.Api.Ckan;

/// CKAN's DataStore actions over Kaifang's DataStore (docs/datastore.md): datastore_search,
/// datastore_search_sql and datastore_info, answering in CKAN's shapes and with CKAN's errors.
public static class CkanDatastoreActions
{
    private static readonly string[] RecordsFormats = ["objects", "lists", "csv", "tsv"];

    public static async Task<JsonNode?> SearchAsync(CkanCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var (resourceId, queries) = await VisibleResourceAsync(call);
        var format = (call.Text("records_format") ?? "objects").Trim().ToLowerInvariant();
        if (!RecordsFormats.Contains(format))
        {
            throw CkanException.Validation("records_format", "Must be one of: objects, lists, csv, tsv.");
        }
        var search = ReadSearch(call, resourceId);
        var result = await RunAsync(() => queries.SearchAsync(search, call.Aborted));

        var answer = new JsonObject
        {
            ["include_total"] = search.IncludeTotal,
            ["resource_id"] = resourceId.ToString(),
            ["fields"] = Fields(result.Fields),
            ["records_format"] = format,
            ["records"] = Records(result, format),
            ["limit"] = search.Limit,
        };
        if (search.Offset > 0)
        {
            answer["offset"] = search.Offset;
        }
        var start = $"/api/3/action/datastore_search?resource_id={resourceId}";
        answer["_links"] = new JsonObject
        {
            ["start"] = start,
            ["next"] = $"{start}&offset={search.Offset + search.Limit}",
        };
        if (result.Total is { } total)
        {
            answer["total"] = total;
            answer["total_was_estimated"] = false;
        }
        return answer;
    }

    public static async Task<JsonNode?> SearchSqlAsync(CkanCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var sql = call.Text("sql");
        var result = await RunAsync(() => call.Service<DatastoreSql>().RunAsync(sql, call.Aborted));
        var records = Objects([.. result.Fields.Select(f => f.Id)], result.Records);
        var answer = new JsonObject
        {
            ["sql"] = sql,
            ["records"] = records,
            ["fields"] = new JsonArray([.. result.Fields.Select(f => (JsonNode)new JsonObject { ["id"] = f.Id, ["type"] = f.Type })]),
        };
        if (result.Truncated)
        {
            answer["records_truncated"] = true;
        }
        return answer;
    }

    public static async Task<JsonNode?> InfoAsync(CkanCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var (resourceId, queries) = await VisibleResourceAsync(call);
        var table = await queries.TableAsync(resourceId, call.Aborted)
            ?? throw CkanException.NotFound($"Resource \"{resourceId}\" was not found in the DataStore.");
        return new JsonObject
        {
            ["meta"] = new JsonObject
            {
                ["id"] = resourceId.ToString(),
                ["count"] = table.RowCount,
                ["table_type"] = "BASE TABLE",
                ["source_hash"] = "sha256:" + table.SourceHash,
                ["loaded_at"] = table.LoadedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
            },
            ["fields"] = Fields(table.Fields),
        };
    }

    /// The resource named by resource_id (or id) when the caller may see its dataset, and the DataStore
    /// holding its table: the published one, or for a draft (which only its agency's staff see, as with
    /// package_show) the drafts' one. Otherwise CKAN's Not Found.
    private static async Task<(Guid ResourceId, DatastoreQueries Queries)> VisibleResourceAsync(CkanCall call)
    {
        var id = call.Text("resource_id") ?? call.Text("id");
        if (string.IsNullOrWhiteSpace(id))
        {
            throw CkanException.Validation("resource_id", "Missing value");
        }
        try
        {
            var (dataset, resource) = await CkanReadActions.FindVisibleResourceAsync(call, id);
            return (resource.Id, dataset.Status == Catalog.DatasetStatus.Draft ? call.Service<DraftDatastore>().Queries : call.Service<DatastoreQueries>());
        }
        catch (CkanException e) when (e.Status == 404)
        {
            throw CkanException.NotFound($"Resource \"{id}\" was not found.");
        }
    }

    private static DatastoreSearch ReadSearch(CkanCall call, Guid resourceId)
    {
        var (text, byField) = ReadQ(call);
        return new DatastoreSearch
        {
            ResourceId = resourceId,
            Filters = ReadFilters(call),
            Query = text,
            FieldQueries = byField,
            Fields = [.. call.List("fields").SelectMany(f => f.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
            Sort = call.Text("sort"),
            Limit = call.Number("limit", DatastoreSearch.DefaultLimit, min: 0, max: DatastoreSearch.MaxLimit),
            Offset = call.Number("offset", 0),
            IncludeTotal = call.Flag("include_total", true),
            Distinct = call.Flag("distinct", false),
        };
    }

    private static Dictionary<string, IReadOnlyList<string?>> ReadFilters(CkanCall call)
    {
        var filters = new Dictionary<string, IReadOnlyList<string?>>(StringComparer.Ordinal);
        foreach (var (field, value) in call.Dict("filters") ?? [])
        {
            filters[field] = value is JsonArray list ? [.. list.Select(v => Scalar(v, "filters"))] : [Scalar(value, "filters")];
        }
        return filters;
    }

    /// q: words to find anywhere, or a dict of field → text (also as a JSON-encoded dict in a query string).
    private static (string? Text, Dictionary<string, string> ByField) ReadQ(CkanCall call)
    {
        var byField = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!call.Has("q"))
        {
            return (null, byField);
        }
        var isDict = call.Data["q"] is JsonObject || (call.Data["q"] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().TrimStart().StartsWith('{'));
        if (!isDict)
        {
            return (call.Text("q"), byField);
        }
        foreach (var (field, value) in call.Dict("q") ?? [])
        {
            byField[field] = Scalar(value, "q") ?? "";
        }
        return (null, byField);
    }

    private static string? Scalar(JsonNode? node, string parameter) => node switch
    {
        null => null,
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Null => null,
            _ => value.ToJsonString(),
        },
        _ => throw CkanException.Validation(parameter, "Values must be text, numbers, booleans or lists of them."),
    };

    private static JsonArray Fields(IEnumerable<DatastoreField> fields) => new([.. fields.Select(f =>
    {
        var field = new JsonObject { ["id"] = f.Id, ["type"] = f.CkanType };
        if (!string.IsNullOrEmpty(f.Description))
        {
            field["info"] = new JsonObject { ["label"] = f.Id, ["notes"] = f.Description };
        }
        return (JsonNode)field;
    })]);

    private static JsonNode Records(DatastoreSearchResult result, string format)
    {
        switch (format)
        {
            case "lists":
                return new JsonArray([.. result.Records.Select(r => (JsonNode)new JsonArray([.. r.Select(Value)]))]);
            case "csv":
            case "tsv":
                return string.Concat(result.Records.Select(r => DelimitedText.Line(r, format == "csv" ? ',' : '\t')));
            default:
                return Objects([.. result.Fields.Select(f => f.Id)], result.Records);
        }
    }

    /// Rows as CKAN's record objects, keyed by field id.
    private static JsonArray Objects(IReadOnlyList<string> fieldIds, IReadOnlyList<object?[]> rows)
    {
        var records = new JsonArray();
        foreach (var row in rows)
        {
            var record = new JsonObject();
            for (var i = 0; i < row.Length; i++)
            {
                record[fieldIds[i]] = Value(row[i]);
            }
            records.Add(record);
        }
        return records;
    }

    private static JsonNode? Value(object? value) => value switch
    {
        null => null,
        bool b => b,
        long l => l,
        double d when double.IsFinite(d) => d,
        byte[] bytes => Convert.ToBase64String(bytes),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// The DataStore's refusals as CKAN's errors.
    private static async Task<T> RunAsync<T>(Func<Task<T>> query)
    {
        try
        {
            return await query();
        }
        catch (DatastoreQueryException e)
        {
            throw e.Kind switch
            {
                DatastoreRefusal.NotFound => CkanException.NotFound(e.Message),
                DatastoreRefusal.Forbidden => CkanException.Forbidden(e.Message),
                _ => CkanException.Validation(e.Field ?? "sql", e.Message),
            };
        }
    }
}
