using System.Runtime.CompilerServices;
using System.Text.Json;
using Sylvan.Data.Csv;

namespace Kaifang.Interop.NationalPlatform;

/// The rows of the national list as its two file forms hold them, each read into a record or a reason.
internal static class NationalListRows
{
    public static void RequireColumns(List<string> headers)
    {
        foreach (var required in new[] { NationalColumns.Identifier, NationalColumns.Title, NationalColumns.Agency })
        {
            if (!headers.Contains(required))
            {
                throw new InvalidDataException($"The file has no {required} column; is it a national-platform export?");
            }
        }
    }

    public static async IAsyncEnumerable<NationalListRow> FromCsvAsync(CsvDataReader reader, List<string> headers, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var row = 1; // the header is row 1, as in a spreadsheet
        while (await reader.ReadAsync(cancellationToken))
        {
            row++;
            if (reader.RowFieldCount <= 1 && reader.GetString(0).Length == 0)
            {
                continue; // a blank line is no row
            }
            if (reader.RowFieldCount != headers.Count)
            {
                yield return new NationalListRow(row, null, $"has {reader.RowFieldCount} fields where the header has {headers.Count}");
                continue;
            }
            var values = new string[headers.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = Storage.SpreadsheetTables.Restore(reader.GetString(i));
            }
            var record = NationalRecord.Read(headers, values, out var error);
            yield return new NationalListRow(row, record, error);
        }
    }

    /// Rows are numbered from 1 in the order of the list.
    public static IEnumerable<NationalListRow> FromJson(List<JsonElement> objects)
    {
        for (var i = 0; i < objects.Count; i++)
        {
            if (objects[i].ValueKind != JsonValueKind.Object)
            {
                yield return new NationalListRow(i + 1, null, "is not an object");
                continue;
            }
            var headers = new List<string>();
            var values = new List<string>();
            foreach (var property in objects[i].EnumerateObject())
            {
                headers.Add(NationalColumns.Canonical(property.Name));
                values.Add(property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString()!,
                    JsonValueKind.Null => "",
                    JsonValueKind.Array => string.Join(NationalColumns.ValueSeparator, property.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())),
                    _ => property.Value.GetRawText(),
                });
            }
            var record = NationalRecord.Read(headers, values, out var error);
            yield return new NationalListRow(i + 1, record, error);
        }
    }
}

/// A row as read from a file: its number there, and the record, or why it could not be read.
internal sealed record NationalListRow(int Number, NationalRecord? Record, string? Error);
