using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Xml;
using ExcelDataReader;
using Kaifang.Storage;
using Sylvan.Data.Csv;

namespace Kaifang.Datastore;

/// The rows of a tabular file (CSV, TSV, JSON array of objects, XLSX, XLS, ODS) as text, with its
/// column names made usable: blank names get one, repeated names a suffix, and "_id" (the DataStore's
/// own row number) is renamed. The loader reads the rows twice (types first, then values), so a file
/// is opened again for each pass; only JSON is parsed once and kept.
public abstract class TabularFile : IDisposable
{
    /// Formats the DataStore loads (Resource.Format, upper case).
    public static readonly IReadOnlySet<string> Formats = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "CSV", "TSV", "JSON", "XLSX", "XLS", "ODS" };

    /// Longest CSV record accepted; a longer one is more likely a binary or broken file.
    private const int MaxCsvRecordChars = 1024 * 1024;

    public IReadOnlyList<string> Columns { get; private set; } = [];

    /// The text encoding of a text file as detected, e.g. "Big5"; null for spreadsheets.
    public string? EncodingName { get; protected set; }

    public static bool CanLoad(string? format) => format is not null && Formats.Contains(format.Trim());

    /// Opens a file; open() gives a fresh stream of its bytes each time it is called.
    public static async Task<TabularFile> OpenAsync(Func<Stream> open, string format, string? declaredEncoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(format);
        TabularFile file = format.Trim().ToUpperInvariant() switch
        {
            "CSV" => new DelimitedFile(open, declaredEncoding, null),
            "TSV" => new DelimitedFile(open, declaredEncoding, '\t'),
            "JSON" => new JsonFile(),
            "XLSX" or "XLS" => new SpreadsheetFile(open),
            "ODS" => new OdsFile(open),
            _ => throw new DatastoreLoadException($"{format} files are not loaded into the DataStore."),
        };
        try
        {
            var columns = await file.ReadColumnsAsync(open, declaredEncoding, cancellationToken);
            file.Columns = UsableNames(columns);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// The data rows, each as wide as <see cref="Columns"/>; rows with no value at all are left out.
    public IEnumerable<string?[]> Rows(CancellationToken cancellationToken)
    {
        var width = Columns.Count;
        var n = 0;
        foreach (var row in ReadRows())
        {
            if ((++n & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            var empty = true;
            for (var i = 0; i < width && empty; i++)
            {
                empty = string.IsNullOrEmpty(row[i]);
            }
            if (!empty)
            {
                yield return row;
            }
        }
    }

    /// The data rows one at a time, as spans (no string per value where the format allows it);
    /// rows with no value at all are left out. For the loader's two passes over large files.
    public virtual RowCursor OpenCursor(CancellationToken cancellationToken) => new ArrayCursor(Rows(cancellationToken).GetEnumerator());

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    protected abstract Task<IReadOnlyList<string>> ReadColumnsAsync(Func<Stream> open, string? declaredEncoding, CancellationToken cancellationToken);

    /// Rows exactly Columns.Count wide (padded or cut); a returned array may be reused for the next row.
    protected abstract IEnumerable<string?[]> ReadRows();

    private static List<string> UsableNames(IReadOnlyList<string> raw)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "_id" };
        var names = new List<string>(raw.Count);
        for (var i = 0; i < raw.Count; i++)
        {
            var name = raw[i].Trim();
            if (name.Length == 0)
            {
                name = $"column_{i + 1}";
            }
            var unique = name;
            for (var k = 2; !taken.Add(unique); k++)
            {
                unique = $"{name}_{k}";
            }
            names.Add(unique);
        }
        return names;
    }

    private static string CellText(object? value) => value switch
    {
        null => "",
        string s => s,
        DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        double n when n == Math.Floor(n) && Math.Abs(n) < 1e15 => ((long)n).ToString(CultureInfo.InvariantCulture),
        double n => n.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private sealed class DelimitedFile(Func<Stream> open, string? declaredEncoding, char? delimiter) : TabularFile
    {
        public override RowCursor OpenCursor(CancellationToken cancellationToken) =>
            new CsvCursor(OpenCsvAsync(cancellationToken).GetAwaiter().GetResult(), Columns.Count, cancellationToken);

        protected override async Task<IReadOnlyList<string>> ReadColumnsAsync(Func<Stream> open, string? declaredEncoding, CancellationToken cancellationToken)
        {
            using var csv = await OpenCsvAsync(cancellationToken);
            return [.. Enumerable.Range(0, csv.FieldCount).Select(csv.GetName)];
        }

        protected override IEnumerable<string?[]> ReadRows()
        {
            using var csv = OpenCsvAsync(CancellationToken.None).GetAwaiter().GetResult();
            var width = Columns.Count;
            var row = new string?[width];
            while (csv.Read())
            {
                // Extra fields past the header are left out; missing ones are empty.
                var fields = Math.Min(csv.RowFieldCount, width);
                for (var i = 0; i < fields; i++)
                {
                    row[i] = csv.GetString(i);
                }
                Array.Fill(row, null, fields, width - fields);
                yield return row;
            }
        }

        private async Task<CsvDataReader> OpenCsvAsync(CancellationToken cancellationToken)
        {
            var stream = open();
            try
            {
                var (reader, head) = await TextDecoding.OpenAsync(stream, declaredEncoding, cancellationToken);
                EncodingName = head.EncodingName;
                var options = new CsvDataReaderOptions
                {
                    HasHeaders = true,
                    MaxBufferSize = MaxCsvRecordChars,
                    // '#' starts ordinary values in agency files (e.g. "#1 倉庫"), never comments.
                    Comment = '\0',
                    OwnsReader = true,
                };
                if (delimiter is { } d)
                {
                    options.Delimiter = d;
                }
                return CsvDataReader.Create(reader, options);
            }
            catch
            {
                await stream.DisposeAsync();
                throw;
            }
        }
    }

    private sealed class JsonFile : TabularFile
    {
        private JsonDocument? _document;
        private JsonElement _records;

        protected override async Task<IReadOnlyList<string>> ReadColumnsAsync(Func<Stream> open, string? declaredEncoding, CancellationToken cancellationToken)
        {
            await using var stream = open();
            var head = await TextDecoding.SniffAsync(stream, declaredEncoding, cancellationToken);
            EncodingName = head.EncodingName;
            var options = new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };
            try
            {
                if (head.Encoding is UTF8Encoding)
                {
                    using var reader = TextDecoding.OpenReader(head, stream, leaveOpen: true);
                    _document = await JsonDocument.ParseAsync(reader.BaseStream, options, cancellationToken);
                }
                else
                {
                    using var reader = TextDecoding.OpenReader(head, stream, leaveOpen: true);
                    _document = JsonDocument.Parse(await reader.ReadToEndAsync(cancellationToken), options);
                }
            }
            catch (JsonException e)
            {
                throw new DatastoreLoadException($"The JSON file cannot be read: {e.Message}");
            }
            _records = RecordsOf(_document.RootElement);
            // Columns in the order keys first appear, across all records.
            var columns = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var record in _records.EnumerateArray())
            {
                if (record.ValueKind != JsonValueKind.Object)
                {
                    throw new DatastoreLoadException("The JSON array holds something other than objects; the DataStore loads an array of objects, one per row.");
                }
                foreach (var property in record.EnumerateObject())
                {
                    if (seen.Add(property.Name))
                    {
                        columns.Add(property.Name);
                    }
                }
            }
            if (columns.Count == 0)
            {
                throw new DatastoreLoadException("The JSON file holds no records.");
            }
            return columns;
        }

        protected override IEnumerable<string?[]> ReadRows()
        {
            // Keys as they were in the file: the usable names may differ from them.
            var keys = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var record in _records.EnumerateArray())
            {
                foreach (var property in record.EnumerateObject())
                {
                    if (seen.Add(property.Name))
                    {
                        keys.Add(property.Name);
                    }
                }
            }
            var index = keys.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => p.i, StringComparer.Ordinal);
            var row = new string?[Columns.Count];
            foreach (var record in _records.EnumerateArray())
            {
                Array.Fill(row, null);
                foreach (var property in record.EnumerateObject())
                {
                    row[index[property.Name]] = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.Null or JsonValueKind.Undefined => null,
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        _ => property.Value.GetRawText(),
                    };
                }
                yield return row;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _document?.Dispose();
            }
            base.Dispose(disposing);
        }

        /// An array of objects, or an object whose "records", "result" or "data" (or only array) property is one.
        private static JsonElement RecordsOf(JsonElement root)
        {
            if (root.ValueKind == JsonValueKind.Array)
            {
                return root;
            }
            if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in new[] { "records", "result", "data" })
                {
                    if (root.TryGetProperty(name, out var value))
                    {
                        return value.ValueKind == JsonValueKind.Array ? value : RecordsOf(value);
                    }
                }
                var arrays = root.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array).ToList();
                if (arrays.Count == 1)
                {
                    return arrays[0].Value;
                }
            }
            throw new DatastoreLoadException("The JSON file is not a list of records: expected an array of objects, or an object with a \"records\" array.");
        }
    }

    private sealed class SpreadsheetFile(Func<Stream> open) : TabularFile
    {
        protected override Task<IReadOnlyList<string>> ReadColumnsAsync(Func<Stream> open, string? declaredEncoding, CancellationToken cancellationToken)
        {
            using var stream = open();
            using var excel = ExcelReaderFactory.CreateReader(stream);
            if (!excel.Read())
            {
                throw new DatastoreLoadException("The spreadsheet's first sheet is empty.");
            }
            var header = Enumerable.Range(0, excel.FieldCount).Select(i => CellText(excel.GetValue(i))).ToList();
            // Spreadsheets often carry empty trailing columns.
            while (header.Count > 0 && header[^1].Trim().Length == 0)
            {
                header.RemoveAt(header.Count - 1);
            }
            if (header.Count == 0)
            {
                throw new DatastoreLoadException("The spreadsheet's first row, which names the columns, is empty.");
            }
            return Task.FromResult<IReadOnlyList<string>>(header);
        }

        protected override IEnumerable<string?[]> ReadRows()
        {
            using var stream = open();
            using var excel = ExcelReaderFactory.CreateReader(stream);
            excel.Read();
            var width = Columns.Count;
            var row = new string?[width];
            while (excel.Read())
            {
                var fields = Math.Min(excel.FieldCount, width);
                for (var i = 0; i < fields; i++)
                {
                    var text = CellText(excel.GetValue(i));
                    row[i] = text.Length == 0 ? null : text;
                }
                Array.Fill(row, null, fields, width - fields);
                yield return row;
            }
        }
    }

    /// An OpenDocument spreadsheet: the first table of its content.xml, first row as the column names.
    private sealed class OdsFile(Func<Stream> open) : TabularFile
    {
        private const string TableNs = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
        private const string OfficeNs = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";

        /// Repeated empty cells past this are the sheet's unused width, not data.
        private const int MaxRepeat = 1024;

        protected override Task<IReadOnlyList<string>> ReadColumnsAsync(Func<Stream> open, string? declaredEncoding, CancellationToken cancellationToken)
        {
            var header = ReadTable().FirstOrDefault()?.ToList()
                ?? throw new DatastoreLoadException("The spreadsheet's first sheet is empty.");
            while (header.Count > 0 && string.IsNullOrWhiteSpace(header[^1]))
            {
                header.RemoveAt(header.Count - 1);
            }
            if (header.Count == 0)
            {
                throw new DatastoreLoadException("The spreadsheet's first row, which names the columns, is empty.");
            }
            return Task.FromResult<IReadOnlyList<string>>([.. header.Select(h => h ?? "")]);
        }

        protected override IEnumerable<string?[]> ReadRows()
        {
            var width = Columns.Count;
            foreach (var cells in ReadTable().Skip(1))
            {
                var row = new string?[width];
                for (var i = 0; i < Math.Min(width, cells.Count); i++)
                {
                    row[i] = cells[i];
                }
                yield return row;
            }
        }

        private IEnumerable<List<string?>> ReadTable()
        {
            using var stream = open();
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
            var entry = zip.GetEntry("content.xml") ?? throw new DatastoreLoadException("The file is not an OpenDocument spreadsheet: it has no content.xml.");
            using var content = entry.Open();
            using var xml = XmlReader.Create(content, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = false });
            var tables = 0;
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element || xml.NamespaceURI != TableNs)
                {
                    continue;
                }
                if (xml.LocalName == "table" && ++tables > 1)
                {
                    yield break;
                }
                if (xml.LocalName != "table-row")
                {
                    continue;
                }
                var repeat = int.TryParse(xml.GetAttribute("number-rows-repeated", TableNs), out var r) ? r : 1;
                var cells = ReadRow(xml);
                if (cells.All(string.IsNullOrEmpty))
                {
                    continue;
                }
                for (var i = 0; i < Math.Min(repeat, MaxRepeat); i++)
                {
                    yield return cells;
                }
            }
        }

        private static List<string?> ReadRow(XmlReader xml)
        {
            var cells = new List<string?>();
            if (xml.IsEmptyElement)
            {
                return cells;
            }
            var depth = xml.Depth;
            while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
            {
                if (xml.NodeType != XmlNodeType.Element || xml.NamespaceURI != TableNs || xml.LocalName is not ("table-cell" or "covered-table-cell"))
                {
                    continue;
                }
                var repeat = int.TryParse(xml.GetAttribute("number-columns-repeated", TableNs), out var c) ? c : 1;
                var value = CellValue(xml);
                for (var i = 0; i < Math.Min(repeat, MaxRepeat); i++)
                {
                    cells.Add(value);
                }
            }
            while (cells.Count > 0 && string.IsNullOrEmpty(cells[^1]))
            {
                cells.RemoveAt(cells.Count - 1);
            }
            return cells;
        }

        /// The cell's typed value when it has one (numbers, dates, booleans), else its paragraphs' text.
        private static string? CellValue(XmlReader xml)
        {
            var type = xml.GetAttribute("value-type", OfficeNs);
            var typed = type switch
            {
                "float" or "percentage" or "currency" => xml.GetAttribute("value", OfficeNs),
                "date" => xml.GetAttribute("date-value", OfficeNs),
                "boolean" => xml.GetAttribute("boolean-value", OfficeNs),
                _ => null,
            };
            if (xml.IsEmptyElement)
            {
                return typed;
            }
            var text = new StringBuilder();
            var depth = xml.Depth;
            var paragraphs = 0;
            while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "p" && paragraphs++ > 0)
                {
                    text.Append('\n');
                }
                else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "s")
                {
                    text.Append(' ');
                }
                else if (xml.NodeType is XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
                {
                    text.Append(xml.Value);
                }
            }
            return typed ?? (text.Length == 0 ? null : text.ToString());
        }
    }
}

