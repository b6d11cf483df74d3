using Kaifang.Storage;
using Sylvan.Data.Csv;

namespace Kaifang.Datastore;

public abstract partial class TabularFile
{
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
}
