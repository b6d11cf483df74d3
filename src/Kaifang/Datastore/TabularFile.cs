using System.Globalization;
using Kaifang.Storage;
using Sylvan.Data.Csv;

namespace Kaifang.Datastore;

/// The rows of a tabular file (CSV, TSV, JSON array of objects, XLSX, XLS, ODS) as text, with its
/// column names made usable: blank names get one, repeated names a suffix, and "_id" (the DataStore's
/// own row number) is renamed. The loader reads the rows twice (types first, then values), so a file
/// is opened again for each pass; only JSON is parsed once and kept.
public abstract partial class TabularFile : IDisposable
{
    /// Formats the DataStore loads (Resource.Format, upper case).
    public static readonly IReadOnlySet<string> Formats = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "CSV", "TSV", "JSON", "XLSX", "XLS", "ODS" };

    /// Longest CSV record accepted; a longer one is more likely a binary or broken file.
    private const int MaxCsvRecordChars = 1024 * 1024;

    static TabularFile()
    {
        // Older .xls files use legacy code pages that .NET only knows with this provider (ExcelDataReader's requirement).
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
    }

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
            file._format = format.Trim().ToUpperInvariant();
            return file;
        }
        catch (Exception e) when (IsBadContent(e))
        {
            file.Dispose();
            throw Unreadable(format.Trim().ToUpperInvariant(), e);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private string _format = "";

    /// Whether an exception from a parser is about the file's content: the parsers throw whatever their
    /// internals hit on a damaged or hostile file (zip, XML, JSON, CSV errors and worse), and each of those
    /// becomes a DatastoreLoadException saying so. Not the store's own failures (a missing file, no access),
    /// cancellation, or running out of memory.
    private static bool IsBadContent(Exception e) => e is not (DatastoreLoadException or OperationCanceledException or FileNotFoundException
        or DirectoryNotFoundException or UnauthorizedAccessException or OutOfMemoryException or ObjectDisposedException);

    private static DatastoreLoadException Unreadable(string format, Exception e) => e switch
    {
        FileRefusedException refused => new DatastoreLoadException(refused.Refusal.En, e),
        CsvFormatException when e.Message.Contains("buffer", StringComparison.OrdinalIgnoreCase) || e.GetType().Name.Contains("TooLarge", StringComparison.Ordinal) =>
            new DatastoreLoadException($"The {format} file has a record longer than {MaxCsvRecordChars / 1024 / 1024} MB characters; it is probably not {format} (or a quote is left open).", e),
        CsvFormatException => new DatastoreLoadException($"The {format} file's quoting is broken (a quote left open?): {e.Message}", e),
        System.Text.Json.JsonException => new DatastoreLoadException($"The JSON file cannot be read: {e.Message}", e),
        System.Xml.XmlException => new DatastoreLoadException($"The {format} file's XML is damaged or not allowed (no DOCTYPE or entities): {e.Message}", e),
        _ => new DatastoreLoadException($"The file cannot be read as {format}; it is damaged or not of that format ({e.GetType().Name}: {e.Message}).", e),
    };

    /// Refuses a zip package (XLSX, ODS) that would inflate past <see cref="ZipLimits"/>, before any of it is inflated.
    private protected static void CheckPackage(Stream package)
    {
        if (package.CanSeek && ZipLimits.Check(package) is { } refusal)
        {
            throw new DatastoreLoadException(refusal.En, new FileRefusedException(refusal));
        }
    }

    /// The data rows, each as wide as <see cref="Columns"/>; rows with no value at all are left out.
    public IEnumerable<string?[]> Rows(CancellationToken cancellationToken)
    {
        var width = Columns.Count;
        var n = 0;
        foreach (var row in Guarded(ReadRows()))
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

    /// The rows, with a parser's failure on bad content turned into a DatastoreLoadException.
    private IEnumerable<string?[]> Guarded(IEnumerable<string?[]> rows)
    {
        IEnumerator<string?[]> each;
        try
        {
            each = rows.GetEnumerator();
        }
        catch (Exception e) when (IsBadContent(e))
        {
            throw Unreadable(_format, e);
        }
        using (each)
        {
            while (MoveNext(each))
            {
                yield return each.Current;
            }
        }
    }

    private bool MoveNext(IEnumerator<string?[]> rows)
    {
        try
        {
            return rows.MoveNext();
        }
        catch (Exception e) when (IsBadContent(e))
        {
            throw Unreadable(_format, e);
        }
    }

    /// A CSV cursor's failure on bad content as a DatastoreLoadException.
    internal static DatastoreLoadException UnreadableCsv(Exception e) => Unreadable("CSV", e);

    internal static bool IsBadCsvContent(Exception e) => IsBadContent(e);

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

    protected internal static string CellText(object? value) => value switch
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
        try
        {
            return ReadNext();
        }
        catch (Exception e) when (TabularFile.IsBadCsvContent(e))
        {
            throw TabularFile.UnreadableCsv(e);
        }
    }

    private bool ReadNext()
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