/// A forward-only reader of a table's rows; values are spans valid until the next call of <see cref="Read"/>.
public abstract class RowCursor : IDisposable
{
    /// Moves to the next row that has a value; false at the end.
    public abstract bool Read();

    /// The value of a column in the current row; empty for no value.
    public abstract ReadOnlySpan<char> this[int column] { get; }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}

/// Rows already as strings (JSON, spreadsheets).
internal sealed class ArrayCursor(IEnumerator<string?[]> rows) : RowCursor
{
    public override bool Read() => rows.MoveNext();

    public override ReadOnlySpan<char> this[int column] => rows.Current[column];

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            rows.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// CSV rows straight from the parser's buffer, without a string per value.
internal sealed class CsvCursor(CsvDataReader csv, int width, CancellationToken cancellationToken) : RowCursor
{
    private int _fields;
    private int _rows;

    public override bool Read()
    {
        while (csv.Read())
        {
            if ((++_rows & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            // Extra fields past the header are left out; missing ones are empty.
            _fields = Math.Min(csv.RowFieldCount, width);
            for (var i = 0; i < _fields; i++)
            {
                if (!csv.GetFieldSpan(i).IsEmpty)
                {
                    return true;
                }
            }
        }
        return false;
    }

    public override ReadOnlySpan<char> this[int column] => column < _fields ? csv.GetFieldSpan(column) : [];

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            csv.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// A file that cannot be loaded into the DataStore, with the reason.
public sealed class DatastoreLoadException(string message, Exception? inner = null) : Exception(message, inner);
