using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kaifang.Datastore;
using Kaifang.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Datastore;

/// The app with one published table of Chinese and English text for datastore_search's q.
public sealed class ServiceTableAppFactory : KaifangAppFactory, IAsyncLifetime
{
    /// 代碼 is a code; 名稱 and 說明 are text; 縣市 is text; 人數 an integer.
    public const string Csv = """
        代碼,名稱,說明,縣市,人數
        A01,勞工保險投保薪資分級表,Labor insurance wage grades,臺北市,10
        A02,投保單位名冊,投保金額與薪資調查 Wages survey,新北市,20
        A03,勞保局業務統計,保險給付,高雄市,30
        A04,就業保險失業給付,投保單位保薪資料,臺中市,40
        A05,第12批 ABC公司名單,BLI-業務處,臺北市,50
        A06,職業災害保險,Occupational wage,臺南市,60
        A07,市場調查,臺北市政府委託,新竹縣,70
        """;

    public string DatasetName { get; private set; } = "";
    public Guid Resource { get; private set; }

    public async Task InitializeAsync()
    {
        var officer = await this.WithTokenAsync("bli-officer");
        var (name, ids) = await this.PublishWithFilesAsync(officer, "勞動業務名冊", "名稱(業務名稱)、說明(說明)", ("services.csv", Encoding.UTF8.GetBytes(Csv)));
        DatasetName = name;
        Resource = ids[0];
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// datastore_search's q through the tables' full-text index: Chinese as substrings, English as whole words.
public sealed class DatastoreFullTextSearchTests(ServiceTableAppFactory app) : IClassFixture<ServiceTableAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(object body)
    {
        var response = await _client.PostAsJsonAsync("/api/3/action/datastore_search", body);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    private async Task<List<string>> CodesAsync(object q, object? filters = null, string? sort = null)
    {
        var (status, json) = await PostAsync(new { resource_id = app.Resource, q, filters, sort });
        Assert.True(status == HttpStatusCode.OK, json.ToString());
        var result = json.GetProperty("result");
        var codes = result.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("代碼").GetString()!).ToList();
        Assert.Equal(codes.Count, result.GetProperty("total").GetInt32());
        return codes;
    }

    [Theory]
    [InlineData("局", "A03")]                       // one character
    [InlineData("市", "A01 A02 A03 A04 A05 A06 A07")]
    [InlineData("保險", "A01 A03 A04 A06")]          // two characters
    [InlineData("投保薪資", "A01")]                  // four: not A02 or A04, which have 投保, 保薪 and 薪資 apart
    [InlineData("保薪資", "A01 A04")]
    [InlineData("業務統計", "A03")]
    [InlineData("臺北市政府", "A07")]
    public async Task Chinese_words_of_any_length_find_the_rows_containing_them(string q, string codes) =>
        Assert.Equal(codes.Split(' '), await CodesAsync(q));

    [Theory]
    [InlineData("wage", "A01 A06")]                 // whole words, any case: not "Wages"
    [InlineData("WAGES", "A02")]
    [InlineData("ABC公司", "A05")]                   // mixed Chinese and English
    [InlineData("第12批", "A05")]
    [InlineData("12批", "A05")]
    [InlineData("BLI-業務處", "A05")]
    [InlineData("bli 業務", "A05")]
    [InlineData("業務", "A03 A05")]
    [InlineData("第1批", "")]                        // 12 is a whole number, not 1
    public async Task English_and_numbers_are_whole_words_and_mix_with_chinese(string q, string codes) =>
        Assert.Equal(codes.Split(' ', StringSplitOptions.RemoveEmptyEntries), await CodesAsync(q));

    [Fact]
    public async Task Every_word_must_occur_in_some_text_column_but_each_within_one_value()
    {
        // 臺北 is in 縣市, labor in 說明, 保險 in 名稱.
        Assert.Equal(["A01"], await CodesAsync("臺北 labor 保險"));
        // 北市投保 would span 縣市 (臺北市) and 名稱 (投保…) of A01: not a match.
        Assert.Empty(await CodesAsync("北市投保"));
    }

    [Fact]
    public async Task A_dict_q_looks_only_in_the_named_field()
    {
        Assert.Equal(["A01", "A04", "A06"], await CodesAsync(new Dictionary<string, string> { ["名稱"] = "保險" }));
        Assert.Equal(["A03"], await CodesAsync(new Dictionary<string, string> { ["說明"] = "保險" }));
        Assert.Equal(["A07"], await CodesAsync(new Dictionary<string, string> { ["說明"] = "臺北", ["縣市"] = "新竹" }));
        // A number column: its value written out contains the text.
        Assert.Equal(["A02"], await CodesAsync(new Dictionary<string, string> { ["名稱"] = "單位" }));
        Assert.Equal(["A04"], await CodesAsync(new Dictionary<string, string> { ["說明"] = "單位" }));
        Assert.Equal(["A03"], await CodesAsync(new Dictionary<string, string> { ["人數"] = "3" }));
    }

    [Fact]
    public async Task Q_combines_with_filters_and_sort()
    {
        Assert.Equal(["A05", "A01"], await CodesAsync("市", new Dictionary<string, string> { ["縣市"] = "臺北市" }, "人數 desc"));
        Assert.Equal(["A06", "A04", "A03", "A01"], await CodesAsync("保險", null, "人數 desc"));
        Assert.Equal(["A04"], await CodesAsync(new Dictionary<string, string> { ["說明"] = "薪資" }, new Dictionary<string, string> { ["縣市"] = "臺中市" }));
    }

    [Fact]
    public async Task Q_pages_with_limit_and_offset_and_counts_every_match()
    {
        var (status, json) = await PostAsync(new { resource_id = app.Resource, q = "市", limit = 2, offset = 3 });
        Assert.True(status == HttpStatusCode.OK, json.ToString());
        var result = json.GetProperty("result");
        Assert.Equal(7, result.GetProperty("total").GetInt32());
        Assert.Equal(["A04", "A05"], result.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("代碼").GetString()));
        var (_, fields) = await PostAsync(new { resource_id = app.Resource, q = "市", fields = "代碼", limit = 1, offset = 6 });
        Assert.Equal("A07", fields.GetProperty("result").GetProperty("records")[0].GetProperty("代碼").GetString());
    }

