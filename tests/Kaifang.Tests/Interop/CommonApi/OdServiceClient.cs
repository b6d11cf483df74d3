using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Kaifang.Tests.Interop.CommonApi;

/// A client of the common data-access API written from the standard alone (共通性資料存取應用程式介面規範
/// and 資料集詮釋資料標準規範, 2022-12): its paths, parameters and field names, nothing of Kaifang's own
/// code. Failures come back as {"success": false, "error": {"type", "message"}} and are thrown as
/// <see cref="OdServiceException"/>, whatever the HTTP status.
public sealed class OdServiceClient(HttpClient http, string prefix = "/OdService")
{
    public async Task<IReadOnlyList<string>> DatasetIdsAsync(int limit, int offset, string? modified = null)
    {
        var url = $"{prefix}/rest/dataset?limit={limit}&offset={offset}" + (modified is null ? "" : $"&modified={Uri.EscapeDataString(modified)}");
        return Read<List<string>>(await GetAsync(url));
    }

    /// Every dataset id, page by page.
    public async Task<IReadOnlyList<string>> AllDatasetIdsAsync(int pageSize = 100)
    {
        var all = new List<string>();
        while (true)
        {
            var page = await DatasetIdsAsync(pageSize, all.Count);
            all.AddRange(page);
            if (page.Count < pageSize)
            {
                return all;
            }
        }
    }

    public async Task<OdDataset> DatasetAsync(string datasetId) =>
        Read<OdDataset>(await GetAsync($"{prefix}/rest/dataset/{Uri.EscapeDataString(datasetId)}"));

    public async Task<OdDatastoreAnswer> DatastoreAsync(string resourceId, int limit = 100, int offset = 0) =>
        Read<OdDatastoreAnswer>(await GetAsync($"{prefix}/rest/datastore/{Uri.EscapeDataString(resourceId)}?limit={limit}&offset={offset}"));

    private async Task<JsonNode?> GetAsync(string url)
    {
        using var response = await http.GetAsync(url);
        var node = await response.Content.ReadFromJsonAsync<JsonNode>();
        if (node is JsonObject answer && answer["success"] is JsonValue success && success.GetValueKind() == JsonValueKind.False)
        {
            throw new OdServiceException((string?)answer["error"]?["type"] ?? "", (string?)answer["error"]?["message"] ?? "");
        }
        return node;
    }

    private static T Read<T>(JsonNode? node) => node.Deserialize<T>(Options) ?? throw new OdServiceException("", "empty answer");

    private static readonly JsonSerializerOptions Options = new() { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };
}

public sealed class OdServiceException(string type, string message) : Exception($"{type}: {message}")
{
    public string Type { get; } = type;
}

public sealed record OdDataset(
    [property: JsonPropertyName("categoryService")] string CategoryService,
    [property: JsonPropertyName("categoryDataset")] string CategoryDataset,
    [property: JsonPropertyName("datasetId")] string DatasetId,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("license")] string License,
    [property: JsonPropertyName("cost")] string Cost,
    [property: JsonPropertyName("publisherOID")] string PublisherOid,
    [property: JsonPropertyName("publisherOrgCode")] string PublisherOrgCode,
    [property: JsonPropertyName("publisherContactName")] string PublisherContactName,
    [property: JsonPropertyName("publisherContactPhone")] string PublisherContactPhone,
    [property: JsonPropertyName("publisherContactEmail")] string PublisherContactEmail,
    [property: JsonPropertyName("updateFrequency")] OdUpdateFrequency UpdateFrequency,
    [property: JsonPropertyName("coverageStartedDate")] string CoverageStartedDate,
    [property: JsonPropertyName("coverageEndedDate")] string CoverageEndedDate,
    [property: JsonPropertyName("publishedDate")] string PublishedDate,
    [property: JsonPropertyName("modifiedDate")] string ModifiedDate,
    [property: JsonPropertyName("spatialCoverage")] string SpatialCoverage,
    [property: JsonPropertyName("language")] string Language,
    [property: JsonPropertyName("relatedUrl")] string RelatedUrl,
    [property: JsonPropertyName("keyword")] IReadOnlyList<string> Keyword,
    [property: JsonPropertyName("notes")] string Notes,
    [property: JsonPropertyName("distribution")] IReadOnlyList<OdDistribution> Distribution);

public sealed record OdUpdateFrequency(
    [property: JsonPropertyName("regularupdate")] string RegularUpdate,
    [property: JsonPropertyName("frequency")] string Frequency,
    [property: JsonPropertyName("unittime")] string UnitTime);

public sealed record OdDistribution(
    [property: JsonPropertyName("resourceID")] string ResourceId,
    [property: JsonPropertyName("resourceDescription")] string ResourceDescription,
    [property: JsonPropertyName("resourceField")] string ResourceField,
    [property: JsonPropertyName("resourceFormat")] string ResourceFormat,
    [property: JsonPropertyName("resourceCharacterEncoding")] string ResourceCharacterEncoding,
    [property: JsonPropertyName("resourceModified")] string ResourceModified,
    [property: JsonPropertyName("resourceDownloadUrl")] string ResourceDownloadUrl,
    [property: JsonPropertyName("resourceAmount")] string? ResourceAmount,
    [property: JsonPropertyName("resourceNotes")] string ResourceNotes);

public sealed record OdDatastoreAnswer(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("updateTime")] string UpdateTime,
    [property: JsonPropertyName("result")] OdDatastoreResult Result);

public sealed record OdDatastoreResult(
    [property: JsonPropertyName("resource_id")] string ResourceId,
    [property: JsonPropertyName("fields")] IReadOnlyList<OdField> Fields,
    [property: JsonPropertyName("records")] IReadOnlyList<Dictionary<string, JsonElement>> Records,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("offset")] int Offset,
    [property: JsonPropertyName("total")] long Total);

public sealed record OdField(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type);
