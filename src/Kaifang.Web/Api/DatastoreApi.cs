using System.Text.Json;
using System.Text.Json.Nodes;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Datastore;
using Kaifang.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Web.Api;

/// The DataStore in the native API: rows of a published resource's table as JSON, CSV or JSON
/// downloads of any query, and a dataset's Frictionless Data Package (docs/datastore.md).
public static class DatastoreApi
{
    /// Query-string keys that are not column filters.
    private static readonly HashSet<string> Parameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "filters", "q", "fields", "sort", "limit", "offset", "distinct", "include_total", "format", "lang",
    };

    public static IEndpointRouteBuilder MapDatastoreApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/datastore").WithTags("DataStore");
        api.MapGet("/{resourceId:guid}", SearchAsync).WithName("SearchDatastore")
            .WithSummary("Rows of a resource's DataStore table")
            .WithDescription("Filter by column with col=value pairs (repeat for any of several values) or filters={\"col\":\"value\"}; " +
                "q: words to find in text columns; fields: comma-separated columns; sort: 'col desc, col2'; limit (default 100, at most 32000); offset; " +
                "distinct=true; include_total=false to skip counting. format=csv or json downloads every matching row (limit and offset apply when given).")
            .Produces<DatastoreRowsDto>()
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{resourceId:guid}.csv", (Guid resourceId, HttpContext http, KaifangDbContext db, DatastoreQueries queries, CancellationToken ct) =>
                DownloadAsync(resourceId, DatastoreExportFormat.Csv, http, db, queries, ct))
            .WithName("DownloadDatastoreCsv")
            .WithSummary("Download a resource's DataStore rows as CSV (UTF-8), with the same query parameters")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{resourceId:guid}.json", (Guid resourceId, HttpContext http, KaifangDbContext db, DatastoreQueries queries, CancellationToken ct) =>
                DownloadAsync(resourceId, DatastoreExportFormat.Json, http, db, queries, ct))
            .WithName("DownloadDatastoreJson")
            .WithSummary("Download a resource's DataStore rows as a JSON array of objects, with the same query parameters")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        foreach (var prefix in new[] { "/dataset", "/datasets" })
        {
            routes.MapGet(prefix + "/{name}/datapackage.json", DataPackageAsync)
                .WithName(prefix == "/dataset" ? "GetDataPackage" : "GetDataPackageAlias")
                .WithSummary("A published dataset as a Frictionless Data Package, with a Table Schema for each resource in the DataStore")
                .WithTags("DataStore")
                .Produces<JsonObject>(contentType: "application/json")
                .ProducesProblem(StatusCodes.Status404NotFound);
        }
        return routes;
    }

    private static async Task<IResult> SearchAsync(Guid resourceId, HttpContext http, KaifangDbContext db, DatastoreQueries queries, CancellationToken ct)
    {
        var format = http.Request.Query["format"].ToString().Trim().ToLowerInvariant();
        if (format is "csv" or "json")
        {
            return await DownloadAsync(resourceId, format == "csv" ? DatastoreExportFormat.Csv : DatastoreExportFormat.Json, http, db, queries, ct);
        }
        if (format.Length > 0)
        {
            return Invalid(http, "format", "format is csv or json; leave it out for the JSON answer with fields and total.", "format 須為 csv 或 json；不填則回傳含欄位與總數的 JSON。");
        }
        if (await FindVisibleAsync(resourceId, http, db, ct) is null)
        {
            return NotFound(http, resourceId);
        }
        try
        {
            var search = ReadSearch(resourceId, http, download: false);
            var result = await queries.SearchAsync(search, ct);
            var records = DatastoreJson.Records(result);
            return TypedResults.Ok(new DatastoreRowsDto(resourceId,
                [.. result.Fields.Select(f => new DatastoreFieldDto(f.Id, f.CkanType, f.Description))],
                records, result.Total, search.Limit, search.Offset));
        }
        catch (DatastoreQueryException e)
        {
            return Refused(http, e, resourceId);
        }
    }

    private static async Task<IResult> DownloadAsync(Guid resourceId, DatastoreExportFormat format, HttpContext http, KaifangDbContext db, DatastoreQueries queries, CancellationToken ct)
    {
        if (await FindVisibleAsync(resourceId, http, db, ct) is not { } resource)
        {
            return NotFound(http, resourceId);
        }
        DatastoreSearch search;
        try
        {
            search = ReadSearch(resourceId, http, download: true);
            await queries.CheckAsync(search, ct);
        }
        catch (DatastoreQueryException e)
        {
            return Refused(http, e, resourceId);
        }
        var extension = format == DatastoreExportFormat.Csv ? "csv" : "json";
        return Results.Stream(
            stream => queries.WriteAsync(search, format, stream, ct),
            format == DatastoreExportFormat.Csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
            $"{resource.Identifier}.{extension}");
    }

    private static async Task<IResult> DataPackageAsync(string name, HttpContext http, KaifangDbContext db, AgencyDirectory agencies, DatastoreQueries queries, CancellationToken ct)
    {
        var lowered = name.ToLowerInvariant();
        var dataset = await db.Datasets.AsNoTracking().Include(d => d.Resources)
            .FirstOrDefaultAsync(d => d.Name == lowered && d.Status == DatasetStatus.Published, ct);
        if (dataset is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
                title: http.WantsEnglish() ? $"There is no published dataset '{name}'." : $"找不到已上架的資料集「{name}」。");
        }
        var tables = new Dictionary<Guid, DatastoreTable>();
        foreach (var id in queries.ActiveAmong(dataset.Resources.Select(r => r.Id)))
        {
            if (await queries.TableAsync(id, ct) is { } table)
            {
                tables[id] = table;
            }
        }
        var package = DataPackage.For(dataset, agencies.Tree.Find(dataset.AgencyId)!, tables, http.BaseUrl());
        return Results.Text(package.ToJsonString(JsonOptions), "application/json; charset=utf-8");
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };

    /// The search from the query string; a download reads every row unless limit is given.
    private static DatastoreSearch ReadSearch(Guid resourceId, HttpContext http, bool download)
    {
        var query = http.Request.Query;
        var filters = new Dictionary<string, IReadOnlyList<string?>>(StringComparer.Ordinal);
        if (query["filters"].ToString() is { Length: > 0 } json)
        {
            JsonObject parsed;
            try
            {
                parsed = JsonNode.Parse(json) as JsonObject ?? throw new JsonException();
            }
            catch (JsonException)
            {
                throw DatastoreQueryException.Invalid("filters", "filters is a JSON object, e.g. {\"縣市\":\"臺北市\"} or {\"縣市\":[\"臺北市\",\"高雄市\"]}.",
                    "filters 須為 JSON 物件，例如 {\"縣市\":\"臺北市\"} 或 {\"縣市\":[\"臺北市\",\"高雄市\"]}。");
            }
            foreach (var (field, value) in parsed)
            {
                filters[field] = value is JsonArray list ? [.. list.Select(DatastoreJson.Text)] : [DatastoreJson.Text(value)];
            }
        }
        foreach (var (key, values) in query.Where(q => !Parameters.Contains(q.Key)))
        {
            filters[key] = [.. values];
        }
        var limitText = query["limit"].ToString();
        var limit = download && limitText.Length == 0 ? int.MaxValue : Number("limit", limitText, DatastoreSearch.DefaultLimit, DatastoreSearch.MaxLimit);
        return new DatastoreSearch
        {
            ResourceId = resourceId,
            Filters = filters,
            Query = query["q"].ToString() is { Length: > 0 } q ? q : null,
            Fields = [.. query["fields"].SelectMany(f => (f ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
            Sort = query["sort"].ToString() is { Length: > 0 } sort ? sort : null,
            Limit = limit,
            Offset = Number("offset", query["offset"].ToString(), 0, int.MaxValue),
            IncludeTotal = !string.Equals(query["include_total"].ToString(), "false", StringComparison.OrdinalIgnoreCase),
            Distinct = string.Equals(query["distinct"].ToString(), "true", StringComparison.OrdinalIgnoreCase),
        };
    }

    private static int Number(string name, string text, int fallback, int max)
    {
        if (text.Length == 0)
        {
            return fallback;
        }
        return int.TryParse(text, out var value) && value >= 0
            ? Math.Min(value, max)
            : throw DatastoreQueryException.Invalid(name, $"{name} is a whole number, 0 or more.", $"{name} 須為 0 以上的整數。");
    }



    private static async Task<Resource?> FindVisibleAsync(Guid resourceId, HttpContext http, KaifangDbContext db, CancellationToken ct)
    {
        var resource = await db.Resources.AsNoTracking().Include(r => r.Dataset).FirstOrDefaultAsync(r => r.Id == resourceId, ct);
        return resource?.Dataset is { } dataset && DatasetsApi.IsVisible(dataset, http.Staff()) ? resource : null;
    }

    private static IResult Refused(HttpContext http, DatastoreQueryException e, Guid resourceId) => e.Kind switch
    {
        DatastoreRefusal.NotFound => NotFound(http, resourceId),
        DatastoreRefusal.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: e.MessageIn(http.WantsEnglish())),
        _ => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [e.Field ?? "query"] = [e.MessageIn(http.WantsEnglish())] },
            title: http.WantsEnglish() ? "The query has problems." : "查詢參數有誤。"),
    };

    private static IResult Invalid(HttpContext http, string field, string english, string chinese) =>
        Refused(http, DatastoreQueryException.Invalid(field, english, chinese), Guid.Empty);

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotFound(HttpContext http, Guid resourceId) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
        title: http.WantsEnglish()
            ? $"Resource '{resourceId}' has no DataStore table: it is not a published, uploaded CSV, TSV, JSON, XLS, XLSX or ODS file, or it is still being loaded."
            : $"資料資源「{resourceId}」沒有資料存放區的資料表：它不是已上架的上傳 CSV、TSV、JSON、XLS、XLSX 或 ODS 檔，或仍在載入中。");
}

/// A DataStore column in the native API.
public sealed record DatastoreFieldDto(string Id, string Type, string? Description);

/// Rows of a DataStore table: the fields returned, the records, the total that matched (unless include_total=false).
public sealed record DatastoreRowsDto(Guid ResourceId, IReadOnlyList<DatastoreFieldDto> Fields, IReadOnlyList<JsonObject> Records, long? Total, int Limit, int Offset);
