using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Kaifang.Datastore;
using Microsoft.Extensions.DependencyInjection;

namespace Kaifang.Tests.Interop.CommonApi;

/// Every endpoint of the common data-access API and every error code, against a small catalog with a draft.
public sealed class CommonApiContractTests(CommonApiAppFactory app) : IClassFixture<CommonApiAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    private string WagesCsv => app.Wages.Resources.Single(r => r.Format == "CSV").Identifier;

    private static string Q(string text) => Uri.EscapeDataString(text);

    private async Task<JsonElement> GetJsonAsync(string url)
    {
        var response = await _client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<string[]> GetIdsAsync(string url)
    {
        var answer = await GetJsonAsync(url);
        Assert.True(answer.ValueKind == JsonValueKind.Array, answer.GetRawText());
        return [.. answer.EnumerateArray().Select(e => e.GetString()!)];
    }

    /// The standard's failure: {"success": false, "error": {"type": code, "message": …}}.
    private async Task<string> AssertErrorAsync(string url, string code)
    {
        var answer = await GetJsonAsync(url);
        Assert.True(answer.ValueKind == JsonValueKind.Object, $"{url}: {answer.GetRawText()}");
        Assert.False(answer.GetProperty("success").GetBoolean(), answer.GetRawText());
        var error = answer.GetProperty("error");
        Assert.Equal(code, error.GetProperty("type").GetString());
        var message = error.GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        return message!;
    }

    [Fact]
    public async Task Groups_are_the_service_categories_in_use_without_the_drafts()
    {
        Assert.Equal(["500", "F00"], await GetIdsAsync("/OdService/rest/group"));
        Assert.Equal(["F00"], await GetIdsAsync("/OdService/rest/group?limit=1&offset=1"));
        Assert.Equal(["500"], await GetIdsAsync("/OdService/rest/group?limit=1"));

        var group = await GetJsonAsync("/OdService/rest/group/500?limit=1&offset=1");
        Assert.Equal("500", group.GetProperty("categoryCode").GetString());
        Assert.Equal("求職及就業", group.GetProperty("display_name").GetString());
        Assert.Contains("Jobs and employment", group.GetProperty("description").GetString());
        Assert.Equal(2, group.GetProperty("package_count").GetInt32());
        Assert.Equal("2024-03-01 10:00:00", group.GetProperty("created").GetString());
        string[] both = [.. new[] { app.Wages.Identifier, app.Grades.Identifier }.Order(StringComparer.Ordinal)];
        Assert.Equal([both[1]], group.GetProperty("packages").EnumerateArray().Select(p => p.GetString()));

        await AssertErrorAsync("/OdService/rest/group/900", "ER0100");
        await AssertErrorAsync("/OdService/rest/group/ZZZ", "ER0100");
        await AssertErrorAsync("/OdService/rest/group?lang=en", "ER0200");
        await AssertErrorAsync("/OdService/rest/group/500?limit=ten", "ER0210");
    }

    [Fact]
    public async Task Tags_are_the_keywords_of_published_datasets_and_lead_to_their_ids()
    {
        var tags = await GetIdsAsync("/OdService/rest/tag");
        Assert.Equal(["分級表", "勞保", "投保薪資", "退休"], tags);
        Assert.DoesNotContain("草稿專用", tags);
        Assert.Equal(["勞保", "投保薪資"], await GetIdsAsync("/OdService/rest/tag?offset=1&limit=2"));

        string[] both = [.. new[] { app.Wages.Identifier, app.Grades.Identifier }.Order(StringComparer.Ordinal)];
        Assert.Equal(both, await GetIdsAsync($"/OdService/rest/tag/{Q("勞保")}"));
        Assert.Equal([both[0]], await GetIdsAsync($"/OdService/rest/tag/{Q("勞保")}?limit=1"));
        Assert.Equal([app.Pension.Identifier], await GetIdsAsync($"/OdService/rest/tag/{Q("退休")}"));
        await AssertErrorAsync($"/OdService/rest/tag/{Q("草稿專用")}", "ER0100");
        await AssertErrorAsync("/OdService/rest/tag?sort=name", "ER0200");
    }

    [Fact]
    public async Task The_dataset_list_pages_in_identifier_order_and_never_lists_a_draft()
    {
        string[] published = [.. new[] { app.Wages.Identifier, app.Grades.Identifier, app.Pension.Identifier }.Order(StringComparer.Ordinal)];
        var all = await GetIdsAsync("/OdService/rest/dataset");
        Assert.Equal(published, all);
        Assert.DoesNotContain(app.Draft.Identifier, all);
        Assert.Equal(published[..2], await GetIdsAsync("/OdService/rest/dataset?limit=2"));
        Assert.Equal(published[2..], await GetIdsAsync("/OdService/rest/dataset?limit=2&offset=2"));
        Assert.Empty(await GetIdsAsync("/OdService/rest/dataset?offset=3"));
        Assert.Empty(await GetIdsAsync("/OdService/rest/dataset?limit=0"));

        // Everything was published at 10:00 Taiwan time.
        Assert.Equal(published, await GetIdsAsync($"/OdService/rest/dataset?modified={Q("2024-03-01 10:00:00")}"));
        Assert.Equal(published, await GetIdsAsync("/OdService/rest/dataset?modified=2024-03-01"));
        Assert.Empty(await GetIdsAsync($"/OdService/rest/dataset?modified={Q("2024-03-01 10:00:01")}"));

        await AssertErrorAsync("/OdService/rest/dataset?limit=11.5", "ER0210");
        await AssertErrorAsync("/OdService/rest/dataset?offset=all", "ER0210");
        await AssertErrorAsync("/OdService/rest/dataset?limit=-1", "ER0210");
        await AssertErrorAsync("/OdService/rest/dataset?limit=1&limit=2", "ER0210");
        var message = await AssertErrorAsync("/OdService/rest/dataset?modified=yesterday", "ER0210");
        Assert.Contains("yyyy-MM-dd HH:mm:ss", message);
        await AssertErrorAsync($"/OdService/rest/dataset?modified={Q("2024-13-01 00:00:00")}", "ER0210");
        var unknown = await AssertErrorAsync("/OdService/rest/dataset?q=wage", "ER0200");
        Assert.Contains("q", unknown);
    }

    [Fact]
    public async Task A_dataset_has_the_standards_fields_with_true_row_counts()
    {
        var d = await GetJsonAsync($"/OdService/rest/dataset/{app.Wages.Identifier}");
        string[] fields =
        [
            "categoryService", "categoryDataset", "datasetId", "title", "description", "type", "license", "cost", "publisherOID",
            "publisherOrgCode", "publisherContactName", "publisherContactPhone", "publisherContactEmail", "updateFrequency",
            "coverageStartedDate", "coverageEndedDate", "publishedDate", "modifiedDate", "spatialCoverage", "language", "relatedUrl",
            "keyword", "notes", "distribution",
        ];
        Assert.Equal(fields, d.EnumerateObject().Select(p => p.Name));
        Assert.Equal("500", d.GetProperty("categoryService").GetString());
        Assert.Equal("求職及就業", d.GetProperty("categoryDataset").GetString());
        Assert.Equal(app.Wages.Identifier, d.GetProperty("datasetId").GetString());
        Assert.Matches(@"^A17010000J-\d{6}$", d.GetProperty("datasetId").GetString());
        Assert.Equal("職類別薪資調查", d.GetProperty("title").GetString());
        Assert.Equal("原始資料", d.GetProperty("type").GetString());
        Assert.Equal("1", d.GetProperty("license").GetString());
        Assert.Equal("free", d.GetProperty("cost").GetString());
        Assert.Equal("2.16.886.101.20003.20063.20001|勞動部勞工保險局", d.GetProperty("publisherOID").GetString());
        Assert.Equal("A17010000J", d.GetProperty("publisherOrgCode").GetString());
        Assert.Equal("王小明", d.GetProperty("publisherContactName").GetString());
        Assert.Equal("02-23961266", d.GetProperty("publisherContactPhone").GetString());
        Assert.Equal("data@bli.gov.tw", d.GetProperty("publisherContactEmail").GetString());
        var frequency = d.GetProperty("updateFrequency");
        Assert.Equal(("1", "1", "年"), (frequency.GetProperty("regularupdate").GetString(), frequency.GetProperty("frequency").GetString(), frequency.GetProperty("unittime").GetString()));
        Assert.Equal("2024-03-01 10:00:00", d.GetProperty("publishedDate").GetString());
        Assert.Equal("2024-03-01 10:00:00", d.GetProperty("modifiedDate").GetString());
        Assert.Equal("zh-TW", d.GetProperty("language").GetString());
        Assert.Equal(["勞保", "投保薪資"], d.GetProperty("keyword").EnumerateArray().Select(k => k.GetString()));

        var distribution = d.GetProperty("distribution").EnumerateArray().ToList();
        Assert.Equal(2, distribution.Count);
        var csv = distribution[0];
        string[] resourceFields =
        [
            "resourceID", "resourceDescription", "resourceField", "resourceFormat", "resourceCharacterEncoding", "resourceModified",
            "resourceDownloadUrl", "resourceAmount", "resourceNotes",
        ];
        Assert.Equal(resourceFields, csv.EnumerateObject().Select(p => p.Name));
        Assert.Equal($"{app.Wages.Identifier}-001", csv.GetProperty("resourceID").GetString());
        Assert.Equal("代碼,縣市,年月,人數,平均薪資,公告,公告日,更新時間", csv.GetProperty("resourceField").GetString());
        Assert.Equal("CSV", csv.GetProperty("resourceFormat").GetString());
        Assert.Equal("2024-03-01 10:00:00", csv.GetProperty("resourceModified").GetString());
        var csvResource = app.Wages.Resources.Single(r => r.Position == 1);
        Assert.Equal($"https://data.mol.gov.tw/datasets/{app.Wages.Name}/resources/{csvResource.Id}/download", csv.GetProperty("resourceDownloadUrl").GetString());
        // The DataStore's row count, not the 0 the ministry's platform shows.
        var table = await app.Services.GetRequiredService<DatastoreQueries>().TableAsync(csvResource.Id, CancellationToken.None);
        Assert.Equal(30, table!.RowCount);
        Assert.Equal("30", csv.GetProperty("resourceAmount").GetString());

        var link = distribution[1];
        Assert.Equal($"{app.Wages.Identifier}-002", link.GetProperty("resourceID").GetString());
        Assert.Equal("https://www.bli.gov.tw/files/report.pdf", link.GetProperty("resourceDownloadUrl").GetString());
        Assert.Equal(JsonValueKind.Null, link.GetProperty("resourceAmount").ValueKind);

        var pension = await GetJsonAsync($"/OdService/rest/dataset/{app.Pension.Identifier}");
        var irregular = pension.GetProperty("updateFrequency");
        Assert.Equal("0", irregular.GetProperty("regularupdate").GetString());
        Assert.Equal("", irregular.GetProperty("unittime").GetString());
        Assert.Equal("F00", pension.GetProperty("categoryService").GetString());
    }

    [Fact]
    public async Task A_draft_or_unknown_dataset_is_not_found()
    {
        await AssertErrorAsync($"/OdService/rest/dataset/{app.Draft.Identifier}", "ER0100");
        await AssertErrorAsync("/OdService/rest/dataset/A17010000J-999999", "ER0100");
        await AssertErrorAsync($"/OdService/rest/dataset/{app.Wages.Identifier}?fields=title", "ER0200");
    }

    [Fact]
    public async Task The_datastore_filters_sorts_picks_fields_and_pages()
    {
        var answer = await GetJsonAsync($"/OdService/rest/datastore/{WagesCsv}?filters={Q("{\"縣市\":\"高雄市\"}")}&sort={Q("人數 desc")}&fields={Q("代碼,人數")}&limit=2&offset=1");
        Assert.True(answer.GetProperty("success").GetBoolean());
        Assert.Equal("2024-03-01 10:00:00", answer.GetProperty("updateTime").GetString());
        var result = answer.GetProperty("result");
        Assert.Equal(WagesCsv, result.GetProperty("resource_id").GetString());
        Assert.Equal([("代碼", "text"), ("人數", "int")],
            result.GetProperty("fields").EnumerateArray().Select(f => (f.GetProperty("id").GetString(), f.GetProperty("type").GetString())));
        Assert.Equal(["024", "019"], result.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("代碼").GetString()));
        Assert.Equal(240, result.GetProperty("records")[0].GetProperty("人數").GetInt32());
        Assert.Equal(2, result.GetProperty("limit").GetInt32());
        Assert.Equal(1, result.GetProperty("offset").GetInt32());
        Assert.Equal(6, result.GetProperty("total").GetInt32());

        // Defaults: 100 rows from the first, every field with the DataStore's row number first.
        var all = (await GetJsonAsync($"/OdService/rest/datastore/{WagesCsv}")).GetProperty("result");
        Assert.Equal((100, 0, 30, 30), (all.GetProperty("limit").GetInt32(), all.GetProperty("offset").GetInt32(), all.GetProperty("total").GetInt32(), all.GetProperty("records").GetArrayLength()));
        Assert.Equal("_id", all.GetProperty("fields")[0].GetProperty("id").GetString());

        // A number in filters is the number's text; a list is any of its values.
        var byNumber = (await GetJsonAsync($"/OdService/rest/datastore/{WagesCsv}?filters={Q("{\"人數\":50}")}")).GetProperty("result");
        Assert.Equal(1, byNumber.GetProperty("total").GetInt32());
        var anyOf = (await GetJsonAsync($"/OdService/rest/datastore/{WagesCsv}?filters={Q("{\"代碼\":[\"001\",\"002\"]}")}")).GetProperty("result");
        Assert.Equal(2, anyOf.GetProperty("total").GetInt32());

        // A value is a parameter, never SQL.
        var injected = (await GetJsonAsync($"/OdService/rest/datastore/{WagesCsv}?filters={Q("{\"縣市\":\"高雄市' OR '1'='1\"}")}")).GetProperty("result");
        Assert.Equal(0, injected.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Datastore_errors_have_the_standards_codes()
    {
        var url = $"/OdService/rest/datastore/{WagesCsv}";
        await AssertErrorAsync($"{url}?filters={Q("{\"縣市\":")}", "ER0210");
        await AssertErrorAsync($"{url}?filters={Q("[\"縣市\"]")}", "ER0210");
        await AssertErrorAsync($"{url}?filters=2019", "ER0210");
        await AssertErrorAsync($"{url}?filters={Q("{\"人數\":\"many\"}")}", "ER0210");
        await AssertErrorAsync($"{url}?limit=11.5", "ER0210");
        await AssertErrorAsync($"{url}?offset=all", "ER0210");

        var unknownFilter = await AssertErrorAsync($"{url}?filters={Q("{\"年度\":\"2019\"}")}", "ER0220");
        Assert.Contains("年度", unknownFilter);
        await AssertErrorAsync($"{url}?sort={Q("薪水 desc")}", "ER0220");
        await AssertErrorAsync($"{url}?fields={Q("代碼,薪水")}", "ER0220");
        await AssertErrorAsync($"{url}?filters={Q("{\"縣市\\\" OR 1=1 --\":\"x\"}")}", "ER0220");

        var unknownParameter = await AssertErrorAsync($"{url}?q=x", "ER0200");
        Assert.Contains("filters", unknownParameter);
        await AssertErrorAsync($"{url}?resource_id=x", "ER0200");

        await AssertErrorAsync("/OdService/rest/datastore/A17010000J-999999-001", "ER0100");
        // The PDF link is not in the DataStore; the draft's CSV is not published.
        await AssertErrorAsync($"/OdService/rest/datastore/{app.Wages.Identifier}-002", "ER0100");
        await AssertErrorAsync($"/OdService/rest/datastore/{app.Draft.Resources.Single().Identifier}", "ER0100");
        // A dataset id is not a resource id.
        await AssertErrorAsync($"/OdService/rest/datastore/{app.Wages.Identifier}", "ER0100");
    }

    [Fact]
    public async Task Errors_speak_english_when_asked()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/OdService/rest/datastore/{WagesCsv}?limit=11.5");
        request.Headers.AcceptLanguage.ParseAdd("en");
        var answer = JsonDocument.Parse(await (await _client.SendAsync(request)).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("limit \"11.5\" must be a whole number, 0 or more.", answer.GetProperty("error").GetProperty("message").GetString());
        var chinese = await AssertErrorAsync($"/OdService/rest/datastore/{WagesCsv}?limit=11.5", "ER0210");
        Assert.Equal("limit「11.5」須為 0 以上的整數。", chinese);
    }

    private async Task<(HttpResponseMessage Response, byte[] Content)> DumpAsync(string query)
    {
        var response = await _client.GetAsync($"/OdService/dump/datastore/{WagesCsv}{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/gzip", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Content.Headers.ContentEncoding.FirstOrDefault());
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await gzip.CopyToAsync(plain);
        return (response, plain.ToArray());
    }

    [Fact]
    public async Task A_dump_is_the_whole_resource_as_a_gzip_file_in_csv_json_or_xml()
    {
        var (csvResponse, csv) = await DumpAsync("");
        Assert.Equal($"{WagesCsv}.csv.gz", csvResponse.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), csv[..3]);
        var lines = Encoding.UTF8.GetString(csv[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(31, lines.Length);
        Assert.Equal("代碼,縣市,年月,人數,平均薪資,公告,公告日,更新時間", lines[0]);
        Assert.StartsWith("001,新北市,11302,10,30500.5,false,2024-01-02,", lines[1]);

        var (jsonResponse, json) = await DumpAsync("?format=json");
        Assert.Equal($"{WagesCsv}.json.gz", jsonResponse.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var rows = JsonDocument.Parse(json).RootElement;
        Assert.Equal(30, rows.GetArrayLength());
        Assert.Equal("030", rows[29].GetProperty("代碼").GetString());

        var (_, xml) = await DumpAsync("?format=XML");
        var document = XDocument.Parse(Encoding.UTF8.GetString(xml));
        Assert.Equal("rows", document.Root!.Name.LocalName);
        Assert.Equal(30, document.Root.Elements("row").Count());
        Assert.Equal("高雄市", document.Root.Elements("row").ElementAt(3).Element("縣市")!.Value);
    }

    [Fact]
    public async Task A_dump_that_cannot_be_made_answers_with_the_standards_error()
    {
        await AssertErrorAsync($"/OdService/dump/datastore/{WagesCsv}?format=xlsx", "ER0210");
        await AssertErrorAsync($"/OdService/dump/datastore/{WagesCsv}?limit=10", "ER0200");
        await AssertErrorAsync("/OdService/dump/datastore/A17010000J-999999-001", "ER0100");
        await AssertErrorAsync($"/OdService/dump/datastore/{app.Draft.Resources.Single().Identifier}", "ER0100");
    }

    [Fact]
    public async Task Any_site_may_read_the_api()
    {
        var response = await _client.GetAsync("/OdService/rest/dataset");
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task The_openapi_description_lists_the_common_api()
    {
        var document = await GetJsonAsync("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        JsonElement Ok(string path) => document.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.EndsWith("/CommonDataset", Ok("/OdService/rest/dataset/{datasetId}").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.Equal("array", Ok("/OdService/rest/group").GetProperty("application/json").GetProperty("schema").GetProperty("type").GetString());
        Assert.True(Ok("/OdService/dump/datastore/{resourceId}").TryGetProperty("application/gzip", out _));
        Assert.Contains("ER0220", document.GetProperty("paths").GetProperty("/OdService/rest/datastore/{resourceId}").GetProperty("get").GetProperty("description").GetString());
        Assert.Contains("/OdService/rest/group", paths);
        Assert.Contains("/OdService/rest/group/{categoryCode}", paths);
        Assert.Contains("/OdService/rest/tag/{tagName}", paths);
        Assert.Contains("/OdService/rest/dataset", paths);
        Assert.Contains("/OdService/rest/dataset/{datasetId}", paths);
        Assert.Contains("/OdService/rest/datastore/{resourceId}", paths);
        Assert.Contains("/OdService/dump/datastore/{resourceId}", paths);
    }
}

/// Kaifang:CommonApi:PathPrefix moves the whole API.
public sealed class CommonApiPrefixTests(CommonApiElsewhereAppFactory app) : IClassFixture<CommonApiElsewhereAppFactory>
{
    [Fact]
    public async Task The_api_is_served_under_the_configured_prefix_only()
    {
        var client = app.CreateClient();
        var ids = JsonDocument.Parse(await client.GetStringAsync("/data/common-api/rest/dataset")).RootElement;
        Assert.Equal(3, ids.GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/OdService/rest/dataset")).StatusCode);
    }
}
