using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Kaifang.Storage;

public enum SpreadsheetFormat
{
    Xlsx,
    Ods,
    Csv,
}

/// Tables of text written as XLSX, ODS (Taiwan's government document standard) or CSV, shared by every
/// export (the inventory list, the evaluation report). Cells from people's input can be neutralised
/// against formula injection.
public static class SpreadsheetTables
{
    public static SpreadsheetFormat? ParseFormat(string? text) => (text ?? "").Trim().TrimStart('.').ToLowerInvariant() switch
    {
        "xlsx" => SpreadsheetFormat.Xlsx,
        "ods" => SpreadsheetFormat.Ods,
        "csv" => SpreadsheetFormat.Csv,
        _ => null,
    };

    public static string ContentType(SpreadsheetFormat format) => format switch
    {
        SpreadsheetFormat.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        SpreadsheetFormat.Ods => OdfPackage.SpreadsheetMimeType,
        _ => "text/csv; charset=utf-8",
    };

    public static string Extension(SpreadsheetFormat format) => format.ToString().ToLowerInvariant();

    /// A cell a spreadsheet would take for a formula (= + - @, tab, CR) gets a leading apostrophe;
    /// import takes it off again, so a list survives the round trip unchanged.
    public static string Neutralise(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    /// As <see cref="Neutralise"/> for a data file, whose numbers stay numbers: "-12.5" and "+3" are values a
    /// spreadsheet reads as numbers, not formulas, and are left alone; "-1+A1", "=HYPERLINK(…)", "@SUM(…)" are not.
    public static string NeutraliseText(string value) =>
        value.Length > 0 && value[0] is '-' or '+' && double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
            ? value
            : Neutralise(value);

    public static string Restore(string value) =>
        value.Length > 1 && value[0] == '\'' && value[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? value[1..] : value;

    public static byte[] Write(SpreadsheetFormat format, string sheet, IReadOnlyList<string[]> rows, bool neutralise)
    {
        var cells = neutralise ? rows.Select((r, i) => i == 0 ? r : r.Select(Neutralise).ToArray()).ToList() : [.. rows];
        return format switch
        {
            SpreadsheetFormat.Xlsx => Xlsx(sheet, cells),
            SpreadsheetFormat.Ods => Ods(sheet, cells),
            _ => Csv(cells),
        };
    }

    private static byte[] Csv(IReadOnlyList<string[]> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            CsvRows.Append(text, row);
        }
        // With a BOM, as the national platform writes its CSV, so that Excel opens it as UTF-8.
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static byte[] Xlsx(string sheet, IReadOnlyList<string[]> rows)
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var index = 1u;
            foreach (var values in rows)
            {
                var row = new Row { RowIndex = index++ };
                row.Append(values.Select(v => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(v) { Space = SpaceProcessingModeValues.Preserve }) }));
                data.Append(row);
            }
            sheetPart.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = sheet }));
        }
        return buffer.ToArray();
    }

    private static byte[] Ods(string sheet, IReadOnlyList<string[]> rows) =>
        OdfPackage.Write(OdfPackage.SpreadsheetMimeType, sheet, DateTimeOffset.UnixEpoch, w =>
        {
            w.WriteStartElement("office", "body", OdfPackage.OfficeNs);
            w.WriteStartElement("office", "spreadsheet", OdfPackage.OfficeNs);
            w.WriteStartElement("table", "table", OdfPackage.TableNs);
            w.WriteAttributeString("table", "name", OdfPackage.TableNs, sheet);
            foreach (var values in rows)
            {
                w.WriteStartElement("table", "table-row", OdfPackage.TableNs);
                foreach (var value in values)
                {
                    w.WriteStartElement("table", "table-cell", OdfPackage.TableNs);
                    w.WriteAttributeString("office", "value-type", OdfPackage.OfficeNs, "string");
                    foreach (var line in value.Split('\n'))
                    {
                        w.WriteStartElement("text", "p", OdfPackage.TextNs);
                        w.WriteString(XmlSafe(line.TrimEnd('\r')));
                        w.WriteEndElement();
                    }
                    w.WriteEndElement();
                }
                w.WriteEndElement();
            }
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
        });

    /// XML 1.0 cannot hold most control characters; they are dropped rather than failing the export.
    public static string XmlSafe(string text) =>
        text.All(XmlConvert.IsXmlChar) ? text : string.Concat(text.Where(XmlConvert.IsXmlChar));
}
