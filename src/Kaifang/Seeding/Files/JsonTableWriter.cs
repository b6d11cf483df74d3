using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Kaifang.Seeding.Files;

/// Writes a table as a JSON array of objects keyed by the column names, numbers as numbers.
public static class JsonTableWriter
{
    // Chinese written as itself, not as \uXXXX escapes: the file is for people as much as programs.
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static byte[] Write(DemoTable table)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartArray();
            foreach (var row in table.Rows)
            {
                json.WriteStartObject();
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    var column = table.Columns[i];
                    if (column.Numeric && decimal.TryParse(row[i], NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
                    {
                        json.WriteNumber(column.Name, number);
                    }
                    else
                    {
                        json.WriteString(column.Name, row[i]);
                    }
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return buffer.ToArray();
    }
}
