using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ExcelDataReader;
using Kaifang.Seeding.Files;

namespace Kaifang.Tests.Seeding;

public sealed partial class DemoFilesTests
{
    private static readonly DemoTable Table = new(
        [new("年度", "民國年"), new("縣市別", "縣市名稱"), new("投保單位數", "單位：家", Numeric: true)],
        [["114", "臺北市", "12345"], ["114", "新北市, 板橋", "6789.5"]]);

    [Fact]
    public void Csv_quotes_fields_with_commas_and_ends_lines_with_crlf()
    {
        var text = Encoding.UTF8.GetString(CsvTableWriter.Write(Table, new UTF8Encoding(false)));
        Assert.Equal("年度,縣市別,投保單位數\r\n114,臺北市,12345\r\n114,\"新北市, 板橋\",6789.5\r\n", text);
    }

    [Fact]
    public void Json_is_an_array_of_objects_with_numbers_as_numbers()
    {
        using var json = JsonDocument.Parse(JsonTableWriter.Write(Table));
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("臺北市", rows[0].GetProperty("縣市別").GetString());
        Assert.Equal(12345m, rows[0].GetProperty("投保單位數").GetDecimal());
        Assert.Equal(JsonValueKind.String, rows[0].GetProperty("年度").ValueKind);
    }

    [Fact]
    public void Xlsx_reads_back_with_the_same_cells()
    {
        // ExcelDataReader asks for code page 1252 even for XLSX.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        using var stream = new MemoryStream(XlsxTableWriter.Write(Table, "資料"));
        using var reader = ExcelReaderFactory.CreateOpenXmlReader(stream);
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetValue).ToArray());
        }
        Assert.Equal("資料", reader.Name);
        Assert.Equal(["年度", "縣市別", "投保單位數"], rows[0]);
        Assert.Equal("新北市, 板橋", rows[2][1]);
        Assert.Equal(6789.5, rows[2][2]);
    }

    [Fact]
    public void Pdf_cross_reference_offsets_point_at_their_objects()
    {
        var lines = Enumerable.Range(1, 130).Select(i => $"第{i}列：勞工保險投保薪資 29,500 元").ToList();
        var pdf = Encoding.Latin1.GetString(CjkPdfWriter.Write("勞工保險投保薪資分級表", lines));

        var xref = int.Parse(pdf[(pdf.LastIndexOf("startxref\n", StringComparison.Ordinal) + 10)..].Split('\n')[0], CultureInfo.InvariantCulture);
        var entries = pdf[xref..].Split('\n').Skip(2).TakeWhile(l => l.Length == 19 || l.Length == 20).ToList();
        for (var id = 1; id < entries.Count; id++)
        {
            var offset = int.Parse(entries[id][..10], CultureInfo.InvariantCulture);
            Assert.StartsWith($"{id} 0 obj", pdf[offset..], StringComparison.Ordinal);
        }
        Assert.Equal(3, PageCount().Match(pdf).Groups[1].Value switch { var n => int.Parse(n, CultureInfo.InvariantCulture) });
        // 勞 is U+52DE, written as a UCS-2 code for the UniCNS-UCS2-H CMap.
        Assert.Contains("<52DE5DE54FDD96AA", pdf, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"/Type /Pages /Kids \[[^\]]*\] /Count (\d+)")]
    private static partial Regex PageCount();
}
