using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Kaifang.Inventory;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Tests.Inventory;

/// A realistic inventory spreadsheet, as an agency fills in the template, imported all or nothing.
public sealed class InventoryImportTests : IDisposable
{
    private readonly InventoryAppFactory _app = new(new DateTimeOffset(2026, 10, 5, 2, 0, 0, TimeSpan.Zero));

    public void Dispose() => _app.Dispose();

    private static readonly string[] Header = [.. InventorySpreadsheet.Columns.Select(c => c.Name)];

    private static readonly string[][] GoodRows =
    [
        ["BLI", "勞工保險投保單位及被保險人人數", "業務系統資料庫", "納保處", "各縣市勞保投保單位數及被保險人數，按月統計。", "年月、縣市、投保單位數、被保險人數", "每月約 22 筆", "每1月", "否", "開放", "", "", "", "免費", ""],
        ["BLI", "勞保被保險人投保明細", "業務系統資料庫", "納保處", "個別被保險人的投保紀錄。", "身分證號、姓名、投保單位、投保薪資", "約 1,000 萬筆", "即時", "是", "不開放", "PDPA-16;政府資訊公開法 第18條第1項第6款", "含身分證號及姓名", "", "免費", ""],
        ["BLI", "勞保局出版品目錄", "文件、表單、登記簿或報告", "秘書室", "年報及宣導手冊目錄。", "書名、出版年月、ISBN", "約 300 筆", "每1年", "否", "開放", "", "", "政府資料開放授權條款-第1版", "免費", ""],
        ["BLI", "=HYPERLINK(\"http://evil\")勞保年報", "網站內容", "企劃室", "年報全文。", "年度、章節", "", "每1年", "否", "限制開放", "FOIA-18-1-3", "", "", "付費", "規費法第10條"],
    ];

    private static readonly string[][] BadRows =
    [
        // 6: unknown agency
        ["XYZ", "不存在機關的資料", "業務系統資料庫", "某單位", "說明。", "欄位A", "", "每1月", "否", "開放", "", "", "", "免費", ""],
        // 7: restricted without legal basis
        ["BLI", "勞保給付核定明細", "業務系統資料庫", "給付處", "核定明細。", "身分證號、給付金額", "", "每1日", "是", "限制開放", "", "", "", "免費", ""],
        // 8: duplicate of row 2 (spaces and full-width letters do not hide it)
        ["BLI", "勞工保險投保單位及被保險人人數 ", "業務系統資料庫", "納保處", "重複。", "年月", "", "每1月", "否", "開放", "", "", "", "免費", ""],
        // 9: unknown source kind and grade, charged without basis, personal data not yes/no
        ["BLI", "勞保宣導活動", "紙本", "企劃室", "活動。", "日期、地點", "", "每1季", "可能", "半開放", "", "", "", "付費", ""],
        // 10: unknown legal basis, bad frequency
        ["BLI", "職災保險統計", "業務系統資料庫", "職保處", "統計。", "年月、件數", "", "偶爾", "否", "不開放", "某某法第99條", "", "", "免費", ""],
    ];

