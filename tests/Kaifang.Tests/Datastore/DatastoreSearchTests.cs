using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kaifang.Tests.Infrastructure;

namespace Kaifang.Tests.Datastore;

/// datastore_search as CKAN clients call it, by GET and by POST.
public sealed class DatastoreSearchTests(WageTableAppFactory app) : IClassFixture<WageTableAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(object body)
    {
        var response = await _client.PostAsJsonAsync("/api/3/action/datastore_search", body);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    private async Task<JsonElement> ResultAsync(object body)
    {
        var (status, json) = await PostAsync(body);
        Assert.True(status == HttpStatusCode.OK, json.ToString());
        return json.GetProperty("result");
    }

    private async Task<JsonElement> GetResultAsync(string query)
    {
        var response = await _client.GetAsync($"/api/3/action/datastore_search?resource_id={app.WageResource}&{query}");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToString());
        return json.GetProperty("result");
    }

    private static List<string> Column(JsonElement result, string field) =>
        [.. result.GetProperty("records").EnumerateArray().Select(r => r.GetProperty(field).ToString())];

    [Fact]
    public async Task Answers_in_ckans_shape_with_fields_total_and_links()
    {
        var result = await GetResultAsync("limit=5");
        Assert.Equal(app.WageResource.ToString(), result.GetProperty("resource_id").GetString());
        var fields = result.GetProperty("fields").EnumerateArray().ToList();
        Assert.Equal(("_id", "int"), (fields[0].GetProperty("id").GetString(), fields[0].GetProperty("type").GetString()));
        Assert.Equal(["_id", "代碼", "縣市", "年月", "人數", "平均薪資", "公告", "公告日", "更新時間"], fields.Select(f => f.GetProperty("id").GetString()));
        Assert.Equal(["int", "text", "text", "int", "int", "numeric", "bool", "date", "timestamp"], fields.Select(f => f.GetProperty("type").GetString()));
        Assert.Equal("受僱人數", fields[4].GetProperty("info").GetProperty("notes").GetString());
        Assert.Equal(30, result.GetProperty("total").GetInt32());
        Assert.Equal(5, result.GetProperty("limit").GetInt32());
        Assert.True(result.GetProperty("include_total").GetBoolean());
        Assert.Equal("objects", result.GetProperty("records_format").GetString());
        Assert.Equal(["001", "002", "003", "004", "005"], Column(result, "代碼"));
        Assert.Equal($"/api/3/action/datastore_search?resource_id={app.WageResource}", result.GetProperty("_links").GetProperty("start").GetString());
        Assert.Equal($"/api/3/action/datastore_search?resource_id={app.WageResource}&offset=5", result.GetProperty("_links").GetProperty("next").GetString());
    }

    [Fact]
    public async Task Filters_take_one_value_or_a_list_and_limit_the_total()
    {
        var one = await ResultAsync(new { resource_id = app.WageResource, filters = new Dictionary<string, object> { ["縣市"] = "臺北市" } });
        Assert.Equal(6, one.GetProperty("total").GetInt32());
        Assert.All(Column(one, "縣市"), c => Assert.Equal("臺北市", c));

        var list = await ResultAsync(new { resource_id = app.WageResource, filters = new Dictionary<string, object> { ["縣市"] = new[] { "臺北市", "高雄市" }, ["公告"] = true } });
        Assert.Equal(6, list.GetProperty("total").GetInt32());
        Assert.All(Column(list, "公告"), c => Assert.Equal("True", c));

        // A number column compares as a number: "120" finds 120; a code column compares as text.
        var number = await ResultAsync(new { resource_id = app.WageResource, filters = new Dictionary<string, object> { ["人數"] = "120", ["代碼"] = "012" } });
        Assert.Equal(["012"], Column(number, "代碼"));

        // As a JSON string in the query string, as CKAN's own GET form takes it.
        var byGet = await GetResultAsync("filters=" + Uri.EscapeDataString("{\"代碼\":\"007\"}"));
        Assert.Equal(1, byGet.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Q_finds_words_in_text_columns_or_in_the_named_field()
    {
        var words = await GetResultAsync("q=" + Uri.EscapeDataString("臺中"));
        Assert.Equal(6, words.GetProperty("total").GetInt32());

        // A text field's words are whole (codes too); a number field's value contains the text.
        var byField = await ResultAsync(new { resource_id = app.WageResource, q = new Dictionary<string, string> { ["代碼"] = "020" } });
        Assert.Equal(["020"], Column(byField, "代碼"));
        Assert.Equal(0, (await ResultAsync(new { resource_id = app.WageResource, q = new Dictionary<string, string> { ["代碼"] = "02" } })).GetProperty("total").GetInt32());
        var byNumber = await ResultAsync(new { resource_id = app.WageResource, q = new Dictionary<string, string> { ["人數"] = "29" } });
        Assert.Equal(["029"], Column(byNumber, "代碼"));

        // Wildcards alone are nothing to search for: a validation error, not every row.
        var wildcard = await _client.GetAsync($"/api/3/action/datastore_search?resource_id={app.WageResource}&q=%25");
        Assert.Equal(HttpStatusCode.Conflict, wildcard.StatusCode);
    }

    [Fact]
    public async Task Fields_sort_limit_offset_and_distinct()
    {
        var page = await GetResultAsync("fields=" + Uri.EscapeDataString("代碼,人數") + "&sort=" + Uri.EscapeDataString("人數 desc") + "&limit=3&offset=2");
        Assert.Equal(["代碼", "人數"], page.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("id").GetString()));
        Assert.Equal(["028", "027", "026"], Column(page, "代碼"));
        Assert.Equal(2, page.GetProperty("offset").GetInt32());
        Assert.Equal(["代碼", "人數"], page.GetProperty("records")[0].EnumerateObject().Select(p => p.Name));

        var sorted = await ResultAsync(new { resource_id = app.WageResource, fields = new[] { "縣市", "代碼" }, sort = "縣市, 代碼 desc", limit = 2 });
        // Text sorts by code point: 新北市 (i % 5 == 1) first, its codes descending.
        Assert.Equal(["026", "021"], Column(sorted, "代碼"));

        var distinct = await ResultAsync(new { resource_id = app.WageResource, fields = "縣市", distinct = true, sort = "縣市" });
        Assert.Equal(5, distinct.GetProperty("total").GetInt32());
        Assert.Equal(DatastoreTestData.Cities.Order(StringComparer.Ordinal), Column(distinct, "縣市"));

        var noTotal = await GetResultAsync("include_total=false&limit=0");
        Assert.False(noTotal.TryGetProperty("total", out _));
        Assert.Equal(0, noTotal.GetProperty("records").GetArrayLength());
    }

    [Fact]
    public async Task Records_come_as_lists_csv_or_tsv()
    {
        var lists = await GetResultAsync("records_format=lists&limit=1&fields=" + Uri.EscapeDataString("代碼,人數,公告"));
        Assert.Equal("[\"001\",10,false]", lists.GetProperty("records")[0].GetRawText());

        var csv = await GetResultAsync("records_format=csv&limit=2&fields=" + Uri.EscapeDataString("代碼,縣市,平均薪資"));
        Assert.Equal("001,新北市,30500.5\r\n002,桃園市,31001\r\n", csv.GetProperty("records").GetString());

        var tsv = await GetResultAsync("records_format=tsv&limit=1&fields=" + Uri.EscapeDataString("代碼,縣市"));
        Assert.Equal("001\t新北市\r\n", tsv.GetProperty("records").GetString());
    }

    [Fact]
    public async Task Unknown_fields_and_bad_values_are_validation_errors_naming_them()
    {
        foreach (var (body, parameter, text) in new (object, string, string)[]
        {
            (new { resource_id = app.WageResource, filters = new Dictionary<string, object> { ["薪水"] = "1" } }, "filters", "薪水"),
            (new { resource_id = app.WageResource, sort = "薪水 desc" }, "sort", "薪水"),
            (new { resource_id = app.WageResource, fields = "代碼,薪水" }, "fields", "薪水"),
            (new { resource_id = app.WageResource, q = new Dictionary<string, string> { ["薪水"] = "1" } }, "q", "薪水"),
            (new { resource_id = app.WageResource, filters = new Dictionary<string, object> { ["人數"] = "many" } }, "filters", "many"),
            (new { resource_id = app.WageResource, records_format = "xml" }, "records_format", "objects"),
            (new { resource_id = app.WageResource, limit = "ten" }, "limit", "integer"),
        })
        {
            var (status, json) = await PostAsync(body);
            Assert.Equal(HttpStatusCode.Conflict, status);
            Assert.False(json.GetProperty("success").GetBoolean());
            var error = json.GetProperty("error");
            Assert.Equal("Validation Error", error.GetProperty("__type").GetString());
            Assert.Contains(text, error.GetProperty(parameter)[0].GetString());
        }
    }

    [Fact]
    public async Task An_unknown_or_unloaded_resource_is_not_found()
    {
        var (status, json) = await PostAsync(new { resource_id = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Not Found Error", json.GetProperty("error").GetProperty("__type").GetString());

        var (missing, missingJson) = await PostAsync(new { });
        Assert.Equal(HttpStatusCode.Conflict, missing);
        Assert.Equal("Missing value", missingJson.GetProperty("error").GetProperty("resource_id")[0].GetString());
    }

    [Fact]
    public async Task Datastore_info_gives_fields_and_row_count()
    {
        var response = await _client.GetAsync($"/api/3/action/datastore_info?id={app.WageResource}");
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("result");
        Assert.Equal(30, result.GetProperty("meta").GetProperty("count").GetInt32());
        Assert.Equal(8, result.GetProperty("fields").GetArrayLength());
        Assert.StartsWith("sha256:", result.GetProperty("meta").GetProperty("source_hash").GetString());
    }

    [Fact]
    public async Task A_drafts_resource_cannot_be_searched_by_the_public()
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var name = await officer.CreateDraftAsync("BLI", "未上架的統計");
        var id = await officer.UploadAsync(name, "draft.csv", "a,b\n1,2\n"u8.ToArray());
        await app.WaitForDatastoreAsync();
        var response = await _client.GetAsync($"/api/3/action/datastore_search?resource_id={id}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
