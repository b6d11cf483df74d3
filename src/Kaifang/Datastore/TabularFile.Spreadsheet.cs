using ExcelDataReader;

namespace Kaifang.Datastore;

public abstract partial class TabularFile
{
    private sealed class SpreadsheetFile(Func<Stream> open) : TabularFile
    {
        protected override Task<IReadOnlyList<string>> ReadColumnsAsync(Func<Stream> open, string? declaredEncoding, CancellationToken cancellationToken)
        {
            using var stream = open();
            CheckPackage(stream);
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
}
