using System.Text;

namespace Kaifang.Quality;

/// What a file really is, told from its first bytes rather than its name or declared format.
public enum SniffedFormat
{
    Unknown = 0,
    Pdf,
    Doc,
    Docx,
    Odt,
    Pptx,
    Xls,
    Xlsx,
    Ods,
    Zip,
    Html,
    Xml,
    Kml,
    RdfXml,
    Json,
    GeoJson,
    JsonLd,
    Turtle,
    NTriples,
    Csv,
    Tsv,
    Text,
    Image,
    Empty,
}

/// Tells a file's real format from its start (the first 64 KB are plenty): the magic numbers of PDF,
/// images, OLE (XLS, DOC) and ZIP containers (told apart by their first entries: ODF's "mimetype",
/// OOXML's xl/ or word/ parts), then, for text, the first non-blank character and a look at its lines.
public static class ContentSniffer
{
    public const int SniffBytes = 64 * 1024;

    public static SniffedFormat Sniff(ReadOnlySpan<byte> start)
    {
        if (start.IsEmpty)
        {
            return SniffedFormat.Empty;
        }
        if (start.StartsWith("%PDF-"u8))
        {
            return SniffedFormat.Pdf;
        }
        if (start.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]) || start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])
            || start.StartsWith("GIF8"u8) || start.StartsWith("BM"u8) && start.Length > 14 && start[6] == 0 && start[7] == 0)
        {
            return SniffedFormat.Image;
        }
        if (start.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            // An OLE compound file: the directory names its streams in UTF-16.
            return Contains(start, Encoding.Unicode.GetBytes("WordDocument")) ? SniffedFormat.Doc : SniffedFormat.Xls;
        }
        if (start.StartsWith("PK\u0003\u0004"u8))
        {
            return Zipped(start);
        }
        var text = Decode(start);
        var trimmed = text.TrimStart();
        if (trimmed.Length == 0)
        {
            return SniffedFormat.Empty;
        }
        if (trimmed[0] == '<')
        {
            // N-Triples start with an IRI in angle brackets, markup with a tag name.
            return trimmed.StartsWith("<http://", StringComparison.Ordinal) || trimmed.StartsWith("<https://", StringComparison.Ordinal) || trimmed.StartsWith("<urn:", StringComparison.Ordinal)
                ? Lines(trimmed)
                : Markup(trimmed);
        }
        if (trimmed[0] is '{' or '[')
        {
            return Json(trimmed);
        }
        if (trimmed.StartsWith("@prefix", StringComparison.Ordinal) || trimmed.StartsWith("@base", StringComparison.Ordinal)
            || trimmed.StartsWith("PREFIX ", StringComparison.OrdinalIgnoreCase))
        {
            return SniffedFormat.Turtle;
        }
        return Lines(trimmed);
    }

    private static SniffedFormat Zipped(ReadOnlySpan<byte> start)
    {
        // ODF stores "mimetype" first and uncompressed, so its media type is readable at byte 38.
        if (Contains(start[..Math.Min(start.Length, 200)], "mimetypeapplication/vnd.oasis.opendocument.spreadsheet"u8))
        {
            return SniffedFormat.Ods;
        }
        if (Contains(start[..Math.Min(start.Length, 200)], "mimetypeapplication/vnd.oasis.opendocument.text"u8))
        {
            return SniffedFormat.Odt;
        }
        // OOXML: the parts' names are in their local headers, readable in the first few kilobytes.
        if (Contains(start, "xl/workbook"u8) || Contains(start, "xl/worksheets/"u8) || Contains(start, "xl/_rels"u8) || Contains(start, "xl/styles"u8))
        {
            return SniffedFormat.Xlsx;
        }
        if (Contains(start, "word/document"u8) || Contains(start, "word/_rels"u8) || Contains(start, "word/styles"u8))
        {
            return SniffedFormat.Docx;
        }
        if (Contains(start, "ppt/"u8))
        {
            return SniffedFormat.Pptx;
        }
        return SniffedFormat.Zip;
    }

    private static SniffedFormat Markup(string text)
    {
        var head = text[..Math.Min(text.Length, 4096)];
        if (head.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            || head.StartsWith("<head", StringComparison.OrdinalIgnoreCase) || head.StartsWith("<body", StringComparison.OrdinalIgnoreCase))
        {
            return SniffedFormat.Html;
        }
        // The root element, after the XML declaration, comments and a doctype.
        var root = RootElement(head);
        if (root is null)
        {
            return head.Contains("<html", StringComparison.OrdinalIgnoreCase) ? SniffedFormat.Html : SniffedFormat.Xml;
        }
        if (root.Equals("html", StringComparison.OrdinalIgnoreCase))
        {
            return SniffedFormat.Html;
        }
        if (root is "rdf:RDF" or "RDF" || root.EndsWith(":RDF", StringComparison.Ordinal))
        {
            return SniffedFormat.RdfXml;
        }
        return root is "kml" || root.EndsWith(":kml", StringComparison.Ordinal) ? SniffedFormat.Kml : SniffedFormat.Xml;
    }

    private static string? RootElement(string head)
    {
        var i = 0;
        while (i < head.Length)
        {
            var open = head.IndexOf('<', i);
            if (open < 0 || open + 1 >= head.Length)
            {
                return null;
            }
            var next = head[open + 1];
            if (next is '?' or '!')
            {
                var close = head.IndexOf('>', open);
                if (close < 0)
                {
                    return null;
                }
                i = close + 1;
                continue;
            }
            var end = open + 1;
            while (end < head.Length && !char.IsWhiteSpace(head[end]) && head[end] is not ('>' or '/'))
            {
                end++;
            }
            return head[(open + 1)..end];
        }
        return null;
    }

    private static SniffedFormat Json(string text)
    {
        var head = text[..Math.Min(text.Length, 8192)];
        if (head.Contains("\"@context\"", StringComparison.Ordinal) || head.Contains("\"@id\"", StringComparison.Ordinal) && head.Contains("\"@type\"", StringComparison.Ordinal))
        {
            return SniffedFormat.JsonLd;
        }
        if (head.Contains("\"FeatureCollection\"", StringComparison.Ordinal) || head.Contains("\"Feature\"", StringComparison.Ordinal) && head.Contains("\"geometry\"", StringComparison.Ordinal))
        {
            return SniffedFormat.GeoJson;
        }
        return SniffedFormat.Json;
    }

    private static SniffedFormat Lines(string text)
    {
        var lines = text.Split('\n', 12).Take(10).Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        if (lines.Count > 0 && lines.All(l => l.StartsWith('<') && l.TrimEnd().EndsWith('.') || l.StartsWith('#') || l.StartsWith("_:", StringComparison.Ordinal)))
        {
            return SniffedFormat.NTriples;
        }
        foreach (var (separator, format) in new[] { ('\t', SniffedFormat.Tsv), (',', SniffedFormat.Csv) })
        {
            // A table: the same number of separators, at least one, on each full line (the last may be cut off).
            var complete = lines.Count > 2 ? lines.Take(lines.Count - 1).ToList() : lines;
            var counts = complete.Select(l => CountOutsideQuotes(l, separator)).ToList();
            if (counts.Count > 0 && counts[0] > 0 && counts.All(c => c == counts[0]))
            {
                return format;
            }
        }
        return SniffedFormat.Text;
    }

    private static int CountOutsideQuotes(string line, char separator)
    {
        var count = 0;
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == separator && !quoted)
            {
                count++;
            }
        }
        return count;
    }

    private static string Decode(ReadOnlySpan<byte> start)
    {
        var (encoding, bom) = Storage.TextDecoding.DetectEncoding(start, complete: start.Length < SniffBytes);
        return encoding.GetString(start[bom..]);
    }

    private static bool Contains(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle) => haystack.IndexOf(needle) >= 0;

    /// Formats that are text, whose encoding matters.
    public static bool IsText(SniffedFormat format) => format is SniffedFormat.Csv or SniffedFormat.Tsv or SniffedFormat.Json or SniffedFormat.GeoJson
        or SniffedFormat.JsonLd or SniffedFormat.Xml or SniffedFormat.Kml or SniffedFormat.RdfXml or SniffedFormat.Turtle or SniffedFormat.NTriples
        or SniffedFormat.Text or SniffedFormat.Html;

    /// The format's name as resources declare it (upper case), for comparing with what was declared.
    public static string Name(SniffedFormat format) => format switch
    {
        SniffedFormat.RdfXml => "RDF",
        SniffedFormat.JsonLd => "JSONLD",
        SniffedFormat.Turtle => "TTL",
        SniffedFormat.NTriples => "NT",
        SniffedFormat.Image => "IMAGE",
        _ => format.ToString().ToUpperInvariant(),
    };

    /// Whether a declared format and the content agree (CSV declared and CSV found; XML declared and KML found…).
    public static bool Agrees(string declared, SniffedFormat found)
    {
        ArgumentNullException.ThrowIfNull(declared);
        var d = declared.Trim().TrimStart('.').ToUpperInvariant();
        return found switch
        {
            SniffedFormat.Unknown or SniffedFormat.Empty => true,
            SniffedFormat.Csv => d is "CSV" or "TXT",
            SniffedFormat.Tsv => d is "TSV" or "CSV" or "TXT",
            SniffedFormat.Json => d is "JSON" or "API",
            SniffedFormat.GeoJson => d is "GEOJSON" or "JSON",
            SniffedFormat.JsonLd => d is "JSONLD" or "JSON-LD" or "JSON",
            SniffedFormat.Xml => d is "XML" or "API" or "RSS" or "ATOM" or "XSD" or "GML",
            SniffedFormat.Kml => d is "KML" or "XML",
            SniffedFormat.RdfXml => d is "RDF" or "XML" or "OWL",
            SniffedFormat.Turtle => d is "TTL" or "TURTLE" or "N3",
            SniffedFormat.NTriples => d is "NT" or "N-TRIPLES" or "NTRIPLES" or "NQ",
            SniffedFormat.Xls => d is "XLS",
            SniffedFormat.Xlsx => d is "XLSX",
            SniffedFormat.Ods => d is "ODS",
            SniffedFormat.Odt => d is "ODT",
            SniffedFormat.Doc => d is "DOC",
            SniffedFormat.Docx => d is "DOCX",
            SniffedFormat.Pptx => d is "PPTX",
            SniffedFormat.Pdf => d is "PDF",
            SniffedFormat.Zip => d is "ZIP" or "SHP" or "SHAPEFILE",
            SniffedFormat.Html => d is "HTML" or "HTM" or "網頁" or "WEB",
            SniffedFormat.Image => d is "PNG" or "JPG" or "JPEG" or "GIF" or "BMP" or "TIF" or "TIFF" or "IMAGE",
            SniffedFormat.Text => d is "TXT" or "TEXT",
            _ => false,
        };
    }
}
