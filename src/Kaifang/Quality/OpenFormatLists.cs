namespace Kaifang.Quality;

/// The EU data portal's lists of non-proprietary and machine-readable file types (its
/// edp-non-proprietary-format and edp-machine-readable-format vocabularies, by EU file-type code),
/// and whether a media type has the shape of an IANA one.
public static class OpenFormatLists
{
    private static readonly HashSet<string> NonProprietaryCodes = new(StringComparer.Ordinal)
    {
        "BMP", "CSV", "DBF", "GEOJSON", "GZIP", "HTML", "ICS", "JPEG2000", "JSON", "JSON_LD", "KML", "KMZ", "NETCDF", "ODS",
        "PNG", "RDF_N_QUADS", "RDF_N_TRIPLES", "RDF_TRIG", "RDF_TURTLE", "RDF_XML", "RSS", "RTF", "TAR", "TIFF", "TSV", "TXT",
        "WMS_SRVC", "XML", "ZIP",
    };

    private static readonly HashSet<string> MachineReadableCodes = new(StringComparer.Ordinal)
    {
        "CSV", "GEOJSON", "ICS", "JSON", "JSON_LD", "KML", "KMZ", "NETCDF", "ODS", "RDFA", "RDF_N_QUADS", "RDF_N_TRIPLES",
        "RDF_TRIG", "RDF_TURTLE", "RDF_XML", "RSS", "SHP", "XLS", "XLSX", "XML",
    };

    private static readonly HashSet<string> IanaTopLevelTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "application", "audio", "font", "example", "image", "message", "model", "multipart", "text", "video",
    };

    /// The EU file-type code (CSV, RDF_XML …) of a file-type IRI.
    public static string? Code(string? fileTypeIri) =>
        fileTypeIri is not null && fileTypeIri.StartsWith(Interop.Dcat.EuVocabularies.FileTypeBase, StringComparison.Ordinal)
            ? fileTypeIri[Interop.Dcat.EuVocabularies.FileTypeBase.Length..]
            : null;

    public static bool IsNonProprietary(string? fileTypeIri) => Code(fileTypeIri) is { } code && NonProprietaryCodes.Contains(code);

    public static bool IsMachineReadable(string? fileTypeIri) => Code(fileTypeIri) is { } code && MachineReadableCodes.Contains(code);

    /// type/subtype with one of IANA's top-level types and a subtype outside the unregistered x- tree.
    /// Kaifang keeps no copy of the IANA registry; its own media types all come from it.
    public static bool IsIanaMediaType(string? mediaType)
    {
        if (string.IsNullOrWhiteSpace(mediaType))
        {
            return false;
        }
        var bare = mediaType.Split(';')[0].Trim();
        var slash = bare.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == bare.Length - 1)
        {
            return false;
        }
        var subtype = bare[(slash + 1)..];
        return IanaTopLevelTypes.Contains(bare[..slash])
            && !subtype.StartsWith("x-", StringComparison.OrdinalIgnoreCase)
            && !subtype.Contains(' ', StringComparison.Ordinal);
    }
}
