using System.Text.Json;
using Kaifang.Interop.CommonApi;
using Microsoft.Extensions.Options;

namespace Kaifang.Web.Api;

/// Taiwan's common open-data access API (共通性資料存取應用程式介面規範, 2022-12) under a configurable
/// prefix (Kaifang:CommonApi:PathPrefix, default /OdService), as the ministry's own platform serves it:
/// read-only, JSON, open to pages on any site (docs/common-api.md). A refusal is the standard's
/// {"success": false, "error": {"type": "ER0…", "message": …}} with HTTP 200, as the ministry's and the
/// national platform answer; clients read the body.
public static class CommonApi
{
    /// Every endpoint's description: how it fails.
    private const string Failures =
        "Lists take limit (default 100; at most 1000, or 32000 rows for datastore) and offset (default 0). " +
        "A refusal is HTTP 200 with {\"success\": false, \"error\": {\"type\": code, \"message\": text}}: " +
        "ER0100 not found (no such published dataset, category, keyword or resource, or the resource is not in the DataStore), " +
        "ER0200 a parameter the endpoint does not take, ER0210 a value not of its form (limit=11.5, offset=all, filters that are not a JSON object), " +
        "ER0220 a field in filters, sort or fields that the resource does not have, ER0500 a system error. " +
        "Messages are in Traditional Chinese, or in English with Accept-Language: en.";

    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IEndpointRouteBuilder MapCommonApi(this IEndpointRouteBuilder routes)
    {
        var prefix = routes.ServiceProvider.GetRequiredService<IOptions<CommonApiOptions>>().Value.NormalizedPrefix;
        var api = routes.MapGroup(prefix).WithTags("共通性資料存取API (common data-access API)").WithDescription(Failures);
        // Public data, no cookies read: any page may fetch it, as from the ministry's platform.
        api.AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.Response.Headers.AccessControlAllowOrigin = "*";
            return await next(context);
        });

        api.MapGet("/rest/group", (HttpContext http, CommonApiQueries queries, CancellationToken ct) =>
                AnswerAsync(http, async () => await queries.GroupCodesAsync(Read(http, "limit", "offset").Page(), ct)))
            .WithName("CommonApiGroups")
            .WithSummary("The service-category codes (服務分類) that published datasets use, e.g. [\"500\",\"F00\"]")
            .Produces<IReadOnlyList<string>>();
        api.MapGet("/rest/group/{categoryCode}", (string categoryCode, HttpContext http, CommonApiQueries queries, CancellationToken ct) =>
                AnswerAsync(http, async () => await queries.GroupAsync(categoryCode, Read(http, "limit", "offset").Page(), ct)))
            .WithName("CommonApiGroup")
            .WithSummary("A service category: its name, how many published datasets it has, and their ids (paged by limit and offset)")
            .Produces<CommonGroup>();
        api.MapGet("/rest/tag", (HttpContext http, CommonApiQueries queries, CancellationToken ct) =>
                AnswerAsync(http, async () => await queries.TagsAsync(Read(http, "limit", "offset").Page(), ct)))
            .WithName("CommonApiTags")
            .WithSummary("The keywords of published datasets")
            .Produces<IReadOnlyList<string>>();
        api.MapGet("/rest/tag/{tagName}", (string tagName, HttpContext http, CommonApiQueries queries, CancellationToken ct) =>
                AnswerAsync(http, async () => await queries.TagAsync(tagName, Read(http, "limit", "offset").Page(), ct)))
            .WithName("CommonApiTag")
            .WithSummary("The ids of the published datasets with this keyword")
            .Produces<IReadOnlyList<string>>();
        api.MapGet("/rest/dataset", (HttpContext http, CommonApiQueries queries, CancellationToken ct) =>
                AnswerAsync(http, async () =>
                {
                    var parameters = Read(http, "modified", "limit", "offset");
                    return await queries.DatasetIdsAsync(parameters.Modified(), parameters.Page(), ct);
                }))
            .WithName("CommonApiDatasets")
            .WithSummary("Ids of published datasets (機關代碼-流水號); modified=yyyy-MM-dd HH:mm:ss (Taiwan time): only those whose metadata or data changed at or after it")
            .Produces<IReadOnlyList<string>>();
        api.MapGet("/rest/dataset/{datasetId}", (string datasetId, HttpContext http, CommonApiQueries queries, CancellationToken ct) =>
                AnswerAsync(http, async () =>
                {
                    Read(http);
                    return await queries.DatasetAsync(datasetId, http.PublicBaseUrl(), ct);
                }))
            .WithName("CommonApiDataset")
            .WithSummary("A published dataset's metadata in the fields of 資料集詮釋資料標準規範, with its resources in distribution")
            .Produces<CommonDataset>();
        api.MapGet("/rest/datastore/{resourceId}", (string resourceId, HttpContext http, CommonApiDatastore datastore, CancellationToken ct) =>
                AnswerAsync(http, async () => await datastore.SearchAsync(resourceId, Read(http, CommonApiDatastore.SearchParameters), ct)))
            .WithName("CommonApiDatastore")
            .WithSummary("Rows of a resource in the DataStore: filters={\"年度\":\"2019\"}, sort='欄位 desc', fields=a,b, limit (default 100, at most 32000), offset")
            .Produces<CommonDatastoreAnswer>();
        api.MapGet("/dump/datastore/{resourceId}", DumpAsync)
            .WithName("CommonApiDump")
            .WithSummary("Every row of a resource in the DataStore as a gzip-compressed file: format=CSV (default), JSON or XML; saved as {resourceID}.csv.gz …")
            .Produces<Stream>(StatusCodes.Status200OK, "application/gzip");
        return routes;
    }

    private static async Task<IResult> DumpAsync(string resourceId, HttpContext http, CommonApiDatastore datastore, CancellationToken ct)
    {
        CommonDump dump;
        try
        {
            dump = await datastore.PrepareDumpAsync(resourceId, Read(http, CommonApiDatastore.DumpParameters), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Error(http, e);
        }
        // A .gz file, not Content-Encoding: clients save it compressed, and none unpacks it unasked.
        return Results.Stream(stream => datastore.WriteDumpAsync(dump, stream, ct), "application/gzip", dump.FileName,
            lastModified: dump.ModifiedAt);
    }

    private static CommonApiParameters Read(HttpContext http, params string[] allowed) =>
        CommonApiParameters.Read(http.Request.Query.Select(q => KeyValuePair.Create(q.Key, q.Value.Select(v => v ?? "").ToArray())), allowed);

    private static async Task<IResult> AnswerAsync(HttpContext http, Func<Task<object>> work)
    {
        try
        {
            return Results.Json(await work(), Json);
        }
        catch (Exception e) when (e is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            return Error(http, e);
        }
    }

    private static IResult Error(HttpContext http, Exception e)
    {
        var english = http.WantsEnglish();
        if (e is not CommonApiException refusal)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CommonApi))
                .LogError(e, "Common API request {Path} failed", http.Request.Path);
            refusal = new CommonApiException(CommonApiErrors.SystemError,
                "系統發生錯誤，請稍後再試；若持續發生，請聯絡平臺管理者。",
                "A system error occurred; please try again later, and tell the platform's administrators if it persists.");
        }
        return Results.Json(new CommonErrorAnswer(false, new CommonError(refusal.Type, refusal.MessageIn(english))), Json);
    }
}
