using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kaifang.Catalog;
using Kaifang.Datastore;
using Kaifang.Interop.NationalPlatform;

namespace Kaifang.Interop.CommonApi;

/// The DataStore side of the common data-access API: /rest/datastore (one page of a resource's rows)
/// and /dump/datastore (all of them, gzip-compressed). Queries go through <see cref="DatastoreQueries"/>,
/// which checks every field name against the table and passes every value as a parameter.
public sealed class CommonApiDatastore(CommonApiQueries catalog, DatastoreQueries datastore)
{
    /// The parameters /rest/datastore takes.
    public static readonly string[] SearchParameters = ["filters", "sort", "fields", "limit", "offset"];

    /// The parameter /dump/datastore takes.
    public static readonly string[] DumpParameters = ["format"];

    public async Task<CommonDatastoreAnswer> SearchAsync(string resourceId, CommonApiParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var resource = await catalog.ResourceAsync(resourceId, cancellationToken);
        var page = parameters.Page(DatastoreSearch.MaxLimit);
        var search = new DatastoreSearch
        {
            ResourceId = resource.Id,
            Filters = Filters(parameters.Value("filters")),
            Fields = [.. (parameters.Value("fields") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            Sort = parameters.Value("sort") is { Length: > 0 } sort ? sort : null,
            Limit = page.Limit,
            Offset = page.Offset,
        };
        DatastoreSearchResult result;
        try
        {
            result = await datastore.SearchAsync(search, cancellationToken);
        }
        catch (DatastoreQueryException e)
        {
            throw Translate(e, resourceId);
        }
        var records = DatastoreJson.Records(result);
        return new CommonDatastoreAnswer(true, NationalExport.TaipeiTime(resource.ModifiedAt), new CommonDatastoreResult(
            resource.Identifier,
            [.. result.Fields.Select(f => new CommonDatastoreField(f.Id, f.CkanType))],
            records,
            search.Limit,
            search.Offset,
            result.Total ?? records.Count));
    }

    /// Checks a dump before anything is written, so that a refusal is still a JSON answer: the
    /// resource, its table and the format. Returns what <see cref="WriteDumpAsync"/> writes.
    public async Task<CommonDump> PrepareDumpAsync(string resourceId, CommonApiParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var formatText = (parameters.Value("format") ?? "CSV").Trim();
        DatastoreExportFormat format = formatText.ToUpperInvariant() switch
        {
            "CSV" => DatastoreExportFormat.Csv,
            "JSON" => DatastoreExportFormat.Json,
            "XML" => DatastoreExportFormat.Xml,
            _ => throw CommonApiException.Malformed($"format「{formatText}」須為 CSV、JSON 或 XML。", $"format \"{formatText}\" must be CSV, JSON or XML."),
        };
        var resource = await catalog.ResourceAsync(resourceId, cancellationToken);
        var table = await datastore.TableAsync(resource.Id, cancellationToken) ?? throw CommonApiQueries.ResourceNotFound(resourceId);
        var search = new DatastoreSearch
        {
            ResourceId = resource.Id,
            // The resource's own columns, without the DataStore's row number.
            Fields = [.. table.Fields.Select(f => f.Id)],
            Limit = int.MaxValue,
        };
        try
        {
            await datastore.CheckAsync(search, cancellationToken);
        }
        catch (DatastoreQueryException e)
        {
            throw Translate(e, resourceId);
        }
        var extension = format.ToString().ToLowerInvariant();
        return new CommonDump(search, format, $"{resource.Identifier}.{extension}.gz", resource.ModifiedAt);
    }

    /// Every row of the resource, gzip-compressed, written as it is read: a CSV starts with a UTF-8 byte
    /// order mark, as the ministry's files do, so that spreadsheet programs read its Chinese right.
    public async Task WriteDumpAsync(CommonDump dump, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dump);
        await using var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
        if (dump.Format == DatastoreExportFormat.Csv)
        {
            await gzip.WriteAsync(Encoding.UTF8.Preamble.ToArray(), cancellationToken);
        }
        await datastore.WriteAsync(dump.Search, dump.Format, gzip, cancellationToken);
    }

    /// filters: a JSON object of field → value (a string or number), or → a list of values (any of them); null matches empty.
    private static Dictionary<string, IReadOnlyList<string?>> Filters(string? json)
    {
        var filters = new Dictionary<string, IReadOnlyList<string?>>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return filters;
        }
        JsonObject parsed;
        try
        {
            parsed = JsonNode.Parse(json) as JsonObject ?? throw new JsonException();
        }
        catch (JsonException)
        {
            throw CommonApiException.Malformed(
                "filters 須為 JSON 物件，例如 {\"年度\":\"2019\"} 或 {\"縣市\":[\"臺北市\",\"高雄市\"]}。",
                "filters must be a JSON object, e.g. {\"年度\":\"2019\"} or {\"縣市\":[\"臺北市\",\"高雄市\"]}.");
        }
        foreach (var (field, value) in parsed)
        {
            filters[field] = value is JsonArray list ? [.. list.Select(DatastoreJson.Text)] : [DatastoreJson.Text(value)];
        }
        return filters;
    }

    private static CommonApiException Translate(DatastoreQueryException e, string resourceId) => e switch
    {
        { Kind: DatastoreRefusal.NotFound } => CommonApiQueries.ResourceNotFound(resourceId),
        { UnknownField: not null } => new CommonApiException(CommonApiErrors.UnknownField, $"{e.Field}：{e.Chinese}", $"{e.Field}: {e.Message}"),
        _ => new CommonApiException(CommonApiErrors.MalformedValue, $"{e.Field}：{e.Chinese}", $"{e.Field}: {e.Message}"),
    };


}

/// A dump that passed its checks: the search, the format and the file name it downloads as.
public sealed record CommonDump(DatastoreSearch Search, DatastoreExportFormat Format, string FileName, DateTimeOffset ModifiedAt)
{
    public string MediaType => Format switch
    {
        DatastoreExportFormat.Csv => "text/csv",
        DatastoreExportFormat.Json => "application/json",
        _ => "application/xml",
    };
}
