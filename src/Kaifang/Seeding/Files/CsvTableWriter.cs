using System.Text;

namespace Kaifang.Seeding.Files;

/// Writes a table as RFC 4180 CSV (CRLF, fields quoted only when they must be).
public static class CsvTableWriter
{
    public static byte[] Write(DemoTable table, Encoding encoding)
    {
        var text = new StringBuilder();
        AppendRow(text, table.Columns.Select(c => c.Name));
        foreach (var row in table.Rows)
        {
            AppendRow(text, row);
        }
        return encoding.GetBytes(text.ToString());
    }

    private static void AppendRow(StringBuilder text, IEnumerable<string> fields) => Storage.CsvRows.Append(text, fields);
}
