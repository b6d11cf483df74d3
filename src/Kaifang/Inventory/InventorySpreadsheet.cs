using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Kaifang.Storage;

namespace Kaifang.Inventory;

/// The inventory list as a spreadsheet: its columns (Chinese names, as agencies fill them in), the template
/// with a note under each column name, and the writers for XLSX, ODS and CSV. Import reads the same columns.
public static class InventorySpreadsheet
{
    public sealed record Column(string Name, string Key, bool Required, string Note);

    public const string NoteMark = "【說明】";

    public static IReadOnlyList<Column> Columns { get; } =
    [
        new("機關代碼", "agency", true, "機關代碼，例如 MOL、BLI、WDA、BLF、OSHA、ILOSH"),
        new("項目名稱", "name", true, "資料項目名稱；同一機關同一次盤點不得重複"),
        new("資料來源類型", "sourceKind", true, "業務系統資料庫、網站內容，或文件、表單、登記簿或報告"),
        new("權責單位", "owningUnit", true, "負責此資料的單位，例如 勞保局納保處"),
        new("資料描述", "description", true, "資料內容的說明"),
        new("主要欄位", "mainFields", true, "主要欄位名稱與意義，例如 年月、投保單位數、被保險人數"),
        new("資料量", "volume", false, "例如 約120萬筆、每月1,000筆"),
        new("更新頻率", "updateFrequency", true, "每N日/週/月/季/年、即時或不定期更新，例如 每1月"),
        new("含個人資料", "hasPersonalData", true, "是 或 否"),
        new("建議分級", "grade", true, "開放、限制開放或不開放"),
        new("法令依據", "legalBases", false, "限制開放或不開放時必填；依據清單的代碼或名稱，多筆以分號 ; 分隔，例如 PDPA-16;FOIA-18-1-6"),
        new("依據說明", "legalBasisNote", false, "依據適用的範圍，例如 身分證號及地址欄位"),
        new("授權方式", "licence", false, "預設為 政府資料開放授權條款-第1版"),
        new("計費方式", "fee", true, "免費 或 付費"),
        new("收費依據", "feeBasis", false, "付費時必填，例如 規費法第10條及本部收費標準"),
    ];

    /// Written on export for the reader; accepted and ignored on import.
    public const string StateColumn = "狀態";

    public enum Format
    {
        Xlsx,
        Ods,
        Csv,
    }

    public static Format? ParseFormat(string? text) => (text ?? "").Trim().TrimStart('.').ToLowerInvariant() switch
    {
        "xlsx" => Format.Xlsx,
        "ods" => Format.Ods,
        "csv" => Format.Csv,
        _ => null,
    };

    public static string ContentType(Format format) => format switch
    {
        Format.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Format.Ods => OdfPackage.SpreadsheetMimeType,
        _ => "text/csv; charset=utf-8",
    };

    public static string Extension(Format format) => format.ToString().ToLowerInvariant();

    /// The empty list: column names, then one row with each column's note (skipped on import).
    public static byte[] Template(Format format) =>
        Write(format, "盤點清單", [Columns.Select(c => c.Name).ToArray(), Columns.Select(c => $"{NoteMark}{(c.Required ? "必填。" : "")}{c.Note}").ToArray()], neutralise: false);

    /// The items as rows under the column names, plus their state.
    public static byte[] Export(Format format, IEnumerable<string[]> rows) =>
        Write(format, "盤點清單", [[.. Columns.Select(c => c.Name), StateColumn], .. rows], neutralise: true);

    /// A cell a spreadsheet would take for a formula (= + - @, tab, CR) gets a leading apostrophe;
    /// import takes it off again, so a list survives the round trip unchanged.
    public static string Neutralise(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    public static string Restore(string value) =>
        value.Length > 1 && value[0] == '\'' && value[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? value[1..] : value;

    private static byte[] Write(Format format, string sheet, IReadOnlyList<string[]> rows, bool neutralise)
    {
        var cells = neutralise ? rows.Select((r, i) => i == 0 ? r : r.Select(Neutralise).ToArray()).ToList() : [.. rows];
        return format switch
        {
            Format.Xlsx => Xlsx(sheet, cells),
            Format.Ods => Ods(sheet, cells),
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
