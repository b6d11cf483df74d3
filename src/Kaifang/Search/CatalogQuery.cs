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

    /// Published datasets only (the public); staff pass the statuses they may see.
    public IReadOnlyList<DatasetStatus> Statuses { get; init; } = [DatasetStatus.Published];

    /// When set, only datasets of these agency ids (a staff member's scope).
    public IReadOnlySet<int>? AgencyIds { get; init; }

    public CatalogSort Sort { get; init; } = CatalogSort.Relevance;
    public int Offset { get; init; }
    public int Limit { get; init; } = 20;

    /// How many values to return per facet.
    public int FacetLimit { get; init; } = 50;
}

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
    float Score);

public sealed record FacetValue(string Value, int Count);

/// Facet names, used as keys of CatalogSearchResult.Facets and as query-string names.
public static class Facets
{
    public const string Agency = "agency";
    public const string Category = "category";
    public const string Format = "format";
    public const string License = "license";
    public const string Frequency = "frequency";
    public static readonly IReadOnlyList<string> All = [Agency, Category, Format, License, Frequency];
}
