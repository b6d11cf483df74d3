using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Tests.Datastore;

/// The native DataStore API (/api/v1/datastore), its downloads, and the Data Package of a dataset.
public sealed partial class DatastoreApiTests(WageTableAppFactory app) : IClassFixture<WageTableAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    private async Task<JsonElement> GetJsonAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await _client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task Column_value_pairs_filter_and_the_answer_has_fields_records_and_total()
    {
        var rows = await GetJsonAsync($"/api/v1/datastore/{app.WageResource}?{Uri.EscapeDataString("縣市")}={Uri.EscapeDataString("高雄市")}&fields={Uri.EscapeDataString("代碼,人數")}&sort={Uri.EscapeDataString("人數 desc")}&limit=2");
        Assert.Equal(6, rows.GetProperty("total").GetInt32());
        Assert.Equal(2, rows.GetProperty("limit").GetInt32());
        Assert.Equal(["代碼", "人數"], rows.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("id").GetString()));
        Assert.Equal(["029", "024"], rows.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("代碼").GetString()));
        Assert.Equal(290, rows.GetProperty("records")[0].GetProperty("人數").GetInt32());

        var byJson = await GetJsonAsync($"/api/v1/datastore/{app.WageResource}?filters={Uri.EscapeDataString("{\"代碼\":[\"001\",\"002\"]}")}");
        Assert.Equal(2, byJson.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Bad_parameters_are_problem_details_naming_the_field_in_both_languages()
    {
        var english = await GetJsonAsync($"/api/v1/datastore/{app.WageResource}?薪水=1&lang=en", HttpStatusCode.BadRequest);
        Assert.Contains("Field \"薪水\" not in the table", english.GetProperty("errors").GetProperty("filters")[0].GetString());
        var chinese = await GetJsonAsync($"/api/v1/datastore/{app.WageResource}?sort=薪水", HttpStatusCode.BadRequest);
        Assert.Contains("資料表沒有欄位「薪水」", chinese.GetProperty("errors").GetProperty("sort")[0].GetString());
        var limit = await GetJsonAsync($"/api/v1/datastore/{app.WageResource}?limit=-1&lang=en", HttpStatusCode.BadRequest);
        Assert.Contains("whole number", limit.GetProperty("errors").GetProperty("limit")[0].GetString());
        await GetJsonAsync($"/api/v1/datastore/{Guid.NewGuid()}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Any_query_downloads_as_csv_with_a_file_name()
    {
        var response = await _client.GetAsync($"/api/v1/datastore/{app.WageResource}.csv?{Uri.EscapeDataString("縣市")}={Uri.EscapeDataString("臺北市")}&fields={Uri.EscapeDataString("代碼,縣市,公告")}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var identifier = await app.WithDbAsync(db => db.Resources.Where(r => r.Id == app.WageResource).Select(r => r.Identifier).SingleAsync());
        Assert.Equal($"{identifier}.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var csv = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("代碼,縣市,公告\r\n005,臺北市,false\r\n010,臺北市,true\r\n015,臺北市,false\r\n020,臺北市,true\r\n025,臺北市,false\r\n030,臺北市,true\r\n", csv);

        // Without a limit a download has every row, past the 100 of a page.
        var all = await _client.GetStringAsync($"/api/v1/datastore/{app.WageResource}?format=csv");
        Assert.Equal(31, all.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task A_query_downloads_as_a_json_array()
    {
        var rows = await GetJsonAsync($"/api/v1/datastore/{app.WageResource}.json?q={Uri.EscapeDataString("桃園")}&fields=_id,{Uri.EscapeDataString("平均薪資")}&limit=2");
        Assert.Equal(JsonValueKind.Array, rows.ValueKind);
        Assert.Equal("[{\"_id\":2,\"平均薪資\":31001},{\"_id\":7,\"平均薪資\":33503.5}]", rows.GetRawText());
        var bad = await _client.GetAsync($"/api/v1/datastore/{app.WageResource}.json?fields=nope");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task The_openapi_description_lists_the_datastore_endpoints()
    {
        var openApi = await GetJsonAsync("/openapi/v1.json");
        var paths = openApi.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/datastore/{resourceId}", paths);
        Assert.Contains("/api/v1/datastore/{resourceId}.csv", paths);
        Assert.Contains("/dataset/{name}/datapackage.json", paths);
    }

    [Fact]
    public async Task The_data_package_describes_the_dataset_and_the_loaded_tables_schema()
    {
        var package = await GetJsonAsync($"/dataset/{app.DatasetName}/datapackage.json");
        Assert.Matches(PackageName(), package.GetProperty("name").GetString());
        Assert.Equal(app.DatasetName, package.GetProperty("name").GetString());
        Assert.Equal("職類別薪資調查", package.GetProperty("title").GetString());
        Assert.Equal("tabular-data-package", package.GetProperty("profile").GetString());
        Assert.Equal(["勞保", "投保薪資"], package.GetProperty("keywords").EnumerateArray().Select(k => k.GetString()));
        var license = package.GetProperty("licenses")[0];
        Assert.Equal("ogdl-taiwan-1.0", license.GetProperty("name").GetString());
        Assert.Equal("https://data.gov.tw/license", license.GetProperty("path").GetString());
        Assert.Equal("publisher", package.GetProperty("contributors")[0].GetProperty("role").GetString());
        Assert.EndsWith("Z", package.GetProperty("created").GetString());

        var resource = package.GetProperty("resources")[0];
        Assert.Matches(PackageName(), resource.GetProperty("name").GetString());
        Assert.Equal($"http://localhost/datasets/{app.DatasetName}/resources/{app.WageResource}/download", resource.GetProperty("path").GetString());
        Assert.Equal("csv", resource.GetProperty("format").GetString());
        Assert.Equal("text/csv", resource.GetProperty("mediatype").GetString());
        Assert.Equal("utf-8", resource.GetProperty("encoding").GetString());
        var bytes = Encoding.UTF8.GetBytes(DatastoreTestData.WageCsv());
        Assert.Equal(bytes.Length, resource.GetProperty("bytes").GetInt64());
        Assert.Equal("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), resource.GetProperty("hash").GetString());
        var fields = resource.GetProperty("schema").GetProperty("fields").EnumerateArray().ToList();
        Assert.Equal(["代碼", "縣市", "年月", "人數", "平均薪資", "公告", "公告日", "更新時間"], fields.Select(f => f.GetProperty("name").GetString()));
        Assert.Equal(["string", "string", "integer", "integer", "number", "boolean", "date", "datetime"], fields.Select(f => f.GetProperty("type").GetString()));
        Assert.Equal("受僱人數", fields[3].GetProperty("description").GetString());

        // The download path it gives is the file itself.
        var file = await _client.GetByteArrayAsync(resource.GetProperty("path").GetString());
        Assert.Equal(bytes, file);
    }

    [Fact]
    public async Task A_draft_has_no_data_package()
    {
        var officer = await Infrastructure.ApiClients.WithTokenAsync(app, "bli-officer");
        var name = await Infrastructure.ApiClients.CreateDraftAsync(officer, "BLI", "草稿資料集");
        var response = await _client.GetAsync($"/dataset/{name}/datapackage.json");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [GeneratedRegex("^[a-z0-9._-]+$")]
    private static partial Regex PackageName();
}
