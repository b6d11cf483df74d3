using Kaifang.Catalog;

namespace Kaifang.Interop.Dcat;

/// One page of a DCAT catalog as read from elsewhere: its datasets, the next page's address when
/// the catalog is paged (Hydra), and how many datasets all pages hold when it says.
public sealed record HarvestedCatalogPage(IReadOnlyList<HarvestedDataset> Datasets, Uri? NextPage, int? TotalItems);

/// A dcat:Dataset with the fields Kaifang keeps. Texts come in Traditional Chinese (zh, zh-TW,
/// zh-Hant or untagged) and English (en…); URLs are kept as written.
public sealed record HarvestedDataset(string SourceIri)
{
    public string? Identifier { get; init; }
    public string? Title { get; init; }
    public string? TitleEn { get; init; }
    public string? Description { get; init; }
    public string? DescriptionEn { get; init; }
    public IReadOnlyList<string> Keywords { get; init; } = [];
    public string? PublisherName { get; init; }
    public string? PublisherNameEn { get; init; }
    public string? ContactName { get; init; }
    public string? ContactEmail { get; init; }
    public string? ContactPhone { get; init; }

    /// dct:accrualPeriodicity as given: an EU frequency IRI, usually.
    public string? Frequency { get; init; }
    public string? LicenseUrl { get; init; }
    public DateTimeOffset? Issued { get; init; }
    public DateTimeOffset? Modified { get; init; }

    /// dcat:theme IRIs.
    public IReadOnlyList<string> Themes { get; init; } = [];
    public string? LandingPage { get; init; }
    public IReadOnlyList<HarvestedDistribution> Distributions { get; init; } = [];

    /// The frequency in Kaifang's terms, when the IRI is one of the EU codes with a single schedule.
    public UpdateFrequency? UpdateFrequency => EuVocabularies.FrequencyFrom(Frequency);
}

/// A dcat:Distribution. Format is a format name (CSV, RDF …) when the IRI is an EU file type;
/// MediaType is the bare type (text/csv) when given as an IANA IRI.
public sealed record HarvestedDistribution(string? SourceIri)
{
    public string? Identifier { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? AccessUrl { get; init; }
    public string? DownloadUrl { get; init; }
    public string? Format { get; init; }
    public string? MediaType { get; init; }
    public long? ByteSize { get; init; }

    /// The checksum's hex value and its algorithm's name (sha256, sha1, md5 …).
    public string? Checksum { get; init; }
    public string? ChecksumAlgorithm { get; init; }
    public DateTimeOffset? Modified { get; init; }
}
