using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Datastore;
using Kaifang.Interop.NationalPlatform;

namespace Kaifang.Interop.CommonApi;

/// A dataset in the standard's fields. The values are the national platform's, read from
/// <see cref="NationalExport.Row"/> (the same category, frequency, licence, dates and download
/// addresses as the dataset list), so the two never tell different stories about one dataset.
public static class CommonApiMapping
{
    /// The standard's code of 政府資料開放授權條款-第1版.
    public const string OpenGovernmentLicenseCode = "1";

    public const string Free = "free";
    public const string Charged = "charge";

    /// The catalog's metadata and data are in Traditional Chinese.
    public const string Language = "zh-TW";

    public static CommonDataset Dataset(Dataset dataset, Agency agency, IReadOnlyDictionary<Guid, DatastoreTable> tables, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(agency);
        ArgumentNullException.ThrowIfNull(tables);
        var row = NationalExport.Row(dataset, baseUrl);
        string Cell(string column) => row[IndexOf(column)];
        var license = Cell(NationalColumns.License);
        return new CommonDataset
        {
            CategoryService = ServiceCategories.Find(dataset.ServiceCategory)?.Code ?? dataset.ServiceCategory,
            CategoryDataset = Cell(NationalColumns.ServiceCategory),
            DatasetId = dataset.Identifier,
            Title = Cell(NationalColumns.Title),
            Description = Cell(NationalColumns.Description),
            Type = Cell(NationalColumns.ProvisionType),
            License = license == Licenses.OpenGovernmentDataV1 ? OpenGovernmentLicenseCode : license,
            Cost = dataset.Fee == FeeKind.Free ? Free : Charged,
            PublisherOid = $"{agency.Oid}|{agency.Name}",
            PublisherOrgCode = agency.OrganisationCode,
            PublisherContactName = Cell(NationalColumns.ContactName),
            PublisherContactPhone = Cell(NationalColumns.ContactPhone),
            PublisherContactEmail = dataset.ContactEmail ?? "",
            UpdateFrequency = Frequency(Cell(NationalColumns.UpdateFrequency)),
            CoverageStartedDate = dataset.CoverageStart?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "",
            CoverageEndedDate = dataset.CoverageEnd?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "",
            PublishedDate = Cell(NationalColumns.FirstPublished),
            ModifiedDate = NationalExport.TaipeiTime(ModifiedAt(dataset)),
            SpatialCoverage = dataset.SpatialCoverage ?? "",
            Language = Language,
            RelatedUrl = Cell(NationalColumns.RelatedUrl),
            Keyword = dataset.Keywords,
            Notes = Cell(NationalColumns.Notes),
            Distribution = [.. dataset.Resources.OrderBy(r => r.Position).Select(r => Distribution(dataset, r, tables.GetValueOrDefault(r.Id), baseUrl))],
        };
    }

    public static CommonDistribution Distribution(Dataset dataset, Resource resource, DatastoreTable? table, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return new CommonDistribution
        {
            ResourceId = resource.Identifier,
            ResourceDescription = resource.Name,
            // The columns as the DataStore read them; for anything else, the dataset's 主要欄位說明.
            ResourceField = table is null ? dataset.MainFieldsDescription : string.Join(",", table.Fields.Select(f => f.Id)),
            ResourceFormat = resource.Format,
            ResourceCharacterEncoding = resource.Encoding ?? "",
            ResourceModified = NationalExport.TaipeiTime(resource.ModifiedAt),
            ResourceDownloadUrl = ResourceLinks.UrlOf(baseUrl, dataset, resource),
            ResourceAmount = table?.RowCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ResourceNotes = resource.Description ?? "",
        };
    }

    /// When the dataset last changed, its metadata or its data: the later of the two.
    public static DateTimeOffset ModifiedAt(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return dataset.DataModifiedAt is { } data && data > dataset.MetadataModifiedAt ? data : dataset.MetadataModifiedAt;
    }

    /// 更新頻率 as its three parts: 每3月 → ("1", "3", "月"); 即時 → ("1", "", "即時"); 不定期更新 → ("0", "", "");
    /// a frequency kept as imported that Kaifang cannot read (每逢月底) → ("0", "", the text as it came).
    public static CommonUpdateFrequency Frequency(string text)
    {
        if (!UpdateFrequency.TryParse(text, out var frequency))
        {
            return new("0", "", text);
        }
        return frequency.Kind switch
        {
            UpdateFrequencyKind.Irregular => new("0", "", ""),
            UpdateFrequencyKind.RealTime => new("1", "", "即時"),
            _ => new("1", frequency.Interval.ToString(System.Globalization.CultureInfo.InvariantCulture), UpdateFrequency.UnitText(frequency.Unit)),
        };
    }

    private static int IndexOf(string column)
    {
        for (var i = 0; i < NationalColumns.AsExported.Count; i++)
        {
            if (NationalColumns.AsExported[i] == column)
            {
                return i;
            }
        }
        throw new ArgumentException($"No column {column} in the national list.", nameof(column));
    }
}
