using Kaifang.Agencies;
using Kaifang.Catalog;

namespace Kaifang.Web.Api;

/// A dataset as the JSON API shows it: every national-platform field, in English names.
public sealed record DatasetDto(
    Guid Id,
    string Identifier,
    string Name,
    string Title,
    string? TitleEn,
    string Description,
    string? DescriptionEn,
    AgencyRefDto Agency,
    string ProvisionType,
    string ServiceCategory,
    string ServiceCategoryName,
    string? QualityMark,
    string ListingMethod,
    string MainFieldsDescription,
    string UpdateFrequency,
    string License,
    string? LicenseUrl,
    string? RelatedUrl,
    string? SpatialCoverage,
    DateOnly? CoverageStart,
    DateOnly? CoverageEnd,
    string Fee,
    string? FeeUrl,
    string? FeeBasis,
    string ContactName,
    string ContactPhone,
    string? ContactEmail,
    string? Notes,
    string? DataVolume,
    IReadOnlyList<string> Keywords,
    string Status,
    bool IsSample,
    DateTimeOffset? FirstPublishedAt,
    DateTimeOffset MetadataModifiedAt,
    DateTimeOffset CreatedAt,
    IReadOnlyDictionary<string, string> ExtraFields,
    IReadOnlyList<ResourceDto> Resources)
{
    public static DatasetDto From(Dataset d, AgencyNode agency, string baseUrl) => new(
        d.Id, d.Identifier, d.Name, d.Title, d.TitleEn, d.Description, d.DescriptionEn,
        AgencyRefDto.From(agency), d.ProvisionType, d.ServiceCategory,
        ServiceCategories.Find(d.ServiceCategory)?.Name ?? d.ServiceCategory,
        d.QualityMark, d.ListingMethod, d.MainFieldsDescription, d.UpdateFrequency.ToString(),
        d.License, Licenses.Find(d.License)?.Url, d.RelatedUrl, d.SpatialCoverage, d.CoverageStart, d.CoverageEnd,
        d.Fee == FeeKind.Free ? "免費" : "付費", d.FeeUrl, d.FeeBasis,
        d.ContactName, d.ContactPhone, d.ContactEmail, d.Notes, d.DataVolume, d.Keywords,
        d.Status.ToString().ToLowerInvariant(), d.IsSample, d.FirstPublishedAt, d.MetadataModifiedAt, d.CreatedAt,
        d.ExtraFields,
        [.. d.Resources.OrderBy(r => r.Position).Select(r => ResourceDto.From(d, r, baseUrl))]);
}

public sealed record ResourceDto(
    Guid Id,
    string Identifier,
    string Name,
    string? Description,
    string Format,
    string? Encoding,
    string DownloadUrl,
    bool IsUpload,
    string? FileName,
    long? Size,
    string? MediaType,
    string? Sha256,
    DateTimeOffset CreatedAt,
    DateTimeOffset ModifiedAt)
{
    public static ResourceDto From(Dataset d, Resource r, string baseUrl) => new(
        r.Id, r.Identifier, r.Name, r.Description, r.Format, r.Encoding,
        r.Url ?? DownloadPath(d, r, baseUrl), r.IsUpload, r.FileName, r.Size, r.MediaType, r.FileHash, r.CreatedAt, r.ModifiedAt);

    public static string DownloadPath(Dataset d, Resource r, string baseUrl) => ResourceLinks.DownloadUrl(baseUrl, d, r);
}

public sealed record AgencyRefDto(string Code, string Name, string NameEn, string OrganisationCode)
{
    public static AgencyRefDto From(AgencyNode a) => new(a.Code, a.Name, a.NameEn, a.OrganisationCode);
}

public sealed record AgencyDto(string Code, string Name, string? ShortName, string NameEn, string OrganisationCode, string? ParentCode, IReadOnlyList<string> Children);

public sealed record AuditEntryDto(DateTimeOffset At, string User, string EntityType, Guid EntityId, string Action, IReadOnlyList<FieldChangeDto> Changes);

public sealed record FieldChangeDto(string Field, string? Before, string? After);

public sealed record TokenRequest(string? Name, int? ExpiresInDays);

public sealed record TokenCreatedDto(Guid Id, string Name, string Token, DateTimeOffset? ExpiresAt);

public sealed record TokenDto(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, bool Revoked);

public sealed record SearchResultDto(int Count, IReadOnlyList<SearchHitDto> Results, IReadOnlyDictionary<string, IReadOnlyList<Search.FacetValue>> Facets)
{
    public static SearchResultDto From(Search.CatalogSearchResult r) => new(
        r.Total,
        [.. r.Hits.Select(h => new SearchHitDto(h.Id, h.Name, h.Title, h.TitleEn, h.Description, h.AgencyCode, h.Formats, h.MetadataModifiedAt, h.IsSample, h.Score))],
        r.Facets);
}

public sealed record SearchHitDto(Guid Id, string Name, string Title, string? TitleEn, string Description, string Agency, IReadOnlyList<string> Formats, DateTimeOffset MetadataModifiedAt, bool IsSample, float Score);
