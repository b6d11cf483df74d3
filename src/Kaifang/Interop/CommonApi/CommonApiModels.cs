using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Kaifang.Interop.CommonApi;

// The answers of the common data-access API, with the standard's field names (docs/common-api.md).

/// /rest/group/{categoryCode}: a service category and the datasets in it.
public sealed record CommonGroup(
    [property: JsonPropertyName("categoryCode")] string CategoryCode,
    [property: JsonPropertyName("display_name")] string DisplayName,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("package_count")] int PackageCount,
    [property: JsonPropertyName("created")] string Created,
    [property: JsonPropertyName("packages")] IReadOnlyList<string> Packages);

/// /rest/dataset/{datasetId}: a dataset's metadata in the 資料集詮釋資料標準規範's fields.
public sealed record CommonDataset
{
    [JsonPropertyName("categoryService")] public required string CategoryService { get; init; }
    [JsonPropertyName("categoryDataset")] public required string CategoryDataset { get; init; }
    [JsonPropertyName("datasetId")] public required string DatasetId { get; init; }
    [JsonPropertyName("title")] public required string Title { get; init; }
    [JsonPropertyName("description")] public required string Description { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("license")] public required string License { get; init; }
    [JsonPropertyName("cost")] public required string Cost { get; init; }
    [JsonPropertyName("publisherOID")] public required string PublisherOid { get; init; }
    [JsonPropertyName("publisherOrgCode")] public required string PublisherOrgCode { get; init; }
    [JsonPropertyName("publisherContactName")] public required string PublisherContactName { get; init; }
    [JsonPropertyName("publisherContactPhone")] public required string PublisherContactPhone { get; init; }
    [JsonPropertyName("publisherContactEmail")] public required string PublisherContactEmail { get; init; }
    [JsonPropertyName("updateFrequency")] public required CommonUpdateFrequency UpdateFrequency { get; init; }
    [JsonPropertyName("coverageStartedDate")] public required string CoverageStartedDate { get; init; }
    [JsonPropertyName("coverageEndedDate")] public required string CoverageEndedDate { get; init; }
    [JsonPropertyName("publishedDate")] public required string PublishedDate { get; init; }
    [JsonPropertyName("modifiedDate")] public required string ModifiedDate { get; init; }
    [JsonPropertyName("spatialCoverage")] public required string SpatialCoverage { get; init; }
    [JsonPropertyName("language")] public required string Language { get; init; }
    [JsonPropertyName("relatedUrl")] public required string RelatedUrl { get; init; }
    [JsonPropertyName("keyword")] public required IReadOnlyList<string> Keyword { get; init; }
    [JsonPropertyName("notes")] public required string Notes { get; init; }
    [JsonPropertyName("distribution")] public required IReadOnlyList<CommonDistribution> Distribution { get; init; }
}

/// 更新頻率: regularupdate "1" (periodic or real time) or "0", the interval, and its unit in Chinese.
public sealed record CommonUpdateFrequency(
    [property: JsonPropertyName("regularupdate")] string RegularUpdate,
    [property: JsonPropertyName("frequency")] string Frequency,
    [property: JsonPropertyName("unittime")] string UnitTime);

/// One resource of a dataset.
public sealed record CommonDistribution
{
    [JsonPropertyName("resourceID")] public required string ResourceId { get; init; }
    [JsonPropertyName("resourceDescription")] public required string ResourceDescription { get; init; }
    [JsonPropertyName("resourceField")] public required string ResourceField { get; init; }
    [JsonPropertyName("resourceFormat")] public required string ResourceFormat { get; init; }
    [JsonPropertyName("resourceCharacterEncoding")] public required string ResourceCharacterEncoding { get; init; }
    [JsonPropertyName("resourceModified")] public required string ResourceModified { get; init; }
    [JsonPropertyName("resourceDownloadUrl")] public required string ResourceDownloadUrl { get; init; }

    /// The number of rows, as a string as the national platform writes it; null when Kaifang cannot
    /// know it (a link, a file that is not a table, a table not loaded in the DataStore yet).
    [JsonPropertyName("resourceAmount")] public required string? ResourceAmount { get; init; }

    [JsonPropertyName("resourceNotes")] public required string ResourceNotes { get; init; }
}

/// /rest/datastore/{resourceID} when it succeeds.
public sealed record CommonDatastoreAnswer(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("updateTime")] string UpdateTime,
    [property: JsonPropertyName("result")] CommonDatastoreResult Result);

public sealed record CommonDatastoreResult(
    [property: JsonPropertyName("resource_id")] string ResourceId,
    [property: JsonPropertyName("fields")] IReadOnlyList<CommonDatastoreField> Fields,
    [property: JsonPropertyName("records")] IReadOnlyList<JsonObject> Records,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("offset")] int Offset,
    [property: JsonPropertyName("total")] long Total);

/// A column: its name and its type in CKAN's DataStore words (text, int, numeric, bool, date, timestamp).
public sealed record CommonDatastoreField(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type);

/// Any failure: {"success": false, "error": {"type": "ER0100", "message": "…"}}.
public sealed record CommonErrorAnswer(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("error")] CommonError Error);

public sealed record CommonError(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("message")] string Message);
