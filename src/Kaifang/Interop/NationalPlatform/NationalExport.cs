using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Kaifang.Catalog;

namespace Kaifang.Interop.NationalPlatform;

/// A dataset as one row of the national platform's dataset list, in <see cref="NationalColumns.AsExported"/>
/// order, written the way <see cref="NationalRecord.Read"/> reads it back: multi-valued cells joined
/// with ';', dates in Taipei time, and values the importer could not represent given back as they came.
public static class NationalExport
{
    public static readonly JsonWriterOptions JsonOptions = new()
    {
        Indented = true,
        // The Chinese column names and values stay readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IReadOnlyList<string> Row(Dataset dataset, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var d = dataset;
        var resources = d.Resources.OrderBy(r => r.Position).ToList();
        var encodings = resources.Select(r => r.Encoding ?? "").ToList();
        // The platform often writes one encoding for all of a dataset's files; the importer reads it so.
        var encodingCell = encodings.Count > 1 && encodings.Distinct(StringComparer.Ordinal).Count() == 1
            ? encodings[0]
            : string.Join(NationalColumns.ValueSeparator, encodings);
        var category = d.ExtraFields.GetValueOrDefault(NationalColumns.ServiceCategory)
            ?? ServiceCategories.Find(d.ServiceCategory)?.Name ?? d.ServiceCategory;
        var frequency = d.ExtraFields.GetValueOrDefault(NationalColumns.UpdateFrequency) ?? d.UpdateFrequency.ToString();
        string[] row =
        [
            d.Identifier,
            d.Title,
            d.ProvisionType,
            category,
            d.QualityMark ?? "",
            string.Join(NationalColumns.ValueSeparator, resources.Select(r => r.Format)),
            string.Join(NationalColumns.ValueSeparator, resources.Select(r => ResourceLinks.UrlOf(baseUrl, d, r))),
            encodingCell,
            d.ListingMethod,
            d.Description,
            d.MainFieldsDescription,
            d.Agency?.Name ?? "",
            frequency,
            d.License,
            d.RelatedUrl ?? "",
            d.Fee == FeeKind.Free ? "免費" : d.FeeBasis ?? "付費",
            d.ContactName,
            d.ContactPhone,
            TaipeiTime(d.FirstPublishedAt),
            TaipeiTime(d.MetadataModifiedAt),
            d.Notes ?? "",
            d.DataVolume ?? "",
        ];
        return row;
    }

    /// Taiwan local time as the platform writes it: 2016-03-01 10:00:00.
    public static string TaipeiTime(DateTimeOffset? at) => at is { } value
        ? TimeZoneInfo.ConvertTime(value, TaipeiDates.Zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
        : "";

    /// The header, then one line per row: RFC 4180 with CRLF, fields quoted only when they must be.
    public static void AppendCsvRow(StringBuilder text, IEnumerable<string> fields) => Storage.CsvRows.Append(text, fields);

    /// One dataset as a JSON object keyed by the column names, in the list's order.
    public static void WriteJsonObject(Utf8JsonWriter writer, IReadOnlyList<string> row)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(row);
        writer.WriteStartObject();
        for (var i = 0; i < NationalColumns.AsExported.Count; i++)
        {
            writer.WriteString(NationalColumns.AsExported[i], row[i]);
        }
        writer.WriteEndObject();
    }
}
