using System.Text;
using Kaifang.Agencies;
using Kaifang.Catalog;

namespace Kaifang.Search;

/// What the search index holds about one dataset: its searchable text, its facet values
/// and the few fields a result line needs. Built from the database, never edited.
public sealed record DatasetDocument
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public required string Title { get; init; }
    public string? TitleEn { get; init; }
    public string Description { get; init; } = "";
    public string? DescriptionEn { get; init; }
    public IReadOnlyList<string> Keywords { get; init; } = [];
    public string MainFieldsDescription { get; init; } = "";

    public required int AgencyId { get; init; }
    public required string AgencyCode { get; init; }
    public required string AgencyName { get; init; }
    public string? AgencyShortName { get; init; }
    public required string AgencyNameEn { get; init; }

    /// 服務分類 code, e.g. "500".
    public required string Category { get; init; }

    /// Distinct upper-case formats of the resources, in resource order.
    public IReadOnlyList<string> Formats { get; init; } = [];

    public required string License { get; init; }

    /// The national platform's text, e.g. 每1月 (UpdateFrequency.ToString()).
    public required string Frequency { get; init; }

    public required DatasetStatus Status { get; init; }
    public bool IsSample { get; init; }
    public required DateTimeOffset MetadataModifiedAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// What "sort by name" orders on: the title, width- and case-folded.
    public required string TitleSortKey { get; init; }

    /// The dataset with its resources, kept whole in the index so that answers made of whole
    /// datasets (CKAN's package dicts) need no database query; null keeps none.
    public Dataset? Source { get; init; }

    /// The document for a dataset whose resources are loaded.
    public static DatasetDocument From(Dataset dataset, Agency agency)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(agency);
        return new DatasetDocument
        {
            Id = dataset.Id,
            Name = dataset.Name,
            Title = dataset.Title,
            TitleEn = dataset.TitleEn,
            Description = dataset.Description,
            DescriptionEn = dataset.DescriptionEn,
            Keywords = dataset.Keywords,
            MainFieldsDescription = dataset.MainFieldsDescription,
            AgencyId = agency.Id,
            AgencyCode = agency.Code,
            AgencyName = agency.Name,
            AgencyShortName = agency.ShortName,
            AgencyNameEn = agency.NameEn,
            Category = dataset.ServiceCategory,
            Formats = NormalizeFormats(dataset.Resources.OrderBy(r => r.Position).Select(r => r.Format)),
            License = dataset.License,
            Frequency = dataset.UpdateFrequency.ToString(),
            Status = dataset.Status,
            IsSample = dataset.IsSample,
            MetadataModifiedAt = dataset.MetadataModifiedAt,
            CreatedAt = dataset.CreatedAt,
            TitleSortKey = SortKey(dataset.Title),
            Source = dataset,
        };
    }

    /// Full-width letters and digits sort with their ASCII forms, and case is ignored; CJK titles
    /// then order by code point, which for Han is radical-then-stroke order.
    public static string SortKey(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        return title.Trim().Normalize(NormalizationForm.FormKC).ToLowerInvariant();
    }

    private static string[] NormalizeFormats(IEnumerable<string> formats) =>
    [
        .. formats
            .Where(f => !string.IsNullOrWhiteSpace(f))
            .Select(f => f.Trim().ToUpperInvariant())
            .Distinct(StringComparer.Ordinal),
    ];
}
