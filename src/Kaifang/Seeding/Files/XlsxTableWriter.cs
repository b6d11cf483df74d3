using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Kaifang.Seeding.Files;

/// Writes a table as a one-sheet XLSX workbook: header row, then numbers as numbers and text as inline strings.
public static class XlsxTableWriter
{
    public static byte[] Write(DemoTable table, string sheetName)
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(Row(1, table.Columns.Select(c => Text(c.Name))));
            var rowIndex = 2u;
            foreach (var row in table.Rows)
            {
                data.Append(Row(rowIndex++, row.Select((value, i) => table.Columns[i].Numeric && double.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var n)
                    ? new Cell { DataType = CellValues.Number, CellValue = new CellValue(n) }
                    : Text(value))));
            }
            sheetPart.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet
            {
                Id = workbook.GetIdOfPart(sheetPart),
                SheetId = 1,
                // Excel refuses sheet names over 31 characters.
                Name = sheetName.Length > 31 ? sheetName[..31] : sheetName,
            }));
        }
        return buffer.ToArray();
    }

    private static Row Row(uint index, IEnumerable<Cell> cells)
    {
        var row = new Row { RowIndex = index };
        row.Append(cells);
        return row;
    }

    private static Cell Text(string value) => new()
    {
        DataType = CellValues.InlineString,
        InlineString = new InlineString(new Text(value)),
    };
}
