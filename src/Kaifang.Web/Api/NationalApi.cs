using Kaifang.Interop.NationalPlatform;

namespace Kaifang.Web.Api;

/// The catalog in the national platform's (data.gov.tw) dataset-list format, for its harvest and
/// for agencies that submit metadata there (docs/interop.md).
public static class NationalApi
{
    public static IEndpointRouteBuilder MapNationalApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/national").WithTags("data.gov.tw");
        api.MapGet("/datasets.csv", (HttpContext http, ExportNationalCatalog export, CancellationToken ct) =>
            {
                http.Response.ContentType = "text/csv; charset=utf-8";
                http.Response.Headers.ContentDisposition = "attachment; filename=\"datasets.csv\"";
                return export.WriteCsvAsync(http.Response.Body, http.PublicBaseUrl(), ct);
            })
            .WithName("NationalDatasetsCsv")
            .WithSummary("Published datasets as data.gov.tw's export-all-datasets CSV (UTF-8 with BOM, its Chinese column names)");
        api.MapGet("/datasets.json", (HttpContext http, ExportNationalCatalog export, CancellationToken ct) =>
            {
                http.Response.ContentType = "application/json; charset=utf-8";
                return export.WriteJsonAsync(http.Response.Body, http.PublicBaseUrl(), ct);
            })
            .WithName("NationalDatasetsJson")
            .WithSummary("Published datasets as a JSON array of objects keyed by data.gov.tw's Chinese column names");
        api.MapGet("/datasets/{name}.json", async (string name, HttpContext http, ExportNationalCatalog export, CancellationToken ct) =>
            {
                // Buffered: a 404 must still be possible after the dataset is looked up.
                using var body = new MemoryStream();
                if (!await export.WriteDatasetJsonAsync(body, name, http.PublicBaseUrl(), ct))
                {
                    return Results.NotFound();
                }
                return Results.Bytes(body.ToArray(), "application/json; charset=utf-8");
            })
            .WithName("NationalDatasetJson")
            .WithSummary("One published dataset's metadata as the JSON object an agency submits to data.gov.tw");
        return routes;
    }

}