    [Theory]
    [InlineData("---")]
    [InlineData("\"")]
    [InlineData("* \" ( ) : ^ +")]
    [InlineData("，。！")]
    public async Task A_q_of_punctuation_only_is_a_validation_error_naming_q(string q)
    {
        var (status, json) = await PostAsync(new { resource_id = app.Resource, q });
        Assert.Equal(HttpStatusCode.Conflict, status);
        var error = json.GetProperty("error");
        Assert.Equal("Validation Error", error.GetProperty("__type").GetString());
        Assert.Contains("Nothing to search for", error.GetProperty("q")[0].GetString(), StringComparison.Ordinal);

        var (fieldStatus, fieldJson) = await PostAsync(new { resource_id = app.Resource, q = new Dictionary<string, string> { ["名稱"] = q } });
        Assert.Equal(HttpStatusCode.Conflict, fieldStatus);
        Assert.Contains("名稱", fieldJson.GetProperty("error").GetProperty("q")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NEAR(保險 薪資)", "")]              // FTS5 syntax is read as words: "near" does not occur
    [InlineData("保險 OR 薪資", "")]
    [InlineData("保險*", "A01 A03 A04 A06")]         // a star is punctuation
    [InlineData("-保險", "A01 A03 A04 A06")]
    [InlineData("\"投保薪資\"", "A01")]
    [InlineData("保險 ---", "A01 A03 A04 A06")]      // a word of punctuation alone is left out
    public async Task Fts_syntax_in_q_is_read_as_text(string q, string codes) =>
        Assert.Equal(codes.Split(' ', StringSplitOptions.RemoveEmptyEntries), await CodesAsync(q));

    /// While a table's index is being built (or for a table loaded before tables had one), q scans the
    /// table with the index's own rule: the same rows.
    [Fact]
    public async Task Without_its_index_a_table_is_scanned_with_the_same_results()
    {
        string[] queries = ["局", "保險", "投保薪資", "wage", "ABC公司", "第12批", "12批", "BLI-業務處", "臺北 labor 保險", "北市投保", "第1批"];
        var indexed = new List<List<string>>();
        foreach (var q in queries)
        {
            indexed.Add(await CodesAsync(q));
        }
        var byField = await CodesAsync(new Dictionary<string, string> { ["說明"] = "保險" });

        var store = app.Services.GetRequiredService<DatastoreDatabase>();
        SetFullText(store, false);
        try
        {
            for (var i = 0; i < queries.Length; i++)
            {
                Assert.True(indexed[i].SequenceEqual(await CodesAsync(queries[i])), queries[i]);
            }
            Assert.Equal(byField, await CodesAsync(new Dictionary<string, string> { ["說明"] = "保險" }));
            var (status, _) = await PostAsync(new { resource_id = app.Resource, q = "---" });
            Assert.Equal(HttpStatusCode.Conflict, status);
        }
        finally
        {
            SetFullText(store, true);
        }
    }

    [Fact]
    public async Task A_reload_replaces_the_index_with_the_new_rows()
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var (name, ids) = await app.PublishWithFilesAsync(officer, "名冊更新", "名稱(名稱)", ("list.csv", "代碼,名稱\nB01,勞工退休金\nB02,育嬰留職停薪\n"u8.ToArray()));
        async Task<int> TotalAsync(string q)
        {
            var (status, json) = await PostAsync(new { resource_id = ids[0], q });
            Assert.True(status == HttpStatusCode.OK, json.ToString());
            return json.GetProperty("result").GetProperty("total").GetInt32();
        }
        Assert.Equal(1, await TotalAsync("退休"));
        Assert.Equal(0, await TotalAsync("職災"));

        using var form = new MultipartFormDataContent { { new ByteArrayContent("代碼,名稱\nB01,職災保險給付\nB02,育嬰留職停薪\nB03,職災預防\n"u8.ToArray()), "file", "list.csv" } };
        (await officer.PutAsync($"/api/v1/datasets/{name}/resources/{ids[0]}/file", form)).EnsureSuccessStatusCode();
        await app.WaitForDatastoreAsync();

        Assert.Equal(0, await TotalAsync("退休"));
        Assert.Equal(2, await TotalAsync("職災"));
        Assert.Equal(1, await TotalAsync("留職停薪"));
        using var connection = app.Services.GetRequiredService<DatastoreDatabase>().OpenRead();
        Assert.True(DatastoreDatabase.ReadTable(connection, ids[0])!.FullText);
    }

    /// A table loaded before tables had an index (or whose index was not finished): the worker builds it.
    [Fact]
    public async Task A_table_without_its_index_gets_it_when_its_dataset_is_brought_up_to_date()
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var (_, ids) = await app.PublishWithFilesAsync(officer, "補建索引", "名稱(名稱)", ("old.csv", "代碼,名稱\nC01,勞動檢查\nC02,職業安全\n"u8.ToArray()));
        var store = app.Services.GetRequiredService<DatastoreDatabase>();
        Guid datasetId;
        using (var connection = store.OpenWrite())
        {
            datasetId = DatastoreDatabase.ReadTable(connection, ids[0])!.DatasetId;
            using var command = connection.CreateCommand();
            command.CommandText = $"DROP TABLE \"{DatastoreDatabase.FullTextTableName(ids[0])}\"; UPDATE {DatastoreDatabase.MetaTable} SET full_text = 0 WHERE resource_id = '{ids[0]}'";
            command.ExecuteNonQuery();
        }
        var (scanned, scan) = await PostAsync(new { resource_id = ids[0], q = "安全" });
        Assert.True(scanned == HttpStatusCode.OK, scan.ToString());
        Assert.Equal(1, scan.GetProperty("result").GetProperty("total").GetInt32());

        using (var scope = app.Services.CreateScope())
        {
            Assert.Contains(datasetId, await scope.ServiceProvider.GetRequiredService<DatastoreSync>().OutOfDateAsync(CancellationToken.None));
            await scope.ServiceProvider.GetRequiredService<DatastoreSync>().SyncAsync(datasetId, CancellationToken.None);
        }
        using (var connection = store.OpenRead())
        {
            Assert.True(DatastoreDatabase.ReadTable(connection, ids[0])!.FullText);
        }
        var (status, json) = await PostAsync(new { resource_id = ids[0], q = "安全" });
        Assert.True(status == HttpStatusCode.OK, json.ToString());
        Assert.Equal("C02", json.GetProperty("result").GetProperty("records")[0].GetProperty("代碼").GetString());
    }

    [Fact]
    public async Task Sql_cannot_read_the_index_tables()
    {
        var table = DatastoreDatabase.FullTextTableName(app.Resource);
        var response = await _client.GetAsync("/api/3/action/datastore_search_sql?sql=" + Uri.EscapeDataString($"SELECT * FROM \"{table}\""));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private void SetFullText(DatastoreDatabase store, bool on)
    {
        using var connection = store.OpenWrite();
        using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE {DatastoreDatabase.MetaTable} SET full_text = $on WHERE resource_id = $id";
        command.Parameters.AddWithValue("$on", on ? 1 : 0);
        command.Parameters.AddWithValue("$id", DatastoreDatabase.TableName(app.Resource));
        Assert.Equal(1, command.ExecuteNonQuery());
    }
}
