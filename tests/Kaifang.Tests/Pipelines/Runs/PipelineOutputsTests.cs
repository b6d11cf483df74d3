using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Kaifang.Pipelines;
using Kaifang.Pipelines.Runs;
using Kaifang.Storage;

namespace Kaifang.Tests.Pipelines.Runs;

/// The CSV and JSON outputs are written as UTF-8 straight from the cells; these are the bytes the text
/// of CsvRows and a JSON writer given the strings make, whatever the cells hold.
public class PipelineOutputsTests
{
    private static readonly string[] Header = ["代碼", "名稱", "說明, \"引號\"", ""];

    private static readonly string[][] Tricky =
    [
        ["1", "臺北市　", "plain", "x"],
        ["2", "a,b", "say \"hi\"", "\"\""],
        ["3", "line\nbreak", "cr\ronly", "crlf\r\nend"],
        ["4", "😀 emoji", "\u2028\u2029<>&'", "ctl\u0001\t"],
        ["5", "lone \uD800 high", "low \uDC00 alone", "end \uD83D"],
        ["6", "", "", ""],
        ["7", "short row"],
        ["8", "long", "row", "has", "extra", "cells"],
        [],
        ["\uFEFF bom", "é\u0301", "\uFFFD", "中文,\"全形\"\n第二行"],
    ];

    [Fact]
    public async Task Csv_and_json_outputs_are_the_bytes_of_the_cells_text()
    {
        // A long quoted cell crosses the line buffer's size and the 64 KiB writes; many rows make several writes.
        var rows = Tricky.Concat([["9", new string('"', 70_000) + "長" + new string(',', 70_000), "x", "y"]])
            .Concat(Enumerable.Range(10, 5000).Select(i => (string[])[i.ToString(System.Globalization.CultureInfo.InvariantCulture), $"第{i}列", i % 7 == 0 ? "a\"b" : "", "尾"]))
            .ToList();
        var directory = Directory.CreateTempSubdirectory("kaifang-outputs-");
        try
        {
            var written = await PipelineRunner.WriteAsync(Table.Of(Header, rows), null, null, [new PipelineOutput("json", null)], directory.FullName, "test", null, CancellationToken.None);
            written.Keys.Dispose();

            var csv = await File.ReadAllBytesAsync(Path.Combine(directory.FullName, "output.csv"));
            Assert.Equal(ExpectedCsv(rows), csv);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(csv)), written.Csv.Hash);
            Assert.Equal(csv.LongLength, written.Csv.Length);
            Assert.Equal(ExpectedJson(rows), await File.ReadAllBytesAsync(Path.Combine(directory.FullName, "output.json")));
            Assert.Equal(rows.Count, written.Rows);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// CsvRows' text, encoded as a UTF-8 StreamWriter does (a lone surrogate as U+FFFD).
    private static byte[] ExpectedCsv(List<string[]> rows)
    {
        var text = new StringBuilder();
        CsvRows.Append(text, Header);
        foreach (var row in rows)
        {
            CsvRows.Append(text, row);
        }
        return new UTF8Encoding(false).GetBytes(text.ToString());
    }

    /// An array of objects with the header's fields, each written from its string (a missing cell empty).
    private static byte[] ExpectedJson(List<string[]> rows)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                json.WriteStartObject();
                for (var i = 0; i < Header.Length; i++)
                {
                    json.WriteString(Header[i], i < row.Length ? row[i] : "");
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return stream.ToArray();
    }
}
