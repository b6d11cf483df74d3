using Kaifang.Catalog;

namespace Kaifang.Search;

/// A search of the catalog, as the portal, the JSON API and (later) the CKAN API ask it.
public sealed record CatalogQuery
{
    /// Words typed by a person, or Lucene syntax from a machine; empty lists everything.
    public string? Text { get; init; }

    /// Facet filters: agency codes, service-category codes, formats, licence titles, update-frequency texts.
    /// Values within one facet are OR'ed; facets are AND'ed.
    public IReadOnlyList<string> Agencies { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<string> Formats { get; init; } = [];
    public IReadOnlyList<string> Licenses { get; init; } = [];
    public IReadOnlyList<string> Frequencies { get; init; } = [];

    /// Keywords (tags), matched case-insensitively.
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// Conditions in Lucene syntax that narrow the result without changing its order (CKAN's fq),
    /// for example `res_format:CSV` or `metadata_modified:[2024-01-01T00:00:00Z TO *]`.
    public IReadOnlyList<string> FilterQueries { get; init; } = [];

    /// Machines get an error for malformed syntax (CatalogQueryException); people get their words searched.
    public bool StrictSyntax { get; init; }

    /// Published datasets only (the public); staff pass the statuses they may see.
    public IReadOnlyList<DatasetStatus> Statuses { get; init; } = [DatasetStatus.Published];

    /// When set, only datasets of these agency ids (a staff member's scope).
    public IReadOnlySet<int>? AgencyIds { get; init; }

    public CatalogSort Sort { get; init; } = CatalogSort.Relevance;

    /// An explicit order, key by key (CKAN's `sort`); when set, it replaces <see cref="Sort"/>.
    public IReadOnlyList<CatalogSortKey>? SortKeys { get; init; }
    public int Offset { get; init; }
    public int Limit { get; init; } = 20;

    /// How many values to return per facet.
    public int FacetLimit { get; init; } = 50;

    /// Which facets to count (Facets.Known); the portal's five by default.
    public IReadOnlyList<string> FacetFields { get; init; } = Facets.All;

    /// Whether each hit carries its whole dataset as the index keeps it (CatalogHit.ReadDataset).
    public bool WithDatasets { get; init; }
}

/// One key of an explicit order.
public sealed record CatalogSortKey(CatalogSortField Field, bool Descending);

public enum CatalogSortField
{
    Score,
    Modified,
    Created,
    Title,
    Name,
    Id,
}

/// Malformed query syntax from a machine (CatalogQuery.StrictSyntax).
public sealed class CatalogQueryException(string message, Exception? inner = null) : Exception(message, inner);

public enum CatalogSort
{
    /// Best match first (title matches above description matches); newest first when there is no text.
    Relevance,
    /// Most recently modified first.
    Newest,
    /// By title.
    Name,
}

public sealed record CatalogSearchResult(
    int Total,
    IReadOnlyList<CatalogHit> Hits,
    IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets);

/// One hit: enough to draw a result line without a database query.
public sealed record CatalogHit(
    Guid Id,
    string Name,
    string Title,
    string? TitleEn,
    string Description,
    string AgencyCode,
    IReadOnlyList<string> Formats,
    DateTimeOffset MetadataModifiedAt,
    DatasetStatus Status,
    bool IsSample,
    float Score)
{
    /// The dataset's record in the index, when the query asked for datasets and the index keeps one.
    internal byte[]? DatasetData { get; init; }

    /// The hit's document in the reader that found it (the result cache lives no longer than that reader).
    internal int Doc { get; init; } = -1;

    /// The dataset with its resources (its Agency not set) as it was indexed, read in place: as current as the hit
    /// itself. Null when the query did not ask for datasets or the dataset is too large for the index to keep; load
    /// it from the database then. Dispose of it once written from.
    public DatasetRecordView? ReadRecord() => DatasetData is null ? null : DatasetRecord.View(DatasetData);
}

public sealed record FacetValue(string Value, int Count);

/// Facet names, used as keys of CatalogSearchResult.Facets and as query-string names.
public static class Facets
{
    public const string Agency = "agency";
    public const string Category = "category";
    public const string Format = "format";
    public const string License = "license";
    public const string Frequency = "frequency";
    public const string Tag = "tag";

    /// The facets the portal shows.
    public static readonly IReadOnlyList<string> All = [Agency, Category, Format, License, Frequency];

    /// Every facet the index can count.
    public static readonly IReadOnlyList<string> Known = [.. All, Tag];
}
