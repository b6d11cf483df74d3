using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kaifang.Tests.Datastore;
using Kaifang.Tests.Infrastructure;

namespace Kaifang.Tests.Security;

/// Files made to harm the server or whoever opens them, uploaded through the real API: each is refused with a
/// message saying what to fix, the server goes on answering, memory stays bounded, and the file already behind
/// the resource stays as it was. Files that are only odd (formulas, formula-like text) are kept and shown safely.
public sealed class HostileFilesTests(KaifangAppFactory app) : IClassFixture<KaifangAppFactory>
{
    private const string GoodCsv = "代碼,縣市,人數\n001,臺北市,10\n002,高雄市,20\n";

    [Theory]
    [InlineData("bomb.xlsx", "xl/worksheets/sheet1.xml")]
    [InlineData("bomb.ods", "content.xml")]
    public async Task A_zip_bomb_disguised_as_a_spreadsheet_is_refused_without_being_inflated(string fileName, string entry)
    {
        var bomb = HostileFiles.ZipBomb(entry, 1L << 30);
        Assert.True(bomb.Length < 4 * 1024 * 1024, $"the bomb is {bomb.Length:N0} bytes");
        var (client, name, resource, before) = await PublishedResourceAsync("壓縮炸彈");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);

        var refusal = await ReplaceAsync(client, name, resource, fileName, bomb);

