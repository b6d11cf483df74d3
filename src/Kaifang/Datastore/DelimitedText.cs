using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Kaifang.Datastore;

/// One row of CSV or TSV as RFC 4180 writes it: a value is quoted when it holds the delimiter, a
/// quote or a line break; numbers in invariant culture; booleans as true/false; null as nothing. Text a
/// spreadsheet would run as a formula (= + - @ first) gets a leading apostrophe (OWASP's CSV injection advice):
/// these are the DataStore's downloads, opened in spreadsheets.
public static class DelimitedText
{
    public static string Line(IEnumerable<object?> values, char delimiter)
    {
        ArgumentNullException.ThrowIfNull(values);
        var line = new StringBuilder();
        Storage.CsvRows.Append(line, values.Select(value => value switch
        {
            null => "",
            bool b => b ? "true" : "false",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            string s => Storage.SpreadsheetTables.NeutraliseText(s),
            _ => value.ToString() ?? "",
        }), delimiter);
        return line.ToString();
    }
}
