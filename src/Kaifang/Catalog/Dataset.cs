using Kaifang.Agencies;

namespace Kaifang.Catalog;

/// A dataset (資料集) with the national platform's metadata (GLOSSARY.md, data.gov.tw fields).
public sealed class Dataset
{
    public Guid Id { get; set; }

    /// The national identifier: organisation code + serial, e.g. A17010000J-000123 (資料集識別碼).
    public required string Identifier { get; set; }

    /// URL name, lowercase: the CKAN-compatible "name".
    public required string Name { get; set; }

    public required string Title { get; set; }
    public string? TitleEn { get; set; }
    public string Description { get; set; } = "";
    public string? DescriptionEn { get; set; }

    public int AgencyId { get; set; }
    public Agency? Agency { get; set; }

    /// 資料提供屬性, e.g. 原始資料.
    public string ProvisionType { get; set; } = ProvisionTypes.Raw;

    /// 服務分類 code, e.g. "500" (求職及就業).
    public string ServiceCategory { get; set; } = "I00";

    /// 品質檢測 as the national platform reported it (白金/金/銀/銅/無標章).
    public string? QualityMark { get; set; }

    /// 資料集上架方式, e.g. 手動上架.
    public string ListingMethod { get; set; } = ListingMethods.Manual;

    /// 主要欄位說明: column names and meanings.
    public string MainFieldsDescription { get; set; } = "";

    public UpdateFrequency UpdateFrequency { get; set; } = UpdateFrequency.Irregular;

    public string License { get; set; } = Licenses.OpenGovernmentDataV1;
    public string? RelatedUrl { get; set; }

    /// 空間範圍: the area the data covers, e.g. 臺灣地區, 臺北市 (資料集詮釋資料標準規範 spatialCoverage).
    public string? SpatialCoverage { get; set; }

    /// 資料涵蓋期間: the first and last day the data covers (coverageStartedDate, coverageEndedDate); either may be open.
    public DateOnly? CoverageStart { get; set; }
    public DateOnly? CoverageEnd { get; set; }

    public FeeKind Fee { get; set; } = FeeKind.Free;
    public string? FeeUrl { get; set; }
    public string? FeeBasis { get; set; }

    public string ContactName { get; set; } = "";
    public string ContactPhone { get; set; } = "";
    public string? ContactEmail { get; set; }

    public string? Notes { get; set; }
    public string? DataVolume { get; set; }

    /// Keywords, stored as one string separated by ';' and exposed as a list.
    public List<string> Keywords { get; set; } = [];

    public DatasetStatus Status { get; set; } = DatasetStatus.Draft;

    /// Part of the demo catalog shipped for trying Kaifang out; the UI marks it.
    public bool IsSample { get; set; }

    /// First published (上架日期). Set when the dataset is first published; kept when withdrawn.
    public DateTimeOffset? FirstPublishedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// 詮釋資料更新時間.
    public DateTimeOffset MetadataModifiedAt { get; set; }

    /// When the data itself last changed (a resource was added or replaced).
    public DateTimeOffset? DataModifiedAt { get; set; }

    /// Columns of an imported national-platform file that Kaifang does not know, kept as they came.
    public Dictionary<string, string> ExtraFields { get; set; } = [];

    public List<Resource> Resources { get; set; } = [];

    /// The harvest source this dataset came from; such a dataset is changed at its source only.
    public Guid? HarvestSourceId { get; set; }

    /// The dataset's id at the source (a CKAN package id, a DCAT dataset IRI, a national identifier).
    public string? HarvestRemoteId { get; set; }

    /// When the source last changed it, as the source says; an unchanged record is not rewritten.
    public DateTimeOffset? HarvestRemoteModifiedAt { get; set; }

    public bool IsHarvested => HarvestSourceId is not null;
}

public enum DatasetStatus
{
    Draft = 0,
    Published = 1,
    Withdrawn = 2,
}

public enum FeeKind
{
    Free = 0,
    Charged = 1,
}

public static class ProvisionTypes
{
    public const string Raw = "原始資料";
    public const string ValueAdded = "加值資料";
    public static readonly IReadOnlyList<string> All = [Raw, ValueAdded];
}

public static class ListingMethods
{
    public const string Manual = "手動上架";
    public const string Automated = "介接";
    public static readonly IReadOnlyList<string> All = [Manual, Automated];
}

public static class Licenses
{
    public const string OpenGovernmentDataV1 = "政府資料開放授權條款-第1版";
    public const string OpenGovernmentDataV1Url = "https://data.gov.tw/license";

    public static readonly IReadOnlyList<LicenseInfo> All =
    [
        new("ogdl-taiwan-1.0", OpenGovernmentDataV1, "Open Government Data License, version 1.0", OpenGovernmentDataV1Url),
        new("cc-by-4.0", "CC BY 4.0", "Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"),
        new("cc-zero", "CC0 1.0", "Creative Commons Zero 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
        new("other", "其他", "Other", null),
    ];

    public static LicenseInfo? Find(string title) => All.FirstOrDefault(l => l.Title == title);

    /// By its machine identifier (CKAN's license_id), ignoring case.
    public static LicenseInfo? FindById(string id) => All.FirstOrDefault(l => string.Equals(l.Id, id, StringComparison.OrdinalIgnoreCase));
}

/// A licence: its machine identifier (CKAN's license_id), its title as the national platform writes it,
/// its English title, and where its text lives.
public sealed record LicenseInfo(string Id, string Title, string TitleEn, string? Url);
