using System.Text;
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
