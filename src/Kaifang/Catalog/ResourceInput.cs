namespace Kaifang.Catalog;

/// A resource as staff enter it: a link (Url) or, for an upload, the file given separately.
public sealed record ResourceInput
{
    public string? Name { get; init; }
    public string? Description { get; init; }

    /// Declared format; guessed from the file name or URL when empty.
    public string? Format { get; init; }
    public string? Encoding { get; init; }
    public string? Url { get; init; }
}

/// An uploaded file: its name as the user's computer had it, its declared media type, and its bytes.
public sealed record UploadedFile(string FileName, string? MediaType, Stream Content);

public static class ResourceFormats
{
    private static readonly Dictionary<string, (string Format, string MediaType)> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".csv"] = ("CSV", "text/csv"),
        [".json"] = ("JSON", "application/json"),
        [".geojson"] = ("GEOJSON", "application/geo+json"),
        [".xml"] = ("XML", "application/xml"),
        [".xls"] = ("XLS", "application/vnd.ms-excel"),
        [".xlsx"] = ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        [".ods"] = ("ODS", "application/vnd.oasis.opendocument.spreadsheet"),
        [".odt"] = ("ODT", "application/vnd.oasis.opendocument.text"),
        [".pdf"] = ("PDF", "application/pdf"),
        [".txt"] = ("TXT", "text/plain"),
        [".zip"] = ("ZIP", "application/zip"),
        [".kml"] = ("KML", "application/vnd.google-earth.kml+xml"),
        [".rdf"] = ("RDF", "application/rdf+xml"),
        [".ttl"] = ("TTL", "text/turtle"),
        [".jsonld"] = ("JSON-LD", "application/ld+json"),
        [".shp"] = ("SHP", "application/octet-stream"),
        [".doc"] = ("DOC", "application/msword"),
        [".docx"] = ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    };

    /// The format and media type a file name implies, or null when its extension is unknown.
    public static (string Format, string MediaType)? FromFileName(string? fileName)
    {
        var ext = Path.GetExtension(fileName ?? "");
        return ByExtension.TryGetValue(ext, out var f) ? f : null;
    }

    public static string MediaTypeOf(string format) =>
        ByFormat.GetValueOrDefault(format) ?? "application/octet-stream";

    // Every resource of a package dict asks; the first extension listed for a format gives its media type.
    private static readonly Dictionary<string, string> ByFormat = ByExtension.Values
        .DistinctBy(v => v.Format, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(v => v.Format, v => v.MediaType, StringComparer.OrdinalIgnoreCase);
}