        Assert.Contains("zip bomb", refusal, StringComparison.Ordinal);
        Assert.Contains("upload a file that is not abnormally compressed", refusal, StringComparison.Ordinal);
        var growth = GC.GetTotalMemory(forceFullCollection: true) - memoryBefore;
        Assert.True(growth < 64L * 1024 * 1024, $"managed memory grew by {growth:N0} bytes around a bomb of 1 GB inflated");
        await AssertUnchangedAsync(client, name, resource, before);
    }

    [Theory]
    [InlineData("entity.xlsx")]
    [InlineData("laughs.xlsx")]
    [InlineData("laughs.ods")]
    [InlineData("entity.xml")]
    [InlineData("laughs.xml")]
    [InlineData("entity.rdf")]
    public async Task Xml_declaring_entities_is_refused_in_spreadsheets_and_in_xml_files(string fileName)
    {
        const string ExternalEntity = """<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>""";
        var bytes = fileName switch
        {
            "entity.xlsx" => HostileFiles.XlsxWithSheet(ExternalEntity.Replace("<r>&x;</r>", """<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>""", StringComparison.Ordinal)),
            "laughs.xlsx" => HostileFiles.XlsxWithSheet(ParserFuzzTests.BillionLaughs("worksheet")),
            "laughs.ods" => HostileFiles.Ods(ParserFuzzTests.BillionLaughs("office:document-content")),
            "laughs.xml" => Encoding.UTF8.GetBytes(ParserFuzzTests.BillionLaughs("r")),
            _ => Encoding.UTF8.GetBytes(ExternalEntity),
        };
        var (client, name, resource, before) = await PublishedResourceAsync("XML 實體");

        var refusal = await ReplaceAsync(client, name, resource, fileName, bytes);

        Assert.Contains("declares a DOCTYPE or ENTITY", refusal, StringComparison.Ordinal);
        Assert.Contains("remove the declaration", refusal, StringComparison.Ordinal);
        await AssertUnchangedAsync(client, name, resource, before);
    }

    [Fact]
    public async Task A_csv_that_is_not_text_or_has_a_line_of_50_megabytes_is_refused()
    {
        var (client, name, resource, before) = await PublishedResourceAsync("損壞的 CSV");

        // Bytes valid in neither UTF-8 nor Big5 (0xFF never starts a character in either).
        var binary = await ReplaceAsync(client, name, resource, "binary.csv", [.. "代碼,縣市\n"u8, 0xFF, 0xFE, 0xFF, 0x80, 0x0A]);
        Assert.Contains("neither valid UTF-8 nor Big5", binary, StringComparison.Ordinal);
        Assert.Contains("save it as UTF-8", binary, StringComparison.Ordinal);

        var line = new byte[50 * 1024 * 1024 + 20];
        Array.Fill(line, (byte)'x');
        "代碼,縣市\n"u8.CopyTo(line);
        var tooLong = await ReplaceAsync(client, name, resource, "long-line.csv", line);
        Assert.Contains("Line 2 of “long-line.csv” is longer than 4 MB", tooLong, StringComparison.Ordinal);

        // Big5, as agencies' older files are, is text and kept.
        var big5 = Encoding.GetEncoding(950).GetBytes("代碼,縣市\n001,臺北市\n");
        using var form = new MultipartFormDataContent { { new ByteArrayContent(big5), "file", "big5.csv" } };
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/v1/datasets/{name}/resources/{resource}/file", form)).StatusCode);
    }

    [Fact]
    public async Task Spreadsheet_formulas_show_their_saved_values_and_formula_like_text_is_neutralised_in_downloads()
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var csv = "項目,內容,數量\n連結,\"=HYPERLINK(\"\"http://evil.example/\"\",\"\"按我\"\")\",-5\n加,+1+1,3\n減,-2+3,-1.5\n指令,@SUM(A1),7\n一般,說明文字,8\n";
        var (name, ids) = await app.PublishWithFilesAsync(officer, "公式與注入", "項目、內容、數量",
            ("formulas.xlsx", HostileFiles.XlsxWithFormulas()), ("injection.csv", Encoding.UTF8.GetBytes(csv)));
        var client = app.CreateClient();

        // The cached values, never the formulas run: nothing is fetched or started.
        var sheet = await client.GetFromJsonAsync<JsonElement>($"/api/v1/datastore/{ids[0]}");
        Assert.Equal(["cached-web", "cached-dde", "3"], sheet.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("數值").ToString()));
        var page = await client.GetStringAsync($"/datasets/{name}");
        Assert.Contains("cached-web", page, StringComparison.Ordinal);
        Assert.DoesNotContain("WEBSERVICE", page, StringComparison.Ordinal);

        // The JSON answer has the text as it is; the CSV download, opened in spreadsheets, has it neutralised.
        var json = await client.GetFromJsonAsync<JsonElement>($"/api/v1/datastore/{ids[1]}");
        Assert.Equal("=HYPERLINK(\"http://evil.example/\",\"按我\")", json.GetProperty("records")[0].GetProperty("內容").GetString());
        var download = await client.GetStringAsync($"/api/v1/datastore/{ids[1]}.csv");
        Assert.Contains("連結,\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"按我\"\")\",-5\r\n", download, StringComparison.Ordinal);
        Assert.Contains("加,'+1+1,3\r\n", download, StringComparison.Ordinal);
        Assert.Contains("減,'-2+3,-1.5\r\n", download, StringComparison.Ordinal);
        Assert.Contains("指令,'@SUM(A1),7\r\n", download, StringComparison.Ordinal);
        var ckan = await client.GetFromJsonAsync<JsonElement>($"/api/3/action/datastore_search?resource_id={ids[1]}&records_format=csv");
        Assert.Contains("'@SUM(A1)", ckan.GetProperty("result").GetProperty("records").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_as_it_streams_and_the_server_stays_up()
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var token = officer.DefaultRequestHeaders.GetValues("Authorization").Single();
        var draft = await officer.CreateDraftAsync("BLI", "兩 GB 的上傳");

        // A real Kestrel node of this installation: the in-memory test server has no request body limit of its own.
        var settings = KaifangAppFactory.Settings(app.OtherNodeDatabaseSettings(), Path.Combine(Path.GetTempPath(), "kaifang-tests", Guid.NewGuid().ToString("N")));
        settings["Kaifang:MaxUploadBytes"] = "1048576";
        await using var node = await NodeProcess.StartAsync(settings, settings["Kaifang:DataDirectory"]!);
        var port = new Uri(node.BaseUrl).Port;

        // 2 GB announced: refused with 413 on its headers, before any of the body is read.
        using (var socket = new TcpClient())
        {
            await socket.ConnectAsync(IPAddress.Loopback, port);
            var stream = socket.GetStream();
            var headers = $"POST /api/v1/datasets/{draft}/resources/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {token}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: {2L * 1024 * 1024 * 1024}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(headers));
            await stream.WriteAsync(new byte[64 * 1024]);
            var answer = new byte[256];
            var read = await stream.ReadAsync(answer);
            var status = Encoding.ASCII.GetString(answer, 0, read);
            Assert.True(status.StartsWith("HTTP/1.1 413", StringComparison.Ordinal), status);
        }

        // Signed in, 200 MB streamed without a length against a 1 MB limit: refused with the limit named once it passes it.
        using var http = new HttpClient { BaseAddress = new Uri(node.BaseUrl), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token);
        var created = await http.PostAsJsonAsync("/api/v1/datasets", ApiClients.SampleInput("BLI", "太大的串流"));
        var name = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString();
        using var form = new MultipartFormDataContent { { new StreamContent(new ZeroStream(200L * 1024 * 1024)), "file", "big.csv" } };
        form.Headers.ContentLength = null;
        HttpResponseMessage? response = null;
        try
        {
            response = await http.PostAsync($"/api/v1/datasets/{name}/resources/upload?lang=en", form);
        }
        catch (HttpRequestException)
        {
            // The server may close the connection while the rest is still being sent; what it answered is checked below.
        }
        if (response is not null)
        {
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, $"{response.StatusCode}");
        }
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/v1/datasets/{name}")).StatusCode);
        Assert.False(node.HasExited);
        var files = Path.Combine(app.DataDirectory, "files");
        Assert.True(!Directory.Exists(files) || Directory.GetFiles(files, "*", SearchOption.AllDirectories).All(f => new FileInfo(f).Length <= 60 * 1024 * 1024));
    }

    /// A published dataset with one CSV resource, and the hash of that resource's download.
    private async Task<(HttpClient Client, string Name, Guid Resource, string Hash)> PublishedResourceAsync(string title)
    {
        var client = await app.WithTokenAsync("bli-officer");
        var (name, ids) = await app.PublishWithFilesAsync(client, title, "代碼、縣市、人數", ("v1.csv", Encoding.UTF8.GetBytes(GoodCsv)));
        return (client, name, ids[0], await DownloadHashAsync(client, name, ids[0]));
    }

    /// Puts a file behind the resource, expects a refusal in both languages, and returns the English one.
    private static async Task<string> ReplaceAsync(HttpClient client, string name, Guid resource, string fileName, byte[] bytes)
    {
        var messages = new List<string>();
        foreach (var lang in new[] { "zh-TW", "en" })
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", fileName } };
            var response = await client.PutAsync($"/api/v1/datasets/{name}/resources/{resource}/file?lang={lang}", form);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{fileName}: {response.StatusCode} {text}");
            messages.Add(JsonDocument.Parse(text).RootElement.GetProperty("errors").GetProperty("file")[0].GetString()!);
        }
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", messages[0]);
        return messages[1];
    }

    private async Task AssertUnchangedAsync(HttpClient client, string name, Guid resource, string hash)
    {
        // The server answers, and the resource still gives the file it had, byte for byte.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/datasets/{name}")).StatusCode);
        Assert.Equal(hash, await DownloadHashAsync(client, name, resource));
        await app.WaitForDatastoreAsync();
        var table = await client.GetFromJsonAsync<JsonElement>($"/api/v1/datastore/{resource}");
        Assert.Equal(2, table.GetProperty("total").GetInt32());
    }

    private static async Task<string> DownloadHashAsync(HttpClient client, string name, Guid resource)
    {
        var response = await client.GetAsync($"/datasets/{name}/resources/{resource}/download");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Convert.ToHexString(SHA256.HashData(await response.Content.ReadAsByteArrayAsync()));
    }

    /// Zeros, as many as asked, without holding them.
    private sealed class ZeroStream(long length) : Stream
    {
        private long _left = length;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, _left);
            Array.Clear(buffer, offset, n);
            _left -= n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