    private static byte[] Xlsx(IEnumerable<string[]> rows)
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheet = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var index = 1u;
            foreach (var values in rows)
            {
                var row = new Row { RowIndex = index++ };
                row.Append(values.Select(v => new Cell { DataType = CellValues.String, CellValue = new CellValue(v) }));
                data.Append(row);
            }
            sheet.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "盤點清單" }));
        }
        return buffer.ToArray();
    }

    private static byte[] Csv(IEnumerable<string[]> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            Kaifang.Storage.CsvRows.Append(text, row);
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, int round, byte[] file, string name)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", name);
        return await client.PostAsync($"/api/v1/inventory/rounds/{round}/import", form);
    }

    private static async Task<List<(int Row, string? Column, string Message)>> ProblemsAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        return [.. JsonDocument.Parse(text).RootElement.GetProperty("problems").EnumerateArray()
            .Select(p => (p.GetProperty("row").GetInt32(), p.GetProperty("column").GetString(), p.GetProperty("message").GetString()!))];
    }

    private int Items() => _app.WithDb(db => db.InventoryItems.Count());

    [Fact]
    public async Task A_spreadsheet_with_bad_rows_reports_every_one_and_imports_nothing()
    {
        var round = await _app.OpenRoundAsync();
        using var officer = await _app.WithTokenAsync("bli-officer");
        var response = await UploadAsync(officer, round, Xlsx([Header, .. GoodRows, .. BadRows]), "勞保局盤點清單.xlsx");
        var problems = await ProblemsAsync(response);

        Assert.Equal([6, 7, 8, 9, 10], problems.Select(p => p.Row).Distinct().Order());
        Assert.Contains(problems, p => p.Row == 6 && p.Column == "機關代碼" && p.Message.Contains("XYZ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Row == 7 && p.Column == "法令依據" && p.Message.Contains("須填寫法令依據", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Row == 8 && p.Column == "項目名稱" && p.Message.Contains("與第 2 列重複", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Row == 9 && p.Column == "資料來源類型");
        Assert.Contains(problems, p => p.Row == 9 && p.Column == "建議分級");
        Assert.Contains(problems, p => p.Row == 9 && p.Column == "收費依據");
        Assert.Contains(problems, p => p.Row == 9 && p.Column == "含個人資料");
        Assert.Contains(problems, p => p.Row == 10 && p.Column == "法令依據" && p.Message.Contains("某某法第99條", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Row == 10 && p.Column == "更新頻率");
        Assert.Equal(0, Items());
    }

    [Fact]
    public async Task A_good_spreadsheet_imports_every_row_as_a_draft()
    {
        var round = await _app.OpenRoundAsync();
        using var officer = await _app.WithTokenAsync("bli-officer");
        var response = await UploadAsync(officer, round, Xlsx([Header, .. GoodRows]), "list.xlsx");
        Assert.Equal(4, (await InventoryAppFactory.JsonAsync(response)).GetProperty("imported").GetInt32());

        var items = _app.WithDb(db => db.InventoryItems.AsNoTracking().OrderBy(i => i.Name).ToList());
        Assert.All(items, i => Assert.Equal(InventoryItemState.Draft, i.State));
        var closed = items.Single(i => i.Name == "勞保被保險人投保明細");
        Assert.Equal(InventoryGrade.Closed, closed.Grade);
        Assert.Equal(["PDPA-16", "FOIA-18-1-6"], closed.LegalBases);
        Assert.True(closed.HasPersonalData);
        Assert.Equal("即時", closed.UpdateFrequency);
        Assert.Equal(Kaifang.Catalog.Licenses.OpenGovernmentDataV1, closed.Licence);
        var charged = items.Single(i => i.Name.Contains("勞保年報", StringComparison.Ordinal));
        Assert.Equal(Kaifang.Catalog.FeeKind.Charged, charged.Fee);
        Assert.Equal("規費法第10條", charged.FeeBasis);
        Assert.Equal(4, _app.WithDb(db => db.InventoryItemMoves.Count(m => m.From == null && m.Reason!.Contains("list.xlsx"))));

        // The same list again: every row is now a duplicate in the round.
        var again = await ProblemsAsync(await UploadAsync(officer, round, Xlsx([Header, .. GoodRows]), "list.xlsx"));
        Assert.Equal([2, 3, 4, 5], again.Select(p => p.Row));
        Assert.All(again, p => Assert.Contains("本次盤點已有同名項目", p.Message, StringComparison.Ordinal));
        Assert.Equal(4, Items());
    }

    [Fact]
    public async Task A_CSV_list_is_checked_the_same_way_and_rows_of_another_agency_are_refused()
    {
        var round = await _app.OpenRoundAsync();
        using var officer = await _app.WithTokenAsync("bli-officer");
        string[] wdaRow = ["WDA", "職訓課程", "業務系統資料庫", "訓練發展組", "課程。", "課程名稱", "", "每1月", "否", "開放", "", "", "", "免費", ""];
        var problems = await ProblemsAsync(await UploadAsync(officer, round, Csv([Header, GoodRows[0], wdaRow]), "list.csv"));
        Assert.Equal(3, Assert.Single(problems).Row);
        Assert.Equal(0, Items());

        (await UploadAsync(officer, round, Csv([Header, GoodRows[0]]), "list.csv")).EnsureSuccessStatusCode();
        Assert.Equal(1, Items());
    }

    [Fact]
    public async Task Wrong_columns_are_named_and_nothing_is_read()
    {
        var round = await _app.OpenRoundAsync();
        using var officer = await _app.WithTokenAsync("bli-officer");
        string[] header = [.. Header.Where(h => h != "建議分級" && h != "權責單位"), "備註"];
        var problems = await ProblemsAsync(await UploadAsync(officer, round, Xlsx([header, [.. header.Select(_ => "x")]]), "list.xlsx"));
        Assert.Equal(["備註", "建議分級", "權責單位"], problems.Select(p => p.Column!).Order());
        Assert.All(problems, p => Assert.Equal(1, p.Row));

        var notASheet = await ProblemsAsync(await UploadAsync(officer, round, "PK-not-a-zip"u8.ToArray(), "list.xlsx"));
        Assert.Equal(0, Assert.Single(notASheet).Row);
        var pdf = await ProblemsAsync(await UploadAsync(officer, round, [1, 2, 3], "list.pdf"));
        Assert.Contains("XLSX", Assert.Single(pdf).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("ods")]
    [InlineData("csv")]
    public async Task The_template_has_the_columns_and_a_note_and_filled_in_it_imports(string format)
    {
        var round = await _app.OpenRoundAsync();
        using var officer = await _app.WithTokenAsync("bli-officer");
        var template = await officer.GetByteArrayAsync($"/api/v1/inventory/template?format={format}");
        using (var file = await Kaifang.Datastore.TabularFile.OpenAsync(() => new MemoryStream(template), format, null, CancellationToken.None))
        {
            Assert.Equal(Header, file.Columns);
            var note = Assert.Single(file.Rows(CancellationToken.None));
            Assert.StartsWith(InventorySpreadsheet.NoteMark + "必填", note[0], StringComparison.Ordinal);
        }
        // The empty template imports nothing and says so.
        var empty = await ProblemsAsync(await UploadAsync(officer, round, template, $"template.{format}"));
        Assert.Contains("沒有任何盤點項目", Assert.Single(empty).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("ods")]
    [InlineData("csv")]
    public async Task The_list_exports_back_and_imports_into_the_next_round_unchanged(string format)
    {
        var round = await _app.OpenRoundAsync();
        var next = await _app.OpenRoundAsync(2027, 1, "2027-03-15");
        using var officer = await _app.WithTokenAsync("bli-officer");
        (await UploadAsync(officer, round, Xlsx([Header, .. GoodRows]), "list.xlsx")).EnsureSuccessStatusCode();

        var exported = await officer.GetByteArrayAsync($"/api/v1/inventory/rounds/{round}/export?format={format}");
        using (var file = await Kaifang.Datastore.TabularFile.OpenAsync(() => new MemoryStream(exported), format, null, CancellationToken.None))
        {
            var rows = file.Rows(CancellationToken.None).Select(r => r.ToArray()).ToList();
            // A cell a spreadsheet would run as a formula is written as text.
            Assert.Contains(rows, r => r[1] == "'=HYPERLINK(\"http://evil\")勞保年報");
            Assert.All(rows, r => Assert.Equal("草稿", r[^1]));
        }
        (await UploadAsync(officer, next, exported, $"export.{format}")).EnsureSuccessStatusCode();

        var (first, second) = _app.WithDb(db => (
            db.InventoryItems.AsNoTracking().Where(i => i.RoundId == round).OrderBy(i => i.Name).ToList(),
            db.InventoryItems.AsNoTracking().Where(i => i.RoundId == next).OrderBy(i => i.Name).ToList()));
        Assert.Equal(first.Count, second.Count);
        foreach (var (a, b) in first.Zip(second))
        {
            Assert.Equal(
                (a.AgencyId, a.Name, a.SourceKind, a.OwningUnit, a.Description, a.MainFields, a.Volume, a.UpdateFrequency, a.HasPersonalData, a.Grade, string.Join(";", a.LegalBases), a.LegalBasisNote, a.Licence, a.Fee, a.FeeBasis),
                (b.AgencyId, b.Name, b.SourceKind, b.OwningUnit, b.Description, b.MainFields, b.Volume, b.UpdateFrequency, b.HasPersonalData, b.Grade, string.Join(";", b.LegalBases), b.LegalBasisNote, b.Licence, b.Fee, b.FeeBasis));
        }
    }
}
