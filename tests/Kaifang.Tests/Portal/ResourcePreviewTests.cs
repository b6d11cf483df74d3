using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Kaifang.Catalog;

namespace Kaifang.Tests.Portal;

public sealed class ResourcePreviewTests
{
    private const string WageCsv = "年度,月份,平均薪資\n2024,1,45000\n2024,2,46000\n";

    [Fact]
    public async Task Csv_in_utf8_is_read_with_its_header()
    {
        var table = await Preview(Encoding.UTF8.GetBytes(WageCsv), "CSV");

        Assert.True(table.Succeeded);
        Assert.Equal(["年度", "月份", "平均薪資"], table.Columns);
        Assert.Equal(["2024", "2", "46000"], table.Rows[1]);
        Assert.Equal("UTF-8", table.EncodingName);
        Assert.False(table.HasMoreRows);
    }

    [Fact]
    public async Task Csv_with_a_utf8_bom_keeps_the_bom_out_of_the_first_column()
    {
        var table = await Preview([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(WageCsv)], "csv");

        Assert.Equal("年度", table.Columns[0]);
        Assert.Equal("UTF-8 (BOM)", table.EncodingName);
    }

    [Fact]
    public async Task Csv_in_big5_is_decoded()
    {
        var table = await Preview(ResourcePreview.Big5.GetBytes("縣市,事業單位數\n臺北市,1234\n高雄市,567\n"), "CSV");

        Assert.Equal(["縣市", "事業單位數"], table.Columns);
        Assert.Equal(["臺北市", "1234"], table.Rows[0]);
        Assert.Equal("Big5", table.EncodingName);
    }

    [Fact]
    public async Task Big5_text_past_a_plain_ascii_start_follows_the_declared_encoding()
    {
        var csv = new StringBuilder("id,name\n");
        for (var i = 0; i < 5000; i++)
        {
            csv.Append(i).Append(",x\n");
        }
        csv.Append("9999,臺東縣\n");
        using var stream = new MemoryStream(ResourcePreview.Big5.GetBytes(csv.ToString()));

        var declared = await ResourcePreview.ReadAsync(stream, "CSV", CancellationToken.None, maxRows: 6000, declaredEncoding: "BIG5");

        Assert.Equal("臺東縣", declared.Rows[^1][1]);
        Assert.Equal("Big5", declared.EncodingName);
    }

