using System.IO.Compression;
using System.Text;
using Kaifang.Storage;

namespace Kaifang.Catalog;

/// Looks into an uploaded file, before it is kept, for what would harm whoever opens it: a zip package that
/// inflates to gigabytes (a zip bomb), and XML that declares a document type, the way to external entities
/// (reading the server's files, reaching its network) and to entity expansion (billion laughs). Office
/// packages (XLSX, ODS, DOCX, ODT) never declare one, and Kaifang's data files have no need to.
/// What the file's format reader thinks of the rest (a damaged sheet, bad quoting) is not judged here.
public static class UploadInspection
{
    private static readonly HashSet<string> Packages = new(StringComparer.OrdinalIgnoreCase) { ".xlsx", ".ods", ".docx", ".odt", ".zip" };

    /// Packages whose XML parts are looked at: office documents, whose parts never declare a document type.
    private static readonly HashSet<string> OfficePackages = new(StringComparer.OrdinalIgnoreCase) { ".xlsx", ".ods", ".docx", ".odt" };

    private static readonly HashSet<string> XmlFiles = new(StringComparer.OrdinalIgnoreCase) { ".xml", ".rdf", ".kml" };

    /// Text tables: their text must decode, and no line may be longer than the DataStore reads.
    private static readonly HashSet<string> TextTables = new(StringComparer.OrdinalIgnoreCase) { ".csv", ".tsv" };

    /// The longest line of a CSV or TSV, in bytes: the DataStore reads records of up to a million characters,
    /// which is up to three million bytes of UTF-8 or two of Big5.
    public const int MaxLineBytes = 4 * 1024 * 1024;

    /// How much of an XML file or part is looked at: a declaration comes before the root element.
    private const int HeadBytes = 64 * 1024;

    /// Why the file must not be kept, or null. The stream must seek.
    public static FileRefusal? Check(string fileName, Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var extension = Path.GetExtension(fileName ?? "");
        if (Packages.Contains(extension) || StartsWithZipSignature(content))
        {
            if (ZipLimits.Check(content) is { } refusal)
            {
                return refusal;
            }
            if (OfficePackages.Contains(extension))
            {
                return CheckParts(content);
            }
            return null;
        }
        if (TextTables.Contains(extension))
        {
            content.Position = 0;
            return CheckText(content, Path.GetFileName(fileName ?? ""));
        }
        if (XmlFiles.Contains(extension))
        {
            content.Position = 0;
            return DeclaresDocumentType(content) ? XmlRefusal(Path.GetFileName(fileName ?? "")) : null;
        }
        return null;
    }

    /// A CSV or TSV must be text in one of the encodings agencies use (UTF-8, UTF-16 with its byte order mark,
    /// Big5) and have no line past <see cref="MaxLineBytes"/>: either is a binary or broken file.
    private static FileRefusal? CheckText(Stream content, string name)
    {
        var buffer = new byte[81920];
        var start = new byte[4];
        var startLength = content.ReadAtLeast(start, 4, throwOnEndOfStream: false);
        if (startLength >= 2 && (start[0], start[1]) is (0xFF, 0xFE) or (0xFE, 0xFF))
        {
            return null;
        }
        content.Position = 0;
        var utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var big5 = StrictBig5().GetDecoder();
        var chars = new char[buffer.Length + 8];
        bool isUtf8 = true, isBig5 = true;
        long line = 0, lineNumber = 1, offset = 0;
        int read;
        while ((read = content.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] == (byte)'\n')
                {
                    line = 0;
                    lineNumber++;
                }
                else if (++line > MaxLineBytes)
                {
                    return new FileRefusal(
                        $"「{name}」第 {lineNumber:N0} 行超過 {MaxLineBytes / 1024 / 1024} MB，不像是 CSV（可能是二進位檔，或引號未關閉）；請確認檔案內容與格式。",
                        $"Line {lineNumber:N0} of “{name}” is longer than {MaxLineBytes / 1024 / 1024} MB, which is not what a CSV holds (a binary file, or a quote left open?); check the file's content and format.");
                }
            }
            isUtf8 = isUtf8 && Decodes(utf8, buffer, read, chars, flush: false);
            isBig5 = isBig5 && Decodes(big5, buffer, read, chars, flush: false);
            if (!isUtf8 && !isBig5)
            {
                return TextRefusal(name, offset);
            }
            offset += read;
        }
        isUtf8 = isUtf8 && Decodes(utf8, buffer, 0, chars, flush: true);
        isBig5 = isBig5 && Decodes(big5, buffer, 0, chars, flush: true);
        return isUtf8 || isBig5 ? null : TextRefusal(name, offset);
    }

    private static Encoding StrictBig5()
    {
        // Big5 (CP950) is not built into .NET; TextDecoding registers the provider that has it.
        _ = TextDecoding.Big5;
        return Encoding.GetEncoding(950, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

    private static bool Decodes(Decoder decoder, byte[] bytes, int count, char[] chars, bool flush)
    {
        try
        {
            decoder.GetChars(bytes, 0, count, chars, 0, flush);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static FileRefusal TextRefusal(string name, long near) => new(
        $"「{name}」在第 {near:N0} 位元組附近有無法解讀的位元組：不是有效的 UTF-8 或 Big5 文字；請以 UTF-8 另存後再上傳。",
        $"“{name}” has bytes near byte {near:N0} that are neither valid UTF-8 nor Big5 text; save it as UTF-8 and upload again.");

    /// The office package's XML parts; the stream is at its start (ZipLimits.Check leaves it there).
    private static FileRefusal? CheckParts(Stream content)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || e.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase)))
            {
                using var part = entry.Open();
                if (DeclaresDocumentType(part))
                {
                    return XmlRefusal(entry.FullName);
                }
            }
        }
        catch (InvalidDataException)
        {
            // A damaged package: the format's reader tells what it can of it.
        }
        return null;
    }

    private static FileRefusal XmlRefusal(string part) => new(
        $"「{part}」含有 DOCTYPE 或 ENTITY 宣告（外部實體、實體展開），基於安全不予接受；請移除宣告後再上傳。",
        $"“{part}” declares a DOCTYPE or ENTITY (external entities, entity expansion), which is refused for safety; remove the declaration and upload again.");

    private static bool DeclaresDocumentType(Stream xml)
    {
        var buffer = new byte[HeadBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = xml.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }
        var head = buffer.AsSpan(0, length);
        // UTF-16 XML has a zero byte between ASCII characters; look at it as text.
        var text = head.Contains((byte)0) && length > 1
            ? (head[0] == 0xFE || head[0] == 0 ? Encoding.BigEndianUnicode : Encoding.Unicode).GetString(head)
            : Encoding.Latin1.GetString(head);
        return text.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase) || text.Contains("<!ENTITY", StringComparison.OrdinalIgnoreCase);
    }

    private static bool StartsWithZipSignature(Stream content)
    {
        content.Position = 0;
        Span<byte> start = stackalloc byte[4];
        var read = content.ReadAtLeast(start, 4, throwOnEndOfStream: false);
        return read == 4 && start.SequenceEqual("PK\u0003\u0004"u8);
    }
}
