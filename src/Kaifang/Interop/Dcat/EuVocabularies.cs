using Kaifang.Catalog;

namespace Kaifang.Interop.Dcat;

/// The EU Publications Office's authority tables that DCAT-AP asks for: frequencies, file types,
/// access rights. Codes are the tables' own (ANNUAL, CSV, PUBLIC …).
public static class EuVocabularies
{
    public const string FrequencyBase = "http://publications.europa.eu/resource/authority/frequency/";
    public const string FileTypeBase = "http://publications.europa.eu/resource/authority/file-type/";
    public const string AccessRightBase = "http://publications.europa.eu/resource/authority/access-right/";
    public const string LanguageBase = "http://publications.europa.eu/resource/authority/language/";
    public const string MediaTypeBase = "http://www.iana.org/assignments/media-types/";

    public const string Public = AccessRightBase + "PUBLIC";

    /// Where two Kaifang frequencies share a code, the first is the one a code reads back as.
    /// A periodic frequency with no code of its own (every 5 days, every 4 months) is OTHER:
    /// the table has no way to say it, and a neighbouring code would promise the wrong schedule.
    private static readonly (UpdateFrequency Frequency, string Code)[] Frequencies =
    [
        (UpdateFrequency.Irregular, "IRREG"),
        (UpdateFrequency.RealTime, "UPDATE_CONT"),
        (UpdateFrequency.Every(1, FrequencyUnit.Minute), "1MIN"),
        (UpdateFrequency.Every(5, FrequencyUnit.Minute), "5MIN"),
        (UpdateFrequency.Every(10, FrequencyUnit.Minute), "10MIN"),
        (UpdateFrequency.Every(15, FrequencyUnit.Minute), "15MIN"),
        (UpdateFrequency.Every(30, FrequencyUnit.Minute), "30MIN"),
        (UpdateFrequency.Every(1, FrequencyUnit.Hour), "HOURLY"),
        (UpdateFrequency.Every(2, FrequencyUnit.Hour), "BIHOURLY"),
        (UpdateFrequency.Every(3, FrequencyUnit.Hour), "TRIHOURLY"),
        (UpdateFrequency.Every(12, FrequencyUnit.Hour), "12HRS"),
        (UpdateFrequency.Every(1, FrequencyUnit.Day), "DAILY"),
        (UpdateFrequency.Every(1, FrequencyUnit.Week), "WEEKLY"),
        (UpdateFrequency.Every(2, FrequencyUnit.Week), "BIWEEKLY"),
        (UpdateFrequency.Every(1, FrequencyUnit.Month), "MONTHLY"),
        (UpdateFrequency.Every(2, FrequencyUnit.Month), "BIMONTHLY"),
        (UpdateFrequency.Every(3, FrequencyUnit.Month), "QUARTERLY"),
        (UpdateFrequency.Every(1, FrequencyUnit.Quarter), "QUARTERLY"),
        (UpdateFrequency.Every(6, FrequencyUnit.Month), "ANNUAL_2"),
        (UpdateFrequency.Every(2, FrequencyUnit.Quarter), "ANNUAL_2"),
        (UpdateFrequency.Every(1, FrequencyUnit.Year), "ANNUAL"),
        (UpdateFrequency.Every(12, FrequencyUnit.Month), "ANNUAL"),
        (UpdateFrequency.Every(2, FrequencyUnit.Year), "BIENNIAL"),
        (UpdateFrequency.Every(3, FrequencyUnit.Year), "TRIENNIAL"),
        (UpdateFrequency.Every(4, FrequencyUnit.Year), "QUADRENNIAL"),
        (UpdateFrequency.Every(5, FrequencyUnit.Year), "QUINQUENNIAL"),
        (UpdateFrequency.Every(10, FrequencyUnit.Year), "DECENNIAL"),
    ];

    /// Kaifang's format names and the EU file-type codes where they differ.
    private static readonly Dictionary<string, string> FileTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CSV"] = "CSV", ["JSON"] = "JSON", ["XML"] = "XML", ["XLS"] = "XLS", ["XLSX"] = "XLSX", ["ODS"] = "ODS",
        ["ODT"] = "ODT", ["PDF"] = "PDF", ["TXT"] = "TXT", ["ZIP"] = "ZIP", ["KML"] = "KML", ["KMZ"] = "KMZ",
        ["RDF"] = "RDF_XML", ["TTL"] = "RDF_TURTLE", ["JSON-LD"] = "JSON_LD", ["GEOJSON"] = "GEOJSON",
        ["SHP"] = "SHP", ["DOC"] = "DOC", ["DOCX"] = "DOCX", ["HTML"] = "HTML", ["ODP"] = "ODP", ["PPT"] = "PPT",
        ["PPTX"] = "PPTX", ["GML"] = "GML", ["WMS"] = "WMS_SRVC", ["WFS"] = "WFS_SRVC", ["RSS"] = "RSS",
        ["PNG"] = "PNG", ["JPEG"] = "JPEG", ["JPG"] = "JPEG", ["GIF"] = "GIF", ["TIFF"] = "TIFF", ["7Z"] = "7Z",
        ["GZIP"] = "GZIP", ["TAR"] = "TAR", ["RAR"] = "RAR", ["SQL"] = "SQL", ["MDB"] = "MDB", ["DBF"] = "DBF",
    };

    public static string FrequencyIri(UpdateFrequency frequency)
    {
        foreach (var (f, code) in Frequencies)
        {
            if (f == frequency)
            {
                return FrequencyBase + code;
            }
        }
        return FrequencyBase + "OTHER";
    }

    /// The Kaifang frequency a code stands for, or null for codes with no single schedule (OTHER, UNKNOWN, NEVER …).
    public static UpdateFrequency? FrequencyFrom(string? iri)
    {
        if (iri is null || !iri.StartsWith(FrequencyBase, StringComparison.Ordinal))
        {
            return null;
        }
        var code = iri[FrequencyBase.Length..];
        if (code == "CONT")
        {
            return UpdateFrequency.RealTime;
        }
        foreach (var (f, c) in Frequencies)
        {
            if (c == code)
            {
                return f;
            }
        }
        return null;
    }

    /// The EU file-type IRI of a format name, or null when the table has no such type.
    public static string? FileTypeIri(string? format) =>
        format is not null && FileTypes.TryGetValue(format.Trim(), out var code) ? FileTypeBase + code : null;

    /// A format name from an EU file-type IRI (RDF_XML → RDF), or the IRI's last segment for types Kaifang does not name.
    public static string? FormatFrom(string? iriOrName)
    {
        if (string.IsNullOrWhiteSpace(iriOrName))
        {
            return null;
        }
        if (!iriOrName.StartsWith(FileTypeBase, StringComparison.Ordinal))
        {
            return iriOrName.Trim();
        }
        var code = iriOrName[FileTypeBase.Length..];
        foreach (var (name, c) in FileTypes)
        {
            if (c == code)
            {
                return name;
            }
        }
        return code;
    }

    public static string MediaTypeIri(string mediaType) => MediaTypeBase + mediaType;

    public static string MediaTypeFrom(string iriOrType) =>
        iriOrType.StartsWith(MediaTypeBase, StringComparison.Ordinal) ? iriOrType[MediaTypeBase.Length..] : iriOrType;
}