    [Fact]
    public async Task Valid_utf8_wins_over_a_wrong_declared_encoding()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(WageCsv));

        var table = await ResourcePreview.ReadAsync(stream, "CSV", CancellationToken.None, declaredEncoding: "BIG5");

        Assert.Equal("平均薪資", table.Columns[2]);
    }

    [Fact]
    public async Task Csv_in_utf16_with_a_bom_is_decoded()
    {
        var table = await Preview([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(WageCsv)], "CSV");

        Assert.Equal(["年度", "月份", "平均薪資"], table.Columns);
        Assert.Equal("UTF-16LE", table.EncodingName);
    }

    [Fact]
    public async Task Only_the_first_rows_are_returned_and_more_is_flagged()
    {
        var csv = new StringBuilder("編號,名稱\n");
        for (var i = 0; i < 500; i++)
        {
            csv.Append(i).Append(",項目").Append(i).Append('\n');
        }

        var table = await Preview(Encoding.UTF8.GetBytes(csv.ToString()), "CSV");

        Assert.Equal(ResourcePreview.DefaultRows, table.Rows.Count);
        Assert.True(table.HasMoreRows);
        Assert.Equal("項目19", table.Rows[19][1]);
    }

    [Fact]
    public async Task Short_rows_are_padded_and_long_cells_cut()
    {
        var table = await Preview(Encoding.UTF8.GetBytes($"a,b,c\n1\n2,{new string('長', 500)},3\n"), "CSV");

        Assert.Equal(["1", "", ""], table.Rows[0]);
        Assert.Equal(ResourcePreview.MaxCellLength + 1, table.Rows[1][1].Length);
        Assert.EndsWith("…", table.Rows[1][1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_array_of_objects_becomes_rows_with_the_union_of_keys()
    {
        var json = """[{"縣市":"臺北市","人數":12},{"縣市":"新北市","備註":null,"人數":7}]""";

        var table = await Preview(Encoding.UTF8.GetBytes(json), "JSON");

        Assert.Equal(["縣市", "人數", "備註"], table.Columns);
        Assert.Equal(["新北市", "7", ""], table.Rows[1]);
    }

    [Fact]
    public async Task Json_records_wrapper_is_unwrapped()
    {
        var json = """{"success":true,"fields":[{"id":"x"}],"records":[{"x":"1"},{"x":"2"}]}""";

        var table = await Preview(Encoding.UTF8.GetBytes(json), "json");

        Assert.Equal(["x"], table.Columns);
        Assert.Equal(2, table.Rows.Count);
    }

    [Fact]
    public async Task A_large_json_array_is_read_only_as_far_as_needed()
    {
        var json = new StringBuilder("[");
        for (var i = 0; i < 200_000; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("{\"n\":").Append(i).Append(",\"名稱\":\"某某職業訓練課程\"}");
        }
        json.Append(']');
        using var stream = new CountingStream(Encoding.UTF8.GetBytes(json.ToString()));

        var table = await ResourcePreview.ReadAsync(stream, "JSON", CancellationToken.None);

        Assert.Equal(20, table.Rows.Count);
        Assert.True(table.HasMoreRows);
        Assert.True(stream.BytesRead < 1024 * 1024, $"read {stream.BytesRead} bytes");
    }

    [Fact]
    public async Task Json_that_is_not_rows_says_so()
    {
        var table = await Preview(Encoding.UTF8.GetBytes("""{"name":"x","count":3}"""), "JSON");

        Assert.Equal(PreviewProblem.NotTabular, table.Problem);
    }

    [Fact]
    public async Task Xlsx_first_sheet_is_read()
    {
        var table = await Preview(Xlsx(["職類", "人數"], ["電銲", "12"], ["堆高機", "30"]), "XLSX");

        Assert.True(table.Succeeded, table.Problem?.ToString());
        Assert.Equal(["職類", "人數"], table.Columns);
        Assert.Equal(["堆高機", "30"], table.Rows[1]);
    }

    [Theory]
    [InlineData("XLSX")]
    [InlineData("JSON")]
    public async Task A_broken_file_is_reported_not_thrown(string format)
    {
        var table = await Preview([0x50, 0x4B, 0x03, 0x04, 0x00, 0xFF, 0x12, 0x7B, 0x22], format);

        Assert.False(table.Succeeded);
        Assert.Equal(PreviewProblem.Unreadable, table.Problem);
    }

    [Fact]
    public async Task Other_formats_are_not_previewed()
    {
        var table = await Preview("%PDF-1.7"u8.ToArray(), "PDF");

        Assert.Equal(PreviewProblem.UnsupportedFormat, table.Problem);
        Assert.False(ResourcePreview.CanPreview("PDF"));
        Assert.True(ResourcePreview.CanPreview("xlsx"));
    }

    private static async Task<PreviewTable> Preview(byte[] content, string format)
    {
        using var stream = new MemoryStream(content);
        return await ResourcePreview.ReadAsync(stream, format, CancellationToken.None);
    }

    internal static byte[] Xlsx(params string[][] rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            foreach (var row in rows)
            {
                data.AppendChild(new Row(row.Select(v => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(v)) })));
            }
            sheetPart.Worksheet = new Worksheet(data);
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            sheets.AppendChild(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "工作表1" });
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private sealed class CountingStream(byte[] content) : MemoryStream(content)
    {
        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = base.Read(buffer, offset, count);
            BytesRead += n;
            return n;
        }

        public override int Read(Span<byte> buffer)
        {
            var n = base.Read(buffer);
            BytesRead += n;
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await base.ReadAsync(buffer, cancellationToken);
            BytesRead += n;
            return n;
        }
    }
}
