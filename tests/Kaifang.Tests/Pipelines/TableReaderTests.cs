using System.Text;
using Kaifang.Pipelines;

namespace Kaifang.Tests.Pipelines;

public class TableReaderTests
{
    private const string Csv = "年度,縣市,人數\r\n105,臺北市,\"1,234\"\r\n106,新北市,567\r\n";

    static TableReaderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static Task<Table> Read(byte[] bytes, DecodeStep? decode = null, string? declared = null) =>
        TableReader.OpenAsync(() => new MemoryStream(bytes), decode, declared);

    private static void AssertTable(Table table)
    {
        Assert.Equal(["年度", "縣市", "人數"], table.Header);
        var rows = table.Rows.ToList();
        Assert.Equal([2L, 3L], rows.Select(r => r.Number));
        Assert.Equal(["105", "臺北市", "1,234"], rows[0].Values());
        Assert.Equal(["106", "新北市", "567"], rows[1].Values());
    }

    [Fact]
    public async Task Reads_Big5()
    {
        var table = await Read(Encoding.GetEncoding(950).GetBytes(Csv));
        Assert.Equal("Big5", table.EncodingName);
        AssertTable(table);
    }

    [Fact]
    public async Task Reads_UTF8_with_and_without_a_byte_order_mark()
    {
        var plain = await Read(Encoding.UTF8.GetBytes(Csv));
        Assert.Equal("UTF-8", plain.EncodingName);
        AssertTable(plain);
        var bom = await Read([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Csv)]);
        Assert.Equal("UTF-8 (BOM)", bom.EncodingName);
        AssertTable(bom);
    }

    [Fact]
    public async Task Reads_UTF16_with_a_byte_order_mark_and_without()
    {
        var withBom = await Read([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Csv)]);
        Assert.Equal("UTF-16LE", withBom.EncodingName);
        AssertTable(withBom);
        var bare = await Read(Encoding.Unicode.GetBytes(Csv));
        Assert.Equal("UTF-16LE", bare.EncodingName);
        AssertTable(bare);
        var bigEndian = await Read(Encoding.BigEndianUnicode.GetBytes(Csv));
        Assert.Equal("UTF-16BE", bigEndian.EncodingName);
        AssertTable(bigEndian);
    }

    [Fact]
    public async Task An_encoding_can_be_set_instead_of_guessed()
    {
        // Plain ASCII fits UTF-8 and Big5 alike; the decode step decides.
        var big5 = await Read(Encoding.GetEncoding(950).GetBytes(Csv), new DecodeStep { Encoding = "big5" });
        AssertTable(big5);
        Assert.Equal("Big5", big5.EncodingName);
    }

    [Fact]
    public async Task Bytes_invalid_in_the_encoding_are_reported_by_the_decode_step()
    {
        var big5 = Encoding.GetEncoding(950).GetBytes(Csv);
        var table = await Read(big5, new DecodeStep { Encoding = "utf-8" });
        var log = new PipelineLog();

        var rows = PipelineSteps.Apply(table, [new DecodeStep { Encoding = "utf-8" }], log).Rows.ToList();

        Assert.Equal(2, rows.Count);
        Assert.Contains(log.Issues, i => i.Code == "encoding" && i.Severity == IssueSeverity.Information);
        var bad = Assert.Single(log.Issues, i => i.Code == "undecodable" && i.Row == 2);
        Assert.Equal(IssueSeverity.Warning, bad.Severity);
    }

    [Fact]
    public async Task Keeps_the_header_as_written_and_each_row_as_wide_as_it_is()
    {
        var table = await Read(Encoding.UTF8.GetBytes("a,,a\n1,2\n1,2,3,4\n"));
        Assert.Equal(["a", "", "a"], table.Header);
        Assert.Equal([2, 4], table.Rows.Select(r => r.Width));
    }

    [Fact]
    public async Task Reads_TSV_and_can_enumerate_rows_again()
    {
        var table = await Read(Encoding.UTF8.GetBytes("年度\t縣市\n105\t臺北市\n"), new DecodeStep { Format = "tsv" });
        Assert.Equal(["年度", "縣市"], table.Header);
        Assert.Single(table.Rows);
        Assert.Single(table.Rows);
    }

    [Fact]
    public async Task Reads_JSON_through_the_datastore_reader()
    {
        var json = """[{"年度":"105","縣市":"臺北市"},{"年度":"106","縣市":"新北市"}]""";
        var table = await Read(Encoding.UTF8.GetBytes(json), new DecodeStep { Format = "json" });
        Assert.Equal(["年度", "縣市"], table.Header);
        Assert.Equal(["106", "新北市"], table.Rows.Last().Values());
    }

    [Fact]
    public async Task Rows_read_long_before_keep_their_cells_while_later_rows_fill_new_blocks()
    {
        // Some 9,000 rows of about 25 characters each: several blocks of cells.
        var text = new StringBuilder("序號,名稱,備註\n");
        for (var i = 1; i <= 9000; i++)
        {
            text.Append(i).Append(",名稱").Append(i).Append(",\"備註 ").Append(i).Append("\"\n");
        }
        var table = await Read(Encoding.UTF8.GetBytes(text.ToString()));
        var rows = table.Rows.ToList();
        Assert.Equal(9000, rows.Count);
        Assert.Equal(["1", "名稱1", "備註 1"], rows[0].Values());
        Assert.Equal(["4500", "名稱4500", "備註 4500"], rows[4499].Values());
        Assert.Equal(["9000", "名稱9000", "備註 9000"], rows[^1].Values());
    }

    [Fact]
    public async Task Quoted_cells_keep_their_line_breaks_and_doubled_quotes_and_ragged_rows_their_width()
    {
        var table = await Read(Encoding.UTF8.GetBytes("a,b,c\n\"第一行\r\n第二行\",\"他說\"\"好\"\"\",3\n1\n1,2,3,4\n"));
        var rows = table.Rows.ToList();
        Assert.Equal(["第一行\r\n第二行", "他說\"好\"", "3"], rows[0].Values());
        Assert.Equal("他說\"好\"", rows[0].Text(1).ToString());
        Assert.Equal(["1"], rows[1].Values());
        Assert.Equal("", rows[1][2]);
        Assert.True(rows[1].Text(2).IsEmpty);
        Assert.Equal(["1", "2", "3", "4"], rows[2].Values());
    }
}
