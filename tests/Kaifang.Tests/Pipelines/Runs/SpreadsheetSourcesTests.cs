using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kaifang.Tests.Datastore;
using Kaifang.Tests.Infrastructure;

namespace Kaifang.Tests.Pipelines.Runs;

/// XLS and ODS sources as agencies publish them: a title merged over the columns, a header over two
/// rows with merged cells (and one column named only in the lower row), a note under the table. Each
/// is read from an address and as an uploaded file, cleaned by steps, and published as CSV.
public sealed class SpreadsheetSourcesTests(KaifangAppFactory app) : IClassFixture<KaifangAppFactory>, IAsyncLifetime
{
    private SourceServer _server = null!;

    public async Task InitializeAsync() => _server = await SourceServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public const string Steps = """
        [
          {"kind": "trim"},
          {"kind": "filter-rows", "column": "合計", "operator": "not-empty"},
          {"kind": "convert-numbers", "columns": ["就業人數_男", "就業人數_女", "合計"]},
          {"kind": "convert-roc-dates", "columns": ["統計日期"]},
          {"kind": "rename-columns", "names": {"縣市": "縣市別"}}
        ]
        """;

    public const string Published = "縣市別,就業人數_男,就業人數_女,合計,統計日期\r\n臺北市,1200,980,2180,2025-03-31\r\n臺中市,860,700,1560,2025-03-31\r\n";

    private static byte[] File(string format) => format == "xls" ? PipelineFiles.XlsWithMergedHeader() : PipelineFiles.OdsWithMergedHeader();

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
    }

    [Theory]
    [InlineData("xls", "url")]
    [InlineData("xls", "upload")]
    [InlineData("ods", "url")]
    [InlineData("ods", "upload")]
    public async Task A_spreadsheet_with_a_merged_title_and_a_two_row_header_is_published_as_plain_csv(string format, string kind)
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var (name, ids) = await app.PublishWithFilesAsync(officer, $"身心障礙者就業人數（{format}，{kind}）", "縣市、人數", ("before.csv", Encoding.UTF8.GetBytes("a,b\n1,2\n")));
        var path = $"/api/v1/datasets/{name}/resources/{ids[0]}/pipeline";
        var steps = JsonDocument.Parse(Steps).RootElement;
        if (kind == "url")
        {
            // The format is told from the address.
            _server.Answer($"/employment.{format}", File(format), "application/octet-stream");
            await JsonAsync(await officer.PutAsJsonAsync(path, new { sourceKind = "url", source = new { url = _server.Url($"/employment.{format}"), skipRows = 1, headerRows = 2 }, steps }), HttpStatusCode.Created);
        }
        else
        {
            await JsonAsync(await officer.PutAsJsonAsync(path, new { sourceKind = "upload", source = new { skipRows = 1, headerRows = 2 }, steps }), HttpStatusCode.Created);
            using var form = new MultipartFormDataContent { { new ByteArrayContent(File(format)), "file", $"就業人數.{format}" } };
            await JsonAsync(await officer.PostAsync(path + "/source-file", form), HttpStatusCode.OK);
        }

        // The header as read, before any step: the merged cells name every column under them, and the
        // column named only in the lower row keeps its own name.
        var preview = await JsonAsync(await officer.PostAsync(path + "/preview", null), HttpStatusCode.OK);
        Assert.True(preview.TryGetProperty("sourceColumns", out var columns), preview.ToString());
        Assert.Equal(["縣市", "就業人數_男", "就業人數_女", "合計", "統計日期"], columns.EnumerateArray().Select(c => c.GetString()));

        var run = await JsonAsync(await officer.PostAsync(path + "/runs?wait=true", null), HttpStatusCode.OK);
        Assert.True(run.GetProperty("status").GetString() == "succeeded", run.ToString());
        var live = Encoding.UTF8.GetString(await app.CreateClient().GetByteArrayAsync($"/datasets/{name}/resources/{ids[0]}/download"));
        Assert.Equal(Published, live);
    }
}
