using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Kaifang.Storage;

namespace Kaifang.Tests.Pipelines.Runs;

/// Files of the kinds agencies publish, made here.
public static class PipelineFiles
{
    /// A Big5 CSV with ROC dates, thousands separators and spaces around values, as exported from an
    /// agency's system: 投保單位, 投保日期 (民國), 投保薪資 (with commas).
    public static byte[] Big5Csv(params (string Unit, string Date, string Wage)[] rows)
    {
        var text = new StringBuilder("代碼,投保單位,投保日期,投保薪資\r\n");
        var i = 0;
        foreach (var (unit, date, wage) in rows)
        {
            text.Append($"{++i:000}, {unit} ,{date},\"{wage}\"\r\n");
        }
        return TextDecoding.Big5.GetBytes(text.ToString());
    }

    public static readonly (string, string, string)[] Insured =
    [
        ("臺北市勞工局", "105/03/01", "45,800"),
        ("高雄市政府", "1050415", "38,200"),
        ("新北市政府", "民國106年1月3日", "1,234,567"),
    ];

    /// The Table Schema of the cleaned table.
    public const string Schema = """
        {"fields": [
          {"name": "代碼", "type": "string", "constraints": {"required": true, "pattern": "[0-9]{3}"}},
          {"name": "投保單位", "type": "string", "constraints": {"required": true}},
          {"name": "投保日期", "type": "date"},
          {"name": "投保薪資", "type": "integer", "constraints": {"minimum": 0}}
        ], "primaryKey": ["代碼"]}
        """;

    public const string Steps = """
        [
          {"kind": "decode", "encoding": "auto"},
          {"kind": "trim"},
          {"kind": "drop-empty-rows"},
          {"kind": "convert-roc-dates", "columns": ["投保日期"]},
          {"kind": "convert-numbers", "columns": ["投保薪資"]}
        ]
        """;

