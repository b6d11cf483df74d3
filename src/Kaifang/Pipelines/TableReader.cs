using System.Text;
using Kaifang.Datastore;
using Kaifang.Storage;
using Sylvan.Data.Csv;

namespace Kaifang.Pipelines;

/// Reads a file into a <see cref="Table"/> as its decode step says. CSV and TSV are read here, record
/// by record, so that the header stays as written (blank and repeated names, which validation reports)
/// and every row keeps its own width (missing and extra cells); the encoding is found by
/// <see cref="TextDecoding"/>. JSON and spreadsheets go through the DataStore's <see cref="TabularFile"/>,
/// whose header is already made usable and which leaves out empty rows (their row numbers count only
/// the rows with a value).
/// The rows are read when enumerated, from a fresh stream each time: open() is called again.
public static class TableReader
{
    public static readonly IReadOnlyList<string> Formats = ["csv", "tsv", "json", "xlsx", "xls", "ods"];

    /// Longest CSV record accepted, as for the DataStore.
    private const int MaxRecordChars = 1024 * 1024;

    /// Reads the header now and the rows when they are enumerated.
    public static async Task<Table> OpenAsync(Func<Stream> open, DecodeStep? decode = null, string? declaredEncoding = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(open);
        decode ??= new DecodeStep();
        var errors = decode.Check([]).ToList();
        if (errors.Count > 0)
        {
            throw new PipelineSettingsException(errors);
        }
        var format = decode.Format.Trim().ToLowerInvariant();
        if (format is "csv" or "tsv")
        {
            var delimiter = decode.Delimiter is { Length: 1 } d ? d[0] : format == "tsv" ? '\t' : (char?)null;
            string[] header;
            string encodingName;
            using (var csv = await OpenCsvAsync(open, decode.ForcedEncoding(), declaredEncoding, delimiter, cancellationToken))
            {
                header = csv.Reader.Read() ? Record(csv.Reader) : [];
                encodingName = csv.EncodingName;
            }
            return new Table(header, CsvRows(open, decode.ForcedEncoding(), declaredEncoding, delimiter, cancellationToken), encodingName);
        }
        string[] columns;
        string? name;
        using (var file = await TabularFile.OpenAsync(open, format, decode.ForcedEncoding()?.WebName ?? declaredEncoding, cancellationToken))
        {
            columns = [.. file.Columns];
            name = file.EncodingName;
        }
        return new Table(columns, TabularRows(open, format, decode.ForcedEncoding()?.WebName ?? declaredEncoding, cancellationToken), name);
    }

    private static IEnumerable<TableRow> CsvRows(Func<Stream> open, Encoding? encoding, string? declaredEncoding, char? delimiter, CancellationToken cancellationToken)
    {
        using var csv = OpenCsvAsync(open, encoding, declaredEncoding, delimiter, cancellationToken).GetAwaiter().GetResult();
        var reader = csv.Reader;
        if (!reader.Read())
        {
            yield break;
        }
        var blocks = new CellBlocks();
        long number = 1;
        while (reader.Read())
        {
            if ((++number & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            yield return new TableRow(number, Cells(reader, blocks), blocks);
        }
    }

    private static IEnumerable<TableRow> TabularRows(Func<Stream> open, string format, string? encoding, CancellationToken cancellationToken)
    {
        using var file = TabularFile.OpenAsync(open, format, encoding, cancellationToken).GetAwaiter().GetResult();
        long number = 1;
        foreach (var row in file.Rows(cancellationToken))
        {
            // The file may reuse the array for the next row.
            var cells = new string[row.Length];
            for (var i = 0; i < row.Length; i++)
            {
                cells[i] = row[i] ?? "";
            }
            yield return new TableRow(++number, cells);
        }
    }

    /// The record's cells as slices of <paramref name="blocks"/>: no string per cell.
    private static ReadOnlyMemory<char>[] Cells(CsvDataReader reader, CellBlocks blocks)
    {
        var cells = new ReadOnlyMemory<char>[reader.RowFieldCount];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = blocks.Add(reader.GetFieldSpan(i));
        }
        return cells;
    }

    private static string[] Record(CsvDataReader reader)
    {
        var cells = new string[reader.RowFieldCount];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = reader.GetString(i);
        }
        return cells;
    }

    private static async Task<OpenCsv> OpenCsvAsync(Func<Stream> open, Encoding? encoding, string? declaredEncoding, char? delimiter, CancellationToken cancellationToken)
    {
        var stream = open();
        try
        {
            var head = await TextDecoding.SniffAsync(stream, declaredEncoding, cancellationToken);
            if (encoding is not null && encoding.CodePage != head.Encoding.CodePage)
            {
                head = head with { Encoding = encoding, BomLength = BomLength(encoding, head.Bytes.Span) };
            }
            var text = TextDecoding.OpenReader(head, stream);
            var options = new CsvDataReaderOptions
            {
                HasHeaders = false,
                MaxBufferSize = MaxRecordChars,
                // '#' starts ordinary values in agency files (e.g. "#1 倉庫"), never comments.
                Comment = '\0',
                OwnsReader = true,
            };
            if (delimiter is { } d)
            {
                options.Delimiter = d;
            }
            return new OpenCsv(await CsvDataReader.CreateAsync(text, options, cancellationToken), head.EncodingName);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    private static int BomLength(Encoding encoding, ReadOnlySpan<byte> start) => encoding.CodePage switch
    {
        65001 when start.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) => 3,
        1200 when start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) => 2,
        1201 when start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) => 2,
        _ => 0,
    };

    private sealed record OpenCsv(CsvDataReader Reader, string EncodingName) : IDisposable
    {
        public void Dispose() => Reader.Dispose();
    }
}
