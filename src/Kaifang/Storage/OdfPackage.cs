using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Kaifang.Storage;

/// Writes an OpenDocument package (ODF 1.2, the format Taiwan's government uses for its documents):
/// a zip whose first entry is "mimetype", stored uncompressed, then content.xml, styles.xml, meta.xml and
/// META-INF/manifest.xml. The callers write the XML of each part (docs/decisions/0009-odf-without-library.md).
public static class OdfPackage
{
    public const string OfficeNs = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    public const string TextNs = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    public const string TableNs = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
    public const string StyleNs = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";
    public const string FoNs = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0";
    public const string MetaNs = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0";
    public const string DcNs = "http://purl.org/dc/elements/1.1/";
    public const string ManifestNs = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";

    public const string TextMimeType = "application/vnd.oasis.opendocument.text";
    public const string SpreadsheetMimeType = "application/vnd.oasis.opendocument.spreadsheet";

    /// The package's bytes. content and styles write the body of office:document-content and office:document-styles.
    public static byte[] Write(string mimeType, string title, DateTimeOffset created, Action<XmlWriter> content, Action<XmlWriter>? styles = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            // ODF 1.2 §3.3: the mimetype entry comes first, uncompressed, so that a reader can sniff the type at a fixed offset.
            var mime = zip.CreateEntry("mimetype", CompressionLevel.NoCompression);
            using (var stream = mime.Open())
            {
                stream.Write(Encoding.ASCII.GetBytes(mimeType));
            }
            Part(zip, "content.xml", w =>
            {
                Root(w, "document-content");
                content(w);
                w.WriteEndElement();
            });
            Part(zip, "styles.xml", w =>
            {
                Root(w, "document-styles");
                styles?.Invoke(w);
                w.WriteEndElement();
            });
            Part(zip, "meta.xml", w =>
            {
                Root(w, "document-meta");
                w.WriteStartElement("office", "meta", OfficeNs);
                w.WriteElementString("meta", "generator", MetaNs, "Kaifang");
                w.WriteElementString("dc", "title", DcNs, title);
                w.WriteElementString("meta", "creation-date", MetaNs, created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
                w.WriteEndElement();
                w.WriteEndElement();
            });
            Part(zip, "META-INF/manifest.xml", w =>
            {
                w.WriteStartElement("manifest", "manifest", ManifestNs);
                w.WriteAttributeString("manifest", "version", ManifestNs, "1.2");
                FileEntry(w, "/", mimeType);
                FileEntry(w, "content.xml", "text/xml");
                FileEntry(w, "styles.xml", "text/xml");
                FileEntry(w, "meta.xml", "text/xml");
                w.WriteEndElement();
            });
        }
        return buffer.ToArray();
    }

    private static void Root(XmlWriter w, string name)
    {
        w.WriteStartElement("office", name, OfficeNs);
        w.WriteAttributeString("xmlns", "text", null, TextNs);
        w.WriteAttributeString("xmlns", "table", null, TableNs);
        w.WriteAttributeString("xmlns", "style", null, StyleNs);
        w.WriteAttributeString("xmlns", "fo", null, FoNs);
        w.WriteAttributeString("xmlns", "meta", null, MetaNs);
        w.WriteAttributeString("xmlns", "dc", null, DcNs);
        w.WriteAttributeString("office", "version", OfficeNs, "1.2");
    }

    private static void FileEntry(XmlWriter w, string path, string type)
    {
        w.WriteStartElement("manifest", "file-entry", ManifestNs);
        w.WriteAttributeString("manifest", "full-path", ManifestNs, path);
        if (path == "/")
        {
            w.WriteAttributeString("manifest", "version", ManifestNs, "1.2");
        }
        w.WriteAttributeString("manifest", "media-type", ManifestNs, type);
        w.WriteEndElement();
    }

    private static void Part(ZipArchive zip, string name, Action<XmlWriter> write)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        using var stream = entry.Open();
        using var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false });
        writer.WriteStartDocument();
        write(writer);
        writer.WriteEndDocument();
    }
}
