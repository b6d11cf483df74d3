using System.Globalization;
using System.Text;
using System.Text.Json;
using ExcelDataReader;
using Kaifang.Storage;
using Sylvan.Data.Csv;

namespace Kaifang.Catalog;

/// The first rows of a tabular resource (CSV, JSON, XLS/XLSX), for the dataset page.
/// Reads only the start of the file, and turns any problem with it into a note instead of an error:
/// agency files come in every encoding and shape, and a bad one must not break the page.
public static class ResourcePreview
{
    public const int DefaultRows = 20;

    /// Cells longer than this are cut, so one huge cell does not swamp the table.
    public const int MaxCellLength = 200;

    private const int SniffBytes = TextDecoding.SniffBytes;

    /// The most of a JSON file read while looking for the first rows.
    private const int MaxJsonBytes = 4 * 1024 * 1024;

    /// Longest CSV record accepted; a longer one is more likely a binary or broken file.
    private const int MaxCsvRecordChars = 1024 * 1024;

    public static Encoding Big5 => TextDecoding.Big5;

    public static bool CanPreview(string? format) => Kind(format) is not PreviewKind.None;

    /// Previews an uploaded resource from the file store.
    public static async Task<PreviewTable> ReadAsync(FileStore store, Resource resource, CancellationToken cancellationToken, int maxRows = DefaultRows)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(resource);
        if (resource.FileHash is null || !store.Exists(resource.FileHash))
        {
            return PreviewTable.Failed(PreviewProblem.NoFile);
        }
        await using var stream = store.OpenRead(resource.FileHash);
        return await ReadAsync(stream, resource.Format, cancellationToken, maxRows, resource.Encoding);
    }

    /// Previews a file given its format; the stream is read from its current position.
    /// The declared encoding (編碼格式) only decides when the bytes themselves cannot.
    public static async Task<PreviewTable> ReadAsync(Stream content, string? format, CancellationToken cancellationToken, int maxRows = DefaultRows, string? declaredEncoding = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        try
        {
            return Kind(format) switch
            {
                PreviewKind.Csv => await ReadCsvAsync(content, maxRows, declaredEncoding, cancellationToken),
                PreviewKind.Json => await ReadJsonAsync(content, maxRows, declaredEncoding, cancellationToken),
                PreviewKind.Spreadsheet => await ReadSpreadsheetAsync(content, maxRows, cancellationToken),
                _ => PreviewTable.Failed(PreviewProblem.UnsupportedFormat),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The file is not what its format says, or is damaged, and the parsers throw whatever their
            // internals hit on such input (zip, XML, JSON, CSV errors and worse): the page says "cannot
            // preview" and still offers the download.
            return PreviewTable.Failed(PreviewProblem.Unreadable);
        }
    }

    /// See <see cref="TextDecoding.DetectEncoding"/>.
    public static (Encoding Encoding, int BomLength) DetectEncoding(ReadOnlySpan<byte> start, bool complete, string? declaredEncoding = null) =>
        TextDecoding.DetectEncoding(start, complete, declaredEncoding);

    private static PreviewKind Kind(string? format) => format?.Trim().ToUpperInvariant() switch
    {
        "CSV" or "TSV" => PreviewKind.Csv,
        "JSON" => PreviewKind.Json,
        "XLSX" or "XLS" => PreviewKind.Spreadsheet,
        _ => PreviewKind.None,
    };

    private static async Task<PreviewTable> ReadCsvAsync(Stream content, int maxRows, string? declaredEncoding, CancellationToken cancellationToken)
    {
        var head = await TextDecoding.SniffAsync(content, declaredEncoding, cancellationToken);
        using var reader = TextDecoding.OpenReader(head, content, leaveOpen: true);
        var options = new CsvDataReaderOptions
        {
            HasHeaders = true,
            MaxBufferSize = MaxCsvRecordChars,
            // '#' starts ordinary values in agency files (e.g. "#1 倉庫"), never comments.
            Comment = '\0',
            OwnsReader = false,
        };
        await using var csv = await CsvDataReader.CreateAsync(reader, options, cancellationToken);
        var columns = Enumerable.Range(0, csv.FieldCount).Select(i => Cut(csv.GetName(i))).ToList();
        var rows = new List<IReadOnlyList<string>>();
        var more = false;
        while (await csv.ReadAsync(cancellationToken))
        {
            if (rows.Count == maxRows)
            {
                more = true;
                break;
            }
            // Extra fields past the header are left out; missing ones are padded below.
            var fields = Math.Min(csv.RowFieldCount, columns.Count);
            var row = new string[fields];
            for (var i = 0; i < fields; i++)
            {
                row[i] = Cut(csv.GetString(i));
            }
            rows.Add(row);
        }
        if (columns.Count == 0)
        {
            return PreviewTable.Failed(PreviewProblem.Empty);
        }
        return new PreviewTable(columns, Pad(rows, columns), more, head.EncodingName, null);
    }

    private static async Task<PreviewTable> ReadJsonAsync(Stream content, int maxRows, string? declaredEncoding, CancellationToken cancellationToken)
    {
        // Read in growing chunks and parse what has arrived, so a large file is read only as far as its first rows.
        var buffer = new MemoryStream();
        var chunk = new byte[SniffBytes];
        Encoding? encoding = null;
        var bom = 0;
        long parseAt = SniffBytes;
        while (true)
        {
            var read = await content.ReadAsync(chunk, cancellationToken);
            var done = read == 0;
            buffer.Write(chunk, 0, read);
            if (encoding is null && (buffer.Length >= SniffBytes || done))
            {
                (encoding, bom) = DetectEncoding(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), done, declaredEncoding);
            }
            if (done || buffer.Length >= parseAt || buffer.Length >= MaxJsonBytes)
            {
                parseAt = buffer.Length * 2;
                var bytes = ToUtf8(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), encoding ?? Encoding.UTF8, bom);
                var parsed = ParseJsonRows(bytes, isFinalBlock: done, maxRows);
                if (parsed.Complete || done || buffer.Length >= MaxJsonBytes)
                {
                    if (parsed.Objects.Count == 0)
                    {
                        return PreviewTable.Failed(parsed.NotTabular ? PreviewProblem.NotTabular : PreviewProblem.Unreadable);
                    }
                    return ToTable(parsed.Objects, parsed.More, EncodingName(encoding ?? Encoding.UTF8, bom));
                }
            }
        }
    }

    private static async Task<PreviewTable> ReadSpreadsheetAsync(Stream content, int maxRows, CancellationToken cancellationToken)
    {
        // ExcelDataReader needs to seek (XLSX is a zip); files from the store can, others are copied first.
        var seekable = content;
        if (!content.CanSeek)
        {
            seekable = new MemoryStream();
            await content.CopyToAsync(seekable, cancellationToken);
            seekable.Position = 0;
        }
        // A zip bomb is not inflated (ZipLimits); the page says it cannot be previewed.
        if (ZipLimits.Check(seekable) is not null)
        {
            return PreviewTable.Failed(PreviewProblem.Unreadable);
        }
        using var excel = ExcelReaderFactory.CreateReader(seekable, new ExcelReaderConfiguration { LeaveOpen = true });
        if (!excel.Read())
        {
            return PreviewTable.Failed(PreviewProblem.Empty);
        }
        var columns = Enumerable.Range(0, excel.FieldCount).Select(i => Cut(CellText(excel.GetValue(i)))).ToList();
        var rows = new List<IReadOnlyList<string>>();
        var more = false;
        while (excel.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (rows.Count == maxRows)
            {
                more = true;
                break;
            }
            rows.Add([.. Enumerable.Range(0, excel.FieldCount).Select(i => Cut(CellText(excel.GetValue(i))))]);
        }
        // Spreadsheets often carry empty trailing columns; they add nothing to a preview.
        var width = columns.Count;
        while (width > 0 && columns[width - 1].Length == 0 && rows.All(r => r.Count < width || r[width - 1].Length == 0))
        {
            width--;
        }
        if (width == 0)
        {
            return PreviewTable.Failed(PreviewProblem.Empty);
        }
        var trimmed = rows.Select(r => (IReadOnlyList<string>)[.. r.Take(width)]).ToList();
        return new PreviewTable(columns.Take(width).ToList(), Pad(trimmed, columns.Take(width).ToList()), more, null, null);
    }

    private static string CellText(object? value) => value switch
    {
        null => "",
        DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        double n => n.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static JsonRows ParseJsonRows(ReadOnlySpan<byte> utf8, bool isFinalBlock, int maxRows)
    {
        var reader = new Utf8JsonReader(utf8, isFinalBlock, new JsonReaderState(new JsonReaderOptions
        {
            AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Skip,
        }));
        var objects = new List<JsonElement>();
        if (!reader.Read())
        {
            return new JsonRows(objects, false, false, false);
        }
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            // {"records": [...]} (or another single array-valued property, as some agency APIs use).
            if (!MoveToRecordsArray(ref reader, out var notTabular))
            {
                return new JsonRows(objects, false, notTabular, notTabular);
            }
        }
        else if (reader.TokenType != JsonTokenType.StartArray)
        {
            return new JsonRows(objects, false, true, true);
        }

        while (true)
        {
            if (!reader.Read())
            {
                return new JsonRows(objects, false, false, false);
            }
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return new JsonRows(objects, false, true, objects.Count == 0);
            }
            if (objects.Count == maxRows)
            {
                return new JsonRows(objects, true, true, false);
            }
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return new JsonRows(objects, false, true, true);
            }
            // Only take an element that has fully arrived; otherwise wait for more bytes.
            var probe = reader;
            if (!probe.TrySkip())
            {
                return new JsonRows(objects, false, false, false);
            }
            using var element = JsonDocument.ParseValue(ref reader);
            objects.Add(element.RootElement.Clone());
        }
    }

    private static bool MoveToRecordsArray(ref Utf8JsonReader reader, out bool notTabular)
    {
        notTabular = false;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                notTabular = true;
                return false;
            }
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }
            var isRecords = reader.ValueTextEquals("records"u8) || reader.ValueTextEquals("result"u8) || reader.ValueTextEquals("data"u8);
            if (!reader.Read())
            {
                return false;
            }
            if (isRecords && reader.TokenType == JsonTokenType.StartArray)
            {
                return true;
            }
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                var probe = reader;
                if (!probe.TrySkip())
                {
                    return false;
                }
                reader.Skip();
            }
        }
        return false;
    }

    private static PreviewTable ToTable(List<JsonElement> objects, bool more, string encodingName)
    {
        var columns = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in objects)
        {
            foreach (var p in o.EnumerateObject())
            {
                if (seen.Add(p.Name))
                {
                    columns.Add(p.Name);
                }
            }
        }
        var rows = objects.Select(o => (IReadOnlyList<string>)[.. columns.Select(c => o.TryGetProperty(c, out var v) ? Cut(JsonText(v)) : "")]).ToList();
        return new PreviewTable([.. columns.Select(Cut)], rows, more, encodingName, null);
    }

    private static string JsonText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };

    private static byte[] ToUtf8(ReadOnlySpan<byte> bytes, Encoding encoding, int bom)
    {
        var body = bytes[bom..];
        if (encoding is UTF8Encoding)
        {
            return body.ToArray();
        }
        return Encoding.UTF8.GetBytes(encoding.GetString(body));
    }

    private static List<IReadOnlyList<string>> Pad(List<IReadOnlyList<string>> rows, List<string> columns) =>
        [.. rows.Select(r => r.Count >= columns.Count ? r : (IReadOnlyList<string>)[.. r, .. Enumerable.Repeat("", columns.Count - r.Count)])];

    private static string Cut(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        return text.Length <= MaxCellLength ? text : string.Concat(text.AsSpan(0, MaxCellLength), "…");
    }

    private static string EncodingName(Encoding encoding, int bom) => TextDecoding.EncodingName(encoding, bom);

    private enum PreviewKind
    {
        None,
        Csv,
        Json,
        Spreadsheet,
    }

    private sealed record JsonRows(List<JsonElement> Objects, bool More, bool Complete, bool NotTabular);
}

/// The first rows of a resource, or why there are none.
public sealed record PreviewTable(
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<string>> Rows,
    bool HasMoreRows,
    string? EncodingName,
    PreviewProblem? Problem)
{
    public bool Succeeded => Problem is null;

    public static PreviewTable Failed(PreviewProblem problem) => new([], [], false, null, problem);
}

public enum PreviewProblem
{
    /// The file is not in the store (e.g. removed, or the store is not mounted).
    NoFile,
    UnsupportedFormat,
    /// The file could not be read as its format: damaged, or not what it claims to be.
    Unreadable,
    /// Readable, but not rows of records (e.g. a JSON object without an array of them).
    NotTabular,
    Empty,
}