    /// An XLSX whose first row is a title merged over every column, then a header over two rows (a
    /// merged 人數 over 男 and 女), then data.
    public static byte[] XlsxWithMergedHeader()
    {
        using var buffer = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = doc.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            string[][] rows =
            [
                ["114年各縣市身心障礙者就業人數", "", "", ""],
                ["縣市", "人數", "", "合計"],
                ["", "男", "女", ""],
                ["臺北市", "1200", "980", "2180"],
                ["臺中市", "860", "700", "1560"],
            ];
            for (var r = 0; r < rows.Length; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < rows[r].Length; c++)
                {
                    if (rows[r][c].Length == 0)
                    {
                        continue;
                    }
                    row.Append(new Cell
                    {
                        CellReference = $"{(char)('A' + c)}{r + 1}",
                        DataType = CellValues.InlineString,
                        InlineString = new InlineString(new Text(rows[r][c])),
                    });
                }
                data.Append(row);
            }
            var merges = new MergeCells(
                new MergeCell { Reference = "A1:D1" },
                new MergeCell { Reference = "B2:C2" },
                new MergeCell { Reference = "A2:A3" },
                new MergeCell { Reference = "D2:D3" });
            sheetPart.Worksheet = new Worksheet(data, merges);
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "就業人數" });
            workbook.Workbook.Save();
        }
        return buffer.ToArray();
    }

    /// The spreadsheet of Fixtures/employment-merged-header.xls (its README says how that file was made)
    /// as an ODS written with Kaifang's own ODF writer: a title merged over the five columns, a header
    /// over two rows (縣市, 合計 merged down; 就業人數 merged over 男 and 女; 統計日期 only in the lower
    /// row), spaces around a county, thousands separators, ROC dates, and a note under the table.
    public static byte[] OdsWithMergedHeader() => OdfPackage.Write(OdfPackage.SpreadsheetMimeType, "就業人數", DateTimeOffset.UnixEpoch, w =>
    {
        w.WriteStartElement("office", "body", OdfPackage.OfficeNs);
        w.WriteStartElement("office", "spreadsheet", OdfPackage.OfficeNs);
        w.WriteStartElement("table", "table", OdfPackage.TableNs);
        w.WriteAttributeString("table", "name", OdfPackage.TableNs, "就業人數");
        OdsRow(w, OdsText("114年第1季各縣市身心障礙者就業人數", columns: 5), OdsCovered(4));
        OdsRow(w, OdsText("縣市", rows: 2), OdsText("就業人數", columns: 2), OdsCovered(), OdsText("合計", rows: 2), OdsEmpty());
        OdsRow(w, OdsCovered(), OdsText("男"), OdsText("女"), OdsCovered(), OdsText("統計日期"));
        OdsRow(w, OdsText(" 臺北市 "), OdsText("1,200"), OdsNumber(980), OdsText("2,180"), OdsText("114/03/31"));
        OdsRow(w, OdsText("臺中市"), OdsText("860"), OdsNumber(700), OdsText("1,560"), OdsText("1140331"));
        OdsRow(w, OdsText("資料來源：勞動部勞動力發展署"), OdsEmpty(4));
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
    });

    /// The bytes of Fixtures/employment-merged-header.xls: the same table as <see cref="OdsWithMergedHeader"/>.
    public static byte[] XlsWithMergedHeader() =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Pipelines", "Runs", "Fixtures", "employment-merged-header.xls"));

    private static void OdsRow(XmlWriter w, params Action<XmlWriter>[] cells)
    {
        w.WriteStartElement("table", "table-row", OdfPackage.TableNs);
        foreach (var cell in cells)
        {
            cell(w);
        }
        w.WriteEndElement();
    }

    private static Action<XmlWriter> OdsText(string text, int columns = 1, int rows = 1) => w =>
    {
        w.WriteStartElement("table", "table-cell", OdfPackage.TableNs);
        if (columns > 1 || rows > 1)
        {
            w.WriteAttributeString("table", "number-columns-spanned", OdfPackage.TableNs, columns.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteAttributeString("table", "number-rows-spanned", OdfPackage.TableNs, rows.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        w.WriteAttributeString("office", "value-type", OdfPackage.OfficeNs, "string");
        w.WriteStartElement("text", "p", OdfPackage.TextNs);
        // ODF collapses spaces at a paragraph's ends unless they are written as <text:s/>.
        var trimmed = text.Trim(' ');
        if (text.StartsWith(' '))
        {
            w.WriteElementString("text", "s", OdfPackage.TextNs, null);
        }
        w.WriteString(trimmed);
        if (text.EndsWith(' '))
        {
            w.WriteElementString("text", "s", OdfPackage.TextNs, null);
        }
        w.WriteEndElement();
        w.WriteEndElement();
    };

    private static Action<XmlWriter> OdsNumber(int value) => w =>
    {
        var text = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        w.WriteStartElement("table", "table-cell", OdfPackage.TableNs);
        w.WriteAttributeString("office", "value-type", OdfPackage.OfficeNs, "float");
        w.WriteAttributeString("office", "value", OdfPackage.OfficeNs, text);
        w.WriteElementString("text", "p", OdfPackage.TextNs, text);
        w.WriteEndElement();
    };

    private static Action<XmlWriter> OdsCovered(int repeat = 1) => w => OdsBlank(w, "covered-table-cell", repeat);

    private static Action<XmlWriter> OdsEmpty(int repeat = 1) => w => OdsBlank(w, "table-cell", repeat);

    private static void OdsBlank(XmlWriter w, string element, int repeat)
    {
        w.WriteStartElement("table", element, OdfPackage.TableNs);
        if (repeat > 1)
        {
            w.WriteAttributeString("table", "number-columns-repeated", OdfPackage.TableNs, repeat.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        w.WriteEndElement();
    }

    /// A Big5 web page with a navigation table first, then the statistics table whose header spans two
    /// rows (colspan and rowspan).
    public static byte[] HtmlPage() => TextDecoding.Big5.GetBytes("""
        <!DOCTYPE html>
        <html><head><meta charset="big5"><title>職業災害統計</title></head>
        <body>
          <table class="nav"><tr><td>首頁</td><td>統計</td></tr></table>
          <table id="stats">
            <thead>
              <tr><th rowspan="2">年度</th><th colspan="2">職業災害 件數</th></tr>
              <tr><th>死亡</th><th>失能</th></tr>
            </thead>
            <tbody>
              <tr><td>112</td><td>292</td><td>1,203</td></tr>
              <tr><td>113</td><td>281</td><td>1,150</td></tr>
            </tbody>
          </table>
        </body></html>
        """);
}
