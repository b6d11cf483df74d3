using System.Text;

namespace Kaifang.Storage;

/// One row of CSV (or TSV) as RFC 4180 writes it: CRLF at the end, a field quoted only when it
/// holds the delimiter, a quote or a line break, quotes inside doubled. Every CSV Kaifang writes
/// (demo files, the national list, DataStore downloads) goes through here.
public static class CsvRows
{
    /// A row of cells in an array, without an enumerator for each row.
    public static void Append(StringBuilder text, string[] fields, char delimiter = ',')
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fields);
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                text.Append(delimiter);
            }
            AppendField(text, fields[i], delimiter);
        }
        text.Append("\r\n");
    }

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
            AppendField(text, field, delimiter);
        }
        text.Append("\r\n");
    }

    private static void AppendField(StringBuilder text, string field, char delimiter)
    {
        if (field.AsSpan().IndexOfAny(delimiter, '"', '\n') >= 0 || field.Contains('\r', StringComparison.Ordinal))
        {
            text.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        else
        {
            text.Append(field);
        }
    }
}
