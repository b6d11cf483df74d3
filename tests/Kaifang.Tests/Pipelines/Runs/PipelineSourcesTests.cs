using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kaifang.Tests.Datastore;
using Kaifang.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Kaifang.Tests.Pipelines.Runs;

/// The app with short query and download time limits, so that a slow source fails quickly.
public sealed class ShortLimitsAppFactory : KaifangAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kaifang:Pipelines:QueryTimeoutSeconds"] = "2",
            ["Kaifang:Pipelines:MaxQueryRows"] = "1000",
        }));
    }
}

/// Each kind of source, with files of the kinds agencies publish: a spreadsheet with a merged title and
/// a header over two rows, a Big5 web page's table with colspan and rowspan, a SQLite file and a real
/// PostgreSQL, and an address inside the server's own network, which is refused.
public sealed class PipelineSourcesTests(ShortLimitsAppFactory app) : IClassFixture<ShortLimitsAppFactory>, IAsyncLifetime
{
    private SourceServer _server = null!;

    public async Task InitializeAsync() => _server = await SourceServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<(HttpClient Officer, string Path, string Dataset, Guid Resource)> ResourceAsync(string title)
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var (name, ids) = await app.PublishWithFilesAsync(officer, title, "欄位",
            ("before.csv", Encoding.UTF8.GetBytes("a,b\n1,2\n")));
        return (officer, $"/api/v1/datasets/{name}/resources/{ids[0]}/pipeline", name, ids[0]);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
    }

    private async Task<string> LiveAsync(string dataset, Guid resource) =>
        Encoding.UTF8.GetString(await app.CreateClient().GetByteArrayAsync($"/datasets/{dataset}/resources/{resource}/download"));

    [Fact]
    public async Task An_uploaded_xlsx_with_a_merged_title_and_a_two_row_header_becomes_a_plain_table()
    {
        var (officer, path, name, resource) = await ResourceAsync("身心障礙者就業人數");
        await JsonAsync(await officer.PutAsJsonAsync(path, new { sourceKind = "upload", source = new { skipRows = 1, headerRows = 2 } }), HttpStatusCode.Created);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(PipelineFiles.XlsxWithMergedHeader()), "file", "就業人數.xlsx" } };
        var stored = await JsonAsync(await officer.PostAsync(path + "/source-file", form), HttpStatusCode.OK);
        Assert.Equal(64, stored.GetProperty("fileHash").GetString()!.Length);

        var run = await JsonAsync(await officer.PostAsync(path + "/runs?wait=true", null), HttpStatusCode.OK);
        Assert.True(run.GetProperty("status").GetString() == "succeeded", run.ToString());
        Assert.Equal("縣市,人數_男,人數_女,合計\r\n臺北市,1200,980,2180\r\n臺中市,860,700,1560\r\n", await LiveAsync(name, resource));
    }

    [Fact]
    public async Task A_table_on_a_big5_web_page_is_read_by_selector_or_position_with_its_spans()
    {
        var (officer, path, name, resource) = await ResourceAsync("職業災害統計");
        _server.Answer("/stats.html", PipelineFiles.HtmlPage(), "text/html");
        var settings = new
        {
            sourceKind = "html-table",
            source = new { url = _server.Url("/stats.html"), selector = "#stats" },
            steps = JsonDocument.Parse("""[{"kind": "convert-numbers", "columns": ["職業災害 件數_失能"]}]""").RootElement,
        };
        await JsonAsync(await officer.PutAsJsonAsync(path, settings), HttpStatusCode.Created);
        var run = await JsonAsync(await officer.PostAsync(path + "/runs?wait=true", null), HttpStatusCode.OK);
        Assert.True(run.GetProperty("status").GetString() == "succeeded", run.ToString());
        Assert.Equal("年度,職業災害 件數_死亡,職業災害 件數_失能\r\n112,292,1203\r\n113,281,1150\r\n", await LiveAsync(name, resource));

        // By position: the second table (counting from 0), the same rows.
        var preview = await JsonAsync(await officer.PostAsJsonAsync(path + "/preview", new { sourceKind = "html-table", source = new { url = _server.Url("/stats.html"), tableIndex = 1 } }), HttpStatusCode.OK);
        Assert.Equal(["年度", "職業災害 件數_死亡", "職業災害 件數_失能"], preview.GetProperty("sourceColumns").EnumerateArray().Select(c => c.GetString()));

        var missing = await JsonAsync(await officer.PostAsJsonAsync(path + "/preview?lang=en", new { sourceKind = "html-table", source = new { url = _server.Url("/stats.html"), selector = "#gone" } }), HttpStatusCode.OK);
        Assert.Equal("table-not-found", missing.GetProperty("failure").GetString());
        Assert.Contains("it has 2 table(s)", missing.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_query_on_a_sqlite_connection_is_read_only_and_only_administrators_manage_connections()
    {
        var file = Path.Combine(app.DataDirectory, "bli-system.db");
        Directory.CreateDirectory(app.DataDirectory);
        await using (var db = new SqliteConnection($"Data Source={file};Pooling=false"))
        {
            await db.OpenAsync();
            await using var command = db.CreateCommand();
            command.CommandText = "CREATE TABLE units (code TEXT, name TEXT, insured INTEGER); INSERT INTO units VALUES ('001', '臺北市勞工局', 120), ('002', '高雄市政府', 95);";
            await command.ExecuteNonQueryAsync();
        }
        var officer = await app.WithTokenAsync("bli-officer");
        var connection = new { name = "bli-system", title = "勞保業務系統", kind = "sqlite", agency = "BLI", connectionString = $"Data Source={file}" };
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsJsonAsync("/api/v1/database-connections", connection)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/api/v1/database-connections")).StatusCode);
        var admin = await app.WithTokenAsync("bli-admin");
        await JsonAsync(await admin.PostAsJsonAsync("/api/v1/database-connections", connection), HttpStatusCode.Created);
        if (TestDatabase.IsPostgreSql)
        {
            Assert.DoesNotContain(connection.connectionString, app.WithDb(db => db.DatabaseConnections.Single(c => c.Name == "bli-system").ProtectedConnectionString));
        }
        else
        {
            Assert.DoesNotContain(connection.connectionString, await File.ReadAllTextAsync(Path.Combine(app.DataDirectory, "kaifang.db")));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.WithTokenAsync("wda-admin")).GetAsync("/api/v1/database-connections/bli-system")).StatusCode);

        var (_, path, name, resource) = await ResourceAsync("投保單位人數");
        await JsonAsync(await officer.PutAsJsonAsync(path, new { sourceKind = "sql", source = new { connection = "bli-system", query = "SELECT code AS 代碼, name AS 單位, insured AS 人數 FROM units ORDER BY code" } }), HttpStatusCode.Created);
        var run = await JsonAsync(await officer.PostAsync(path + "/runs?wait=true", null), HttpStatusCode.OK);
        Assert.True(run.GetProperty("status").GetString() == "succeeded", run.ToString());
        Assert.Equal("代碼,單位,人數\r\n001,臺北市勞工局,120\r\n002,高雄市政府,95\r\n", await LiveAsync(name, resource));

        await JsonAsync(await officer.PutAsJsonAsync(path, new { sourceKind = "sql", source = new { connection = "bli-system", query = "DELETE FROM units RETURNING code" } }), HttpStatusCode.OK);
        var write = await JsonAsync(await officer.PostAsync(path + "/runs?wait=true&lang=en", null), HttpStatusCode.OK);
        Assert.Equal("failed", write.GetProperty("status").GetString());
        Assert.Equal("query-failed", write.GetProperty("report").GetProperty("failure").GetString());
        await using (var db = new SqliteConnection($"Data Source={file};Pooling=false"))
        {
            await db.OpenAsync();
            await using var count = db.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM units";
            Assert.Equal(2L, await count.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task An_address_in_the_servers_own_network_is_refused()
    {
        var (officer, path, _, _) = await ResourceAsync("內網檔案");
        await JsonAsync(await officer.PutAsJsonAsync(path, new { sourceKind = "url", source = new { url = "http://10.20.30.40/data.csv" } }), HttpStatusCode.Created);
        var run = await JsonAsync(await officer.PostAsync(path + "/runs?wait=true", null), HttpStatusCode.OK);
        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Equal("source-refused", run.GetProperty("report").GetProperty("failure").GetString());
        Assert.Contains("Kaifang:Quality:AllowedNetworks", run.GetProperty("message").GetString());
    }
}

/// The SQL source on a real PostgreSQL cluster started for these tests.
public sealed class PostgresSourceTests(ShortLimitsAppFactory app, PostgresCluster postgres) : IClassFixture<ShortLimitsAppFactory>, IClassFixture<PostgresCluster>
{
    private async Task<(HttpClient Officer, string Path, string Dataset, Guid Resource)> ResourceAsync(string title)
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var (name, ids) = await app.PublishWithFilesAsync(officer, title, "欄位",
            ("before.csv", Encoding.UTF8.GetBytes("a,b\n1,2\n")));
        return (officer, $"/api/v1/datasets/{name}/resources/{ids[0]}/pipeline", name, ids[0]);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
    }

    private async Task<string> LiveAsync(string dataset, Guid resource) =>
        Encoding.UTF8.GetString(await app.CreateClient().GetByteArrayAsync($"/datasets/{dataset}/resources/{resource}/download"));

    [Fact]
    public async Task A_query_on_a_real_postgresql_runs_read_only_with_a_time_limit()
    {
        await postgres.ExecuteAsync("CREATE DATABASE stats");
        await postgres.ExecuteAsync("CREATE TABLE injuries (year int, deaths int, disabled int, reported date); INSERT INTO injuries VALUES (112, 292, 1203, '2024-03-01'), (113, 281, 1150, '2025-03-01');", "stats");
        var admin = await app.WithTokenAsync("bli-admin");
        var created = await JsonAsync(await admin.PostAsJsonAsync("/api/v1/database-connections",
            new { name = "osh-stats", title = "職災統計資料庫", kind = "postgresql", agency = "BLI", connectionString = postgres.ConnectionString("stats") + ";Password=s3cret" }), HttpStatusCode.Created);
        Assert.DoesNotContain("s3cret", created.GetProperty("connectionString").GetString());

        var (officer, path, name, resource) = await ResourceAsync("職業災害件數");
        await JsonAsync(await officer.PutAsJsonAsync(path, new { sourceKind = "sql", source = new { connection = "osh-stats", query = "SELECT year AS 年度, deaths AS 死亡, disabled AS 失能, reported AS 公布日 FROM injuries ORDER BY year" } }), HttpStatusCode.Created);
        var run = await JsonAsync(await officer.PostAsync(path + "/runs?wait=true", null), HttpStatusCode.OK);
        Assert.True(run.GetProperty("status").GetString() == "succeeded", run.ToString());
        Assert.Equal("年度,死亡,失能,公布日\r\n112,292,1203,2024-03-01\r\n113,281,1150,2025-03-01\r\n", await LiveAsync(name, resource));

        await JsonAsync(await officer.PutAsJsonAsync(path, new { sourceKind = "sql", source = new { connection = "osh-stats", query = "WITH gone AS (DELETE FROM injuries RETURNING year) SELECT * FROM gone" } }), HttpStatusCode.OK);
        var write = await JsonAsync(await officer.PostAsync(path + "/runs?wait=true&lang=en", null), HttpStatusCode.OK);
        Assert.Equal("query-failed", write.GetProperty("report").GetProperty("failure").GetString());
        Assert.Contains("only read", write.GetProperty("message").GetString());
        Assert.Equal(2, await postgres.ScalarAsync("SELECT COUNT(*) FROM injuries", "stats"));

        await JsonAsync(await officer.PutAsJsonAsync(path, new { sourceKind = "sql", source = new { connection = "osh-stats", query = "SELECT pg_sleep(30)" } }), HttpStatusCode.OK);
        var slow = await JsonAsync(await officer.PostAsync(path + "/runs?wait=true&lang=en", null), HttpStatusCode.OK);
        Assert.Equal("query-timeout", slow.GetProperty("report").GetProperty("failure").GetString());
        Assert.Contains("2-second limit", slow.GetProperty("message").GetString());

        await JsonAsync(await officer.PutAsJsonAsync(path, new { sourceKind = "sql", source = new { connection = "osh-stats", query = "SELECT * FROM no_such_table" } }), HttpStatusCode.OK);
        var broken = await JsonAsync(await officer.PostAsync(path + "/runs?wait=true", null), HttpStatusCode.OK);
        Assert.Equal("query-failed", broken.GetProperty("report").GetProperty("failure").GetString());
        Assert.Contains("no_such_table", broken.GetProperty("message").GetString());
        Assert.Equal("年度,死亡,失能,公布日\r\n112,292,1203,2024-03-01\r\n113,281,1150,2025-03-01\r\n", await LiveAsync(name, resource));
    }

}
