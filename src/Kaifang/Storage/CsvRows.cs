using System.Text;

namespace Kaifang.Storage;

/// One row of CSV (or TSV) as RFC 4180 writes it: CRLF at the end, a field quoted only when it
/// holds the delimiter, a quote or a line break, quotes inside doubled. Every CSV Kaifang writes
/// (demo files, the national list, DataStore downloads) goes through here.
public static class CsvRows
{
    public static void Append(StringBuilder text, IEnumerable<string> fields, char delimiter = ',')
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fields);
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                text.Append(delimiter);
            }
            first = false;
            if (field.AsSpan().IndexOfAny(delimiter, '"', '\n') >= 0 || field.Contains('\r', StringComparison.Ordinal))
            {
                text.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                text.Append(field);
            }
        }
        text.Append("\r\n");
    }
}
