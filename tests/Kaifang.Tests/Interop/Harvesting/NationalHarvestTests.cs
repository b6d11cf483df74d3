using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kaifang.Catalog;
using Kaifang.Tests.Infrastructure;
using Kaifang.Tests.Interop.NationalPlatform;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Tests.Interop.Harvesting;

/// The national platform's dataset list, read from a URL on a schedule: new rows come in, changed
/// rows are updated, rows dropped from the list are withdrawn, bad rows are errors of their own.
public sealed class NationalHarvestTests
{
    private const string Header = NationalExportFile.OfficialHeader;

    private const string BliRow =
        "A17010000J-000901,勞工保險投保單位數,原始資料,求職及就業,金,CSV;JSON,https://www.bli.gov.tw/od/901.csv;https://www.bli.gov.tw/od/901.json,UTF-8,手動上架,"
        + "\"各縣市投保單位數，按月統計。\nSecond line, with a comma.\",年度、縣市別、投保單位數,勞動部勞工保險局,每1月,政府資料開放授權條款-第1版,https://www.bli.gov.tw/,免費,陳怡君,02-23961266#1234,2016-03-01 10:00:00,2024-05-02 08:30:00,,264";

    private const string WdaRow =
        "A17020000J-000002,就業服務站據點,原始資料,求職及就業,,CSV,https://www.wda.gov.tw/stations.csv,UTF-8,手動上架,全國就業服務站,名稱、地址、電話,勞動部勞動力發展署,每1年,政府資料開放授權條款-第1版,,免費,林小姐,02-89956000,2017-01-01,2024-01-01 00:00:00,,30";

    private const string BadDateRow =
        "A17000000J-000778,日期錯誤,原始資料,公共資訊,,CSV,https://x.gov.tw/a.csv,UTF-8,手動上架,說明,,勞動部,每1年,政府資料開放授權條款-第1版,,免費,,,not a date,,,";

    private sealed class ListSite : HttpMessageHandler
    {
        public string Body { get; set; } = "";

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("\uFEFF" + Body, Encoding.UTF8, "text/csv") });
    }

    private static async Task<JsonElement> RunAsync(HttpClient admin) =>
        await (await admin.PostAsync("/api/v1/harvest/sources/national/runs?wait=true", null)).Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task The_list_is_harvested_updated_and_followed_when_rows_leave_it()
    {
        var site = new ListSite { Body = string.Join("\n", Header, BliRow, WdaRow, BadDateRow) };
        using var target = new HarvestTargetAppFactory(() => site);
        var admin = await target.WithTokenAsync("admin");
        var created = await admin.PostAsJsonAsync("/api/v1/harvest/sources", new JsonObject
        {
            ["name"] = "national", ["title"] = "政府資料開放平臺", ["kind"] = "national",
            ["url"] = "https://data.gov.tw/datasets/export/csv", ["agency"] = "MOL",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var first = await RunAsync(admin);
        Assert.Equal("succeeded_with_errors", first.GetProperty("status").GetString());
        Assert.Equal(2, first.GetProperty("created").GetInt32());
        var error = Assert.Single(first.GetProperty("errors").EnumerateArray());
        Assert.Equal("row 4", error.GetProperty("record").GetString());
        Assert.Contains("not a date", error.GetProperty("message").GetString());

        var bli = target.WithDb(db => db.Datasets.Include(d => d.Resources).Include(d => d.Agency).Single(d => d.Identifier == "A17010000J-000901"));
        Assert.Equal("BLI", bli.Agency!.Code);
        Assert.Equal("a17010000j-000901", bli.Name);
        Assert.Equal(DatasetStatus.Published, bli.Status);
        Assert.Equal(["https://www.bli.gov.tw/od/901.csv", "https://www.bli.gov.tw/od/901.json"], bli.Resources.OrderBy(r => r.Position).Select(r => r.Url));
        Assert.Equal("02-23961266#1234", bli.ContactPhone);
        Assert.Equal(new DateTimeOffset(2016, 3, 1, 2, 0, 0, TimeSpan.Zero), bli.FirstPublishedAt);

        // The next list: one row changed (its metadata time moved), one gone.
        site.Body = string.Join("\n", Header, BliRow.Replace("勞工保險投保單位數", "勞工保險投保單位數（修正）", StringComparison.Ordinal)
            .Replace("2024-05-02 08:30:00", "2024-06-01 08:30:00", StringComparison.Ordinal));
        var second = await RunAsync(admin);
        Assert.Equal("succeeded", second.GetProperty("status").GetString());
        Assert.Equal(1, second.GetProperty("updated").GetInt32());
        Assert.Equal(1, second.GetProperty("withdrawn").GetInt32());
        Assert.Equal("勞工保險投保單位數（修正）", target.WithDb(db => db.Datasets.Single(d => d.Identifier == "A17010000J-000901").Title));
        Assert.Equal(DatasetStatus.Withdrawn, target.WithDb(db => db.Datasets.Single(d => d.Identifier == "A17020000J-000002").Status));

        // The same list again changes nothing.
        var third = await RunAsync(admin);
        Assert.Equal(1, third.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, third.GetProperty("updated").GetInt32() + third.GetProperty("withdrawn").GetInt32());
    }

    [Fact]
    public async Task A_file_that_is_not_the_list_fails_the_run()
    {
        var site = new ListSite { Body = "<!doctype html><html><body>Not found</body></html>" };
        using var target = new HarvestTargetAppFactory(() => site);
        var admin = await target.WithTokenAsync("admin");
        await admin.PostAsJsonAsync("/api/v1/harvest/sources", new JsonObject
        {
            ["name"] = "national", ["title"] = "政府資料開放平臺", ["kind"] = "national", ["url"] = "https://data.gov.tw/wrong", ["agency"] = "MOL",
        });
        var run = await RunAsync(admin);
        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Contains("資料集識別碼", run.GetProperty("message").GetString());
    }
}

/// Another Kaifang's national-list export, in its JSON form, harvested as the national platform's list.
public sealed class NationalJsonHarvestTests(DemoCatalogAppFactory source) : IClassFixture<DemoCatalogAppFactory>
{
    [Fact]
    public async Task A_kaifang_national_json_export_is_harvested_whole()
    {
        using var target = new HarvestTargetAppFactory(() => source.Server.CreateHandler());
        var admin = await target.WithTokenAsync("admin");
        await admin.PostAsJsonAsync("/api/v1/harvest/sources", new JsonObject
        {
            ["name"] = "national-json", ["title"] = "示範目錄（國家平臺格式）", ["kind"] = "national",
            ["url"] = "http://localhost/api/v1/national/datasets.json", ["agency"] = "MOL",
        });
        var run = await (await admin.PostAsync("/api/v1/harvest/sources/national-json/runs?wait=true", null)).Content.ReadFromJsonAsync<JsonElement>();
        var published = source.WithDb(db => db.Datasets.Where(d => d.Status == DatasetStatus.Published).Select(d => new { d.Identifier, d.Title, Resources = d.Resources.Count }).ToList());
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal(published.Count, run.GetProperty("created").GetInt32());
        var copies = target.WithDb(db => db.Datasets.Where(d => d.HarvestSourceId != null).Select(d => new { d.Identifier, d.Title, Resources = d.Resources.Count }).ToList());
        Assert.Equal(published.OrderBy(d => d.Identifier, StringComparer.Ordinal), copies.OrderBy(d => d.Identifier, StringComparer.Ordinal));
    }
}
