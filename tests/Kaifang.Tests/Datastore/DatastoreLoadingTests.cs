using System.Net;
using System.Text;
using System.Text.Json;
using Kaifang.Catalog;
using Kaifang.Datastore;
using Kaifang.Seeding.Files;
using Kaifang.Storage;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Datastore;

/// What the DataStore loads from each kind of file, with which types, and when tables come and go.
public sealed class DatastoreLoadingTests(KaifangAppFactory app) : IClassFixture<KaifangAppFactory>
{
    private async Task<DatastoreTable> TableAsync(Guid resourceId) =>
        await app.Services.GetRequiredService<DatastoreQueries>().TableAsync(resourceId, CancellationToken.None)
        ?? throw new Xunit.Sdk.XunitException($"Resource {resourceId} has no DataStore table.");

    private static async Task<JsonElement> SearchAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync($"/api/3/action/datastore_search?{query}");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        return body.GetProperty("result");
    }

    private static Dictionary<string, DatastoreType> Types(DatastoreTable table) => table.Fields.ToDictionary(f => f.Id, f => f.Type);

    [Fact]
    public async Task A_utf8_csv_is_loaded_with_conservative_types_and_the_datasets_field_descriptions()
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var (_, ids) = await app.PublishWithFilesAsync(officer, "職類別薪資調查", DatastoreTestData.WageFields,
            ("wages.csv", Encoding.UTF8.GetBytes(DatastoreTestData.WageCsv())));

        var table = await TableAsync(ids[0]);
        Assert.Equal(30, table.RowCount);
        Assert.Equal(new Dictionary<string, DatastoreType>
        {
            ["代碼"] = DatastoreType.Text,
            ["縣市"] = DatastoreType.Text,
            ["年月"] = DatastoreType.Integer,
            ["人數"] = DatastoreType.Integer,
            ["平均薪資"] = DatastoreType.Number,
            ["公告"] = DatastoreType.Boolean,
            ["公告日"] = DatastoreType.Date,
            ["更新時間"] = DatastoreType.Timestamp,
        }, Types(table));
        Assert.Equal("受僱人數", table.Fields.Single(f => f.Id == "人數").Description);
        Assert.Null(table.Fields.Single(f => f.Id == "年月").Description);

        var first = (await SearchAsync(app.CreateClient(), $"resource_id={ids[0]}&limit=1")).GetProperty("records")[0];
        Assert.Equal(1, first.GetProperty("_id").GetInt64());
        Assert.Equal("001", first.GetProperty("代碼").GetString());
        Assert.Equal(30500.5, first.GetProperty("平均薪資").GetDouble());
        Assert.False(first.GetProperty("公告").GetBoolean());
        Assert.Equal("2024-01-02", first.GetProperty("公告日").GetString());
        Assert.Equal("2024-01-02T08:30:00", first.GetProperty("更新時間").GetString());
    }

    [Fact]
    public async Task A_big5_csv_and_a_utf16_tsv_are_decoded()
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var big5 = TextDecoding.Big5.GetBytes("縣市,職業訓練人數\n臺中市,321\n花蓮縣,045\n");
        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("縣市\t人數\n澎湖縣\t12\n")).ToArray();
        var (_, ids) = await app.PublishWithFilesAsync(officer, "職業訓練人數", "縣市、職業訓練人數", ("training.csv", big5), ("counts.txt.csv", utf16));

        var training = await TableAsync(ids[0]);
        Assert.Equal(["縣市", "職業訓練人數"], training.Fields.Select(f => f.Id));
        // "045" keeps its leading zero, so the column stays text.
        Assert.Equal(DatastoreType.Text, training.Fields[1].Type);
        var rows = (await SearchAsync(app.CreateClient(), $"resource_id={ids[0]}")).GetProperty("records");
        Assert.Equal("花蓮縣", rows[1].GetProperty("縣市").GetString());
        Assert.Equal("045", rows[1].GetProperty("職業訓練人數").GetString());

        // UTF-16 with its byte order mark; the tab delimiter is recognised from the header line.
        var counts = await TableAsync(ids[1]);
        Assert.Equal(["縣市", "人數"], counts.Fields.Select(f => f.Id));
        Assert.Equal(DatastoreType.Integer, counts.Fields[1].Type);
        var penghu = (await SearchAsync(app.CreateClient(), $"resource_id={ids[1]}")).GetProperty("records")[0];
        Assert.Equal("澎湖縣", penghu.GetProperty("縣市").GetString());
    }

    [Fact]
    public async Task Json_xlsx_and_ods_files_are_loaded()
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var demo = new DemoTable(
            [new DemoColumn("年度", "民國年", Numeric: true), new DemoColumn("縣市", "縣市"), new DemoColumn("件數", "申請件數", Numeric: true)],
            [["112", "臺北市", "10"], ["113", "高雄市", "12"], ["114", "臺南市", "7"]]);
        var ods = DatastoreTestData.Ods(["年度", "縣市", "件數"], ["112", "臺北市", "10.5"], ["113", "高雄市", "12"]);
        var (_, ids) = await app.PublishWithFilesAsync(officer, "申請件數統計", demo.MainFieldsDescription,
            ("counts.json", JsonTableWriter.Write(demo)), ("counts.xlsx", XlsxTableWriter.Write(demo, "件數")), ("counts.ods", ods));

        var json = await TableAsync(ids[0]);
        Assert.Equal(3, json.RowCount);
        Assert.Equal(new Dictionary<string, DatastoreType> { ["年度"] = DatastoreType.Integer, ["縣市"] = DatastoreType.Text, ["件數"] = DatastoreType.Integer }, Types(json));
        Assert.Equal("申請件數", json.Fields[2].Description);

        var xlsx = await TableAsync(ids[1]);
        Assert.Equal(3, xlsx.RowCount);
        Assert.Equal(new Dictionary<string, DatastoreType> { ["年度"] = DatastoreType.Integer, ["縣市"] = DatastoreType.Text, ["件數"] = DatastoreType.Integer }, Types(xlsx));
        var last = (await SearchAsync(app.CreateClient(), $"resource_id={ids[1]}&sort=_id desc&limit=1")).GetProperty("records")[0];
        Assert.Equal("臺南市", last.GetProperty("縣市").GetString());
        Assert.Equal(7, last.GetProperty("件數").GetInt64());

        // The ODS file's million repeated empty rows are the sheet's unused space, not data.
        var odsTable = await TableAsync(ids[2]);
        Assert.Equal(2, odsTable.RowCount);
        Assert.Equal(["年度", "縣市", "件數"], odsTable.Fields.Select(f => f.Id));
        Assert.Equal(DatastoreType.Number, odsTable.Fields[2].Type);
    }

    [Fact]
    public async Task Datastore_active_follows_publishing_and_removal()
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var name = await officer.CreateDraftAsync("BLI", "職災給付件數");
        var csv = await officer.UploadAsync(name, "claims.csv", "月份,件數\n1,5\n2,7\n"u8.ToArray());
        var pdf = await officer.UploadAsync(name, "說明.pdf", "%PDF-1.4\n"u8.ToArray());
        await app.WaitForDatastoreAsync();
        // A draft has no DataStore table.
        Assert.Null(await app.Services.GetRequiredService<DatastoreQueries>().TableAsync(csv, CancellationToken.None));

        (await officer.PostAsync($"/api/v1/datasets/{name}/publish", null)).EnsureSuccessStatusCode();
        await app.WaitForDatastoreAsync();
        var package = await PackageAsync(name);
        Assert.True(Active(package, csv));
        Assert.False(Active(package, pdf));
        var resourceShow = JsonDocument.Parse(await app.CreateClient().GetStringAsync($"/api/3/action/resource_show?id={csv}")).RootElement;
        Assert.True(resourceShow.GetProperty("result").GetProperty("datastore_active").GetBoolean());

        (await officer.DeleteAsync($"/api/v1/datasets/{name}/resources/{csv}")).EnsureSuccessStatusCode();
        await app.WaitForDatastoreAsync();
        Assert.Null(await app.Services.GetRequiredService<DatastoreQueries>().TableAsync(csv, CancellationToken.None));
        var (status, _) = await CkanAsync($"datastore_search?resource_id={csv}");
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Withdrawing_a_dataset_drops_its_tables_and_publishing_again_reloads_them()
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var (name, ids) = await app.PublishWithFilesAsync(officer, "就業服務求才人數", "月份、人數", ("jobs.csv", "月份,人數\n1,50\n"u8.ToArray()));
        Assert.True(Active(await PackageAsync(name), ids[0]));

        (await officer.PostAsync($"/api/v1/datasets/{name}/withdraw", null)).EnsureSuccessStatusCode();
        await app.WaitForDatastoreAsync();
        var active = app.Services.GetRequiredService<DatastoreQueries>().ActiveAmong(ids);
        Assert.Empty(active);
        Assert.Equal(HttpStatusCode.NotFound, (await CkanAsync($"datastore_search?resource_id={ids[0]}")).Status);

        (await officer.PostAsync($"/api/v1/datasets/{name}/publish", null)).EnsureSuccessStatusCode();
        await app.WaitForDatastoreAsync();
        Assert.Equal(1, (await TableAsync(ids[0])).RowCount);
    }

    [Fact]
    public async Task A_replaced_file_is_reloaded_and_a_file_that_fails_keeps_the_previous_table()
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var (name, ids) = await app.PublishWithFilesAsync(officer, "外籍勞工人數", "國籍、人數", ("workers.json", """[{"國籍":"越南","人數":5}]"""u8.ToArray()));
        var before = await TableAsync(ids[0]);
        Assert.Equal(1, before.RowCount);

        await ReplaceAsync(name, ids[0], "workers.json", """[{"國籍":"越南","人數":5},{"國籍":"印尼","人數":3}]"""u8.ToArray());
        var replaced = await TableAsync(ids[0]);
        Assert.Equal(2, replaced.RowCount);
        Assert.NotEqual(before.SourceHash, replaced.SourceHash);

        // Not JSON at all: the load fails, and the table loaded from the previous file stays.
        await ReplaceAsync(name, ids[0], "workers.json", "this is not json"u8.ToArray());
        var kept = await TableAsync(ids[0]);
        Assert.Equal(replaced.SourceHash, kept.SourceHash);
        Assert.Equal(2, kept.RowCount);
        var records = (await SearchAsync(app.CreateClient(), $"resource_id={ids[0]}")).GetProperty("records");
        Assert.Equal("印尼", records[1].GetProperty("國籍").GetString());

        // The officer sees why, next to the resource; the same file is not tried again at every start.
        var staff = await app.SignedInAsync("bli-officer");
        var page = WebUtility.HtmlDecode(await staff.GetStringAsync($"/admin/datasets/{name}?lang=en"));
        Assert.Contains("This file could not be loaded into the data API (DataStore): The JSON file cannot be read", page, StringComparison.Ordinal);
        Assert.Contains("The 2 rows loaded before stay queryable.", page, StringComparison.Ordinal);
        var datasetId = app.WithDb(db => db.Datasets.Single(d => d.Name == name).Id);
        using (var scope = app.Services.CreateScope())
        {
            Assert.DoesNotContain(datasetId, await scope.ServiceProvider.GetRequiredService<DatastoreSync>().OutOfDateAsync(CancellationToken.None));
        }

        // A corrected file loads, and the failure is gone.
        await ReplaceAsync(name, ids[0], "workers.json", """[{"國籍":"泰國","人數":1}]"""u8.ToArray());
        Assert.Equal(1, (await TableAsync(ids[0])).RowCount);
        page = WebUtility.HtmlDecode(await staff.GetStringAsync($"/admin/datasets/{name}?lang=en"));
        Assert.DoesNotContain("could not be loaded", page, StringComparison.Ordinal);
        Assert.Contains("Data API: 1 row", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_main_database_holds_no_datastore_tables()
    {
        var officer = await app.WithTokenAsync("bli-officer");
        await app.PublishWithFilesAsync(officer, "勞動檢查件數", "年度、件數", ("inspections.csv", "年度,件數\n113,9\n"u8.ToArray()));
        Assert.True(File.Exists(Path.Combine(app.DataDirectory, "datastore.db")));
        var tables = app.WithDb(db =>
        {
            var connection = db.Database.GetDbConnection();
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = TestDatabase.IsPostgreSql
                ? "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'"
                : "SELECT name FROM sqlite_master WHERE type = 'table'";
            using var reader = command.ExecuteReader();
            var names = new List<string>();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }
            return names;
        });
        Assert.Contains("Datasets", tables);
        Assert.DoesNotContain("_datastore_tables", tables);
        Assert.DoesNotContain(tables, t => Guid.TryParse(t, out _));
    }

    private async Task ReplaceAsync(string name, Guid resourceId, string fileName, byte[] content)
    {
        var officer = await app.WithTokenAsync("bli-officer");
        using var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", fileName } };
        (await officer.PutAsync($"/api/v1/datasets/{name}/resources/{resourceId}/file", form)).EnsureSuccessStatusCode();
        await app.WaitForDatastoreAsync();
    }

    private async Task<JsonElement> PackageAsync(string name) =>
        JsonDocument.Parse(await app.CreateClient().GetStringAsync($"/api/3/action/package_show?id={name}")).RootElement.GetProperty("result");

    private static bool Active(JsonElement package, Guid resourceId) =>
        package.GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("id").GetString() == resourceId.ToString()).GetProperty("datastore_active").GetBoolean();

    private async Task<(HttpStatusCode Status, JsonElement Body)> CkanAsync(string path)
    {
        var response = await app.CreateClient().GetAsync($"/api/3/action/{path}");
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }
}
