using System.Text;

namespace Kaifang.Quality;

/// Whether what a link serves fits the format its resource claims: an HTML page where data is
/// promised is the usual face of a moved file (a portal's home page or a "not found" page with 200),
/// while a merely unexpected content type is worth a warning only.
public static class LinkContent
{
    /// Types any file may be served with: they say nothing against the format.
    private static readonly HashSet<string> Generic = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/octet-stream", "binary/octet-stream", "application/x-download", "application/force-download",
        "application/download", "application/unknown", "application/binary",
    };

    private static readonly Dictionary<string, string[]> Expected = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CSV"] = ["text/csv", "application/csv", "text/comma-separated-values", "text/plain", "application/vnd.ms-excel", "text/x-csv"],
        ["JSON"] = ["application/json", "text/json", "text/plain", "application/geo+json", "application/ld+json"],
        ["GEOJSON"] = ["application/geo+json", "application/json", "text/plain"],
        ["XML"] = ["application/xml", "text/xml", "text/plain", "application/rss+xml", "application/atom+xml"],
        ["XLS"] = ["application/vnd.ms-excel", "application/excel", "application/x-excel", "application/x-msexcel"],
        ["XLSX"] = ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"],
        ["ODS"] = ["application/vnd.oasis.opendocument.spreadsheet", "application/zip"],
        ["ODT"] = ["application/vnd.oasis.opendocument.text", "application/zip"],
        ["PDF"] = ["application/pdf", "application/x-pdf"],
        ["ZIP"] = ["application/zip", "application/x-zip-compressed", "application/x-zip"],
        ["TXT"] = ["text/plain"],
        ["KML"] = ["application/vnd.google-earth.kml+xml", "application/xml", "text/xml"],
        ["RDF"] = ["application/rdf+xml", "application/xml", "text/xml"],
        ["TTL"] = ["text/turtle", "text/plain", "application/x-turtle"],
        ["JSONLD"] = ["application/ld+json", "application/json"],
        ["HTML"] = ["text/html", "application/xhtml+xml"],
    };

    private static readonly HashSet<string> PageFormats = new(StringComparer.OrdinalIgnoreCase) { "HTML", "HTM", "XHTML", "PHP", "ASP", "ASPX", "JSP", "WEB", "網頁" };

    /// Whether the format promises a web page rather than data (then HTML is what it should be).
    public static bool IsPageFormat(string? format) => format is not null && PageFormats.Contains(format.Trim());

    /// Whether the answer is an HTML page: by its content type, or by its first bytes when it claims another type.
    public static bool LooksLikeHtml(string? mediaType, ReadOnlySpan<byte> start)
    {
        if (string.Equals(mediaType, "text/html", StringComparison.OrdinalIgnoreCase) || string.Equals(mediaType, "application/xhtml+xml", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (start.StartsWith("\uFEFF"u8))
        {
            start = start[3..];
        }
        var text = Encoding.ASCII.GetString(start[..Math.Min(start.Length, 64)]).TrimStart();
        return text.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("<head", StringComparison.OrdinalIgnoreCase);
    }

    /// A warning when the content type does not fit the format, or null.
    public static string? TypeWarning(string? format, string? mediaType)
    {
        if (string.IsNullOrEmpty(format) || string.IsNullOrEmpty(mediaType) || Generic.Contains(mediaType)
            || !Expected.TryGetValue(format.Trim(), out var types) || types.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }
        return $"Served as {mediaType}, which does not fit the format {format.Trim().ToUpperInvariant()}.";
    }
}
