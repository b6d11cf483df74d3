using System.Globalization;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using Kaifang.Catalog;
using Kaifang.Interop.NationalPlatform;

namespace Kaifang.Interop.NationalSync;

/// A dataset's metadata as the national platform's dataset API takes it, with the field names of the
/// 資料集詮釋資料標準規範 (docs/national-sync.md lists them and where each comes from). The values are
/// the ones the national dataset list carries (<see cref="NationalExport"/>): the same download
/// addresses, contacts and Taipei-time dates. The JSON is written the same way for the same dataset,
/// so its hash tells whether anything the platform shows has changed.
public static class NationalDatasetPayload
{
    private static readonly JsonWriterOptions Options = new()
    {
        // Chinese stays readable in the record an administrator looks at.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Build(Dataset dataset, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var d = dataset;
        var agency = d.Agency ?? throw new ArgumentException("The dataset's agency must be loaded.", nameof(dataset));
        var resources = d.Resources.OrderBy(r => r.Position).ToList();
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            w.WriteString("categoryService", d.ServiceCategory);
            w.WriteString("identifier", d.Identifier);
            w.WriteString("title", d.Title);
            w.WriteString("description", d.Description);
            w.WriteString("type", d.ProvisionType == ProvisionTypes.ValueAdded ? "valueAddedData" : "rawData");
            w.WriteString("license", LicenseCode(d.License));
            w.WriteString("cost", d.Fee == FeeKind.Free ? "free" : "charge");
            if (d.Fee == FeeKind.Charged)
            {
                w.WriteString("costLaw", d.FeeBasis ?? "");
                w.WriteString("costUrl", d.FeeUrl ?? "");
            }
            w.WriteString("publisherOID", $"{agency.Oid}|{agency.Name}");
            w.WriteString("publisherOrgCode", agency.OrganisationCode);
            w.WriteString("publisherContactName", d.ContactName);
            w.WriteString("publisherContactPhone", d.ContactPhone);
            w.WriteString("publisherContactEmail", d.ContactEmail ?? "");
            WriteFrequency(w, d.UpdateFrequency);
            w.WriteString("publishedDate", d.FirstPublishedAt is { } published
                ? TimeZoneInfo.ConvertTime(published, TaipeiDates.Zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : "");
            w.WriteString("modifiedDate", NationalExport.TaipeiTime(ModifiedAt(d)));
            w.WriteString("language", "zh");
            w.WriteString("relatedUrl", d.RelatedUrl ?? "");
            w.WriteString("spatialCoverage", d.SpatialCoverage ?? "");
            w.WriteString("coverageStartedDate", d.CoverageStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "");
            w.WriteString("coverageEndedDate", d.CoverageEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "");
            w.WriteStartArray("keyword");
            foreach (var keyword in d.Keywords)
            {
                w.WriteStringValue(keyword);
            }
            w.WriteEndArray();
            w.WriteString("fieldDescription", d.MainFieldsDescription);
            w.WriteString("notes", d.Notes ?? "");
            w.WriteStartArray("distribution");
            foreach (var r in resources)
            {
                w.WriteStartObject();
                w.WriteString("resourceID", r.Identifier);
                w.WriteString("resourceDescription", string.IsNullOrWhiteSpace(r.Description) ? r.Name : $"{r.Name}：{r.Description}");
                w.WriteString("resourceFormat", r.Format);
                w.WriteString("resourceCharacterEncoding", r.Encoding ?? "");
                w.WriteString("resourceModified", NationalExport.TaipeiTime(r.ModifiedAt));
                w.WriteString("resourceDownloadUrl", ResourceLinks.UrlOf(baseUrl, d, r));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    /// SHA-256 of the payload, lower-case hex.
    public static string Hash(byte[] payload) => Convert.ToHexStringLower(SHA256.HashData(payload));

    /// The later of the metadata's and the data's last change: the platform's modifiedDate moves when
    /// either does (the national common API asks for exactly that).
    public static DateTimeOffset ModifiedAt(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var latest = dataset.MetadataModifiedAt;
        if (dataset.DataModifiedAt is { } data && data > latest)
        {
            latest = data;
        }
        foreach (var resource in dataset.Resources)
        {
            if (resource.ModifiedAt > latest)
            {
                latest = resource.ModifiedAt;
            }
        }
        return latest;
    }

    /// The standard's licence code: "1" for 政府資料開放授權條款-第1版; other licences by their title.
    public static string LicenseCode(string license) => license == Licenses.OpenGovernmentDataV1 ? "1" : license;

    /// The standard's update frequency: regularupdate "1" with an interval and unit for a periodic
    /// dataset, "0" for an irregular one; a real-time dataset is regular with the unit 即時.
    private static void WriteFrequency(Utf8JsonWriter w, UpdateFrequency frequency)
    {
        w.WriteStartObject("updateFrequency");
        switch (frequency.Kind)
        {
            case UpdateFrequencyKind.Periodic:
                w.WriteString("regularupdate", "1");
                w.WriteString("frequency", frequency.Interval.ToString(CultureInfo.InvariantCulture));
                w.WriteString("unittime", frequency.ToString()[(1 + frequency.Interval.ToString(CultureInfo.InvariantCulture).Length)..]);
                break;
            case UpdateFrequencyKind.RealTime:
                w.WriteString("regularupdate", "1");
                w.WriteString("frequency", "");
                w.WriteString("unittime", "即時");
                break;
            default:
                w.WriteString("regularupdate", "0");
                w.WriteString("frequency", "");
                w.WriteString("unittime", "");
                break;
        }
        w.WriteEndObject();
    }
}
