using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kaifang.Catalog;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Tests.Interop.Harvesting;

/// One Kaifang harvesting another through the CKAN Action API, as a ministry portal would pull an
/// agency's catalog: every dataset comes across, later runs bring only changes, and nothing local
/// is overwritten.
public sealed class HarvestingTests : IClassFixture<DemoCatalogAppFactory>, IDisposable
{
    private readonly DemoCatalogAppFactory _source;
    private readonly HarvestTargetAppFactory _target;

    public HarvestingTests(DemoCatalogAppFactory source)
    {
        _source = source;
        _target = new HarvestTargetAppFactory(() => source.Server.CreateHandler());
    }

    public void Dispose() => _target.Dispose();

    /// Fields that say where and when a copy was made rather than what the dataset is.
    private static readonly HashSet<string> LocalFields = ["metadata_created", "metadata_modified", "kaifang_url"];
    private static readonly HashSet<string> LocalResourceFields = ["created", "last_modified", "metadata_modified", "url_type", "hash", "datastore_active"];

    private static JsonObject Source(string name, string schedule = "") => new()
    {
        ["name"] = name,
        ["title"] = "勞動部開放資料（示範）",
        ["kind"] = "ckan",
        ["url"] = "http://localhost/",
        ["agency"] = "MOL",
        ["schedule"] = schedule,
    };

    private static async Task<JsonElement> RunAsync(HttpClient admin, string name, bool full = false)
    {
        var response = await admin.PostAsync($"/api/v1/harvest/sources/{name}/runs?wait=true{(full ? "&full=true" : "")}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonObject> PackageAsync(HttpClient client, string id)
    {
        var body = await client.GetFromJsonAsync<JsonObject>($"/api/3/action/package_show?id={id}");
        return (JsonObject)body!["result"]!;
    }

    private static JsonObject WithoutLocalFields(JsonObject package)
    {
        var copy = (JsonObject)package.DeepClone();
        foreach (var field in LocalFields)
        {
            copy.Remove(field);
        }
        foreach (var resource in copy["resources"]!.AsArray().OfType<JsonObject>())
        {
            foreach (var field in LocalResourceFields)
            {
                resource.Remove(field);
            }
        }
        return copy;
    }

    [Fact]
    public async Task Every_published_dataset_round_trips_and_later_runs_bring_only_changes()
    {
        var admin = await _target.WithTokenAsync("admin");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/harvest/sources", Source("demo"))).StatusCode);

        var published = _source.WithDb(db => db.Datasets.Where(d => d.Status == DatasetStatus.Published).Select(d => d.Id).ToList());
        var first = await RunAsync(admin, "demo");
        Assert.Equal("succeeded", first.GetProperty("status").GetString());
        Assert.Equal(published.Count, first.GetProperty("created").GetInt32());
        Assert.Equal(0, first.GetProperty("errorCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("changedSince").ValueKind);

        // The same package dicts on both sides, apart from when each copy was written.
        var sourceClient = _source.CreateClient();
        var targetClient = _target.CreateClient();
        foreach (var id in published)
        {
            var original = WithoutLocalFields(await PackageAsync(sourceClient, id.ToString()));
            var copy = WithoutLocalFields(await PackageAsync(targetClient, id.ToString()));
            Assert.True(JsonNode.DeepEquals(original, copy), $"Dataset {id} differs:\n{original.ToJsonString()}\n{copy.ToJsonString()}");
        }
        var count = (await targetClient.GetFromJsonAsync<JsonElement>("/api/3/action/package_search?rows=0")).GetProperty("result").GetProperty("count").GetInt32();
        Assert.Equal(published.Count, count);

        // Nothing changed: the next run asks only for recent changes and rewrites nothing.
        var second = await RunAsync(admin, "demo");
        Assert.NotEqual(JsonValueKind.Null, second.GetProperty("changedSince").ValueKind);
        Assert.Equal(0, second.GetProperty("created").GetInt32() + second.GetProperty("updated").GetInt32() + second.GetProperty("withdrawn").GetInt32());

        // A change and a withdrawal at the source come across on the next run.
        var changed = published[0];
        var withdrawn = published[1];
        var sourceAdmin = await _source.WithTokenAsync("admin");
        await PostOkAsync(sourceAdmin, "package_patch", new JsonObject { ["id"] = changed.ToString(), ["title"] = "勞工保險投保薪資分級表（收割測試修正）" });
        await PostOkAsync(sourceAdmin, "package_delete", new JsonObject { ["id"] = withdrawn.ToString() });
        var third = await RunAsync(admin, "demo");
        Assert.Equal(1, third.GetProperty("updated").GetInt32());
        Assert.Equal(1, third.GetProperty("withdrawn").GetInt32());
        Assert.Equal(0, third.GetProperty("created").GetInt32());
        Assert.Equal("勞工保險投保薪資分級表（收割測試修正）", (await PackageAsync(targetClient, changed.ToString()))["title"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await targetClient.GetAsync($"/api/3/action/package_show?id={withdrawn}")).StatusCode);

        // The run and its counts are kept with the source.
        var shown = await admin.GetFromJsonAsync<JsonElement>("/api/v1/harvest/sources/demo");
        Assert.Equal(3, shown.GetProperty("runs").GetArrayLength());
        Assert.Equal(published.Count, shown.GetProperty("datasets").GetInt32());
    }

    private static async Task PostOkAsync(HttpClient client, string action, JsonObject data)
    {
        var response = await client.PostAsync($"/api/3/action/{action}", new StringContent(data.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Harvested_datasets_are_changed_at_their_source_only_and_local_ones_are_never_overwritten()
    {
        var admin = await _target.WithTokenAsync("admin");
        var taken = _source.WithDb(db => db.Datasets.First(d => d.Status == DatasetStatus.Published && d.Agency!.Code == "BLI"));
        // A local dataset already holds one of the source's names.
        var officer = await _target.WithTokenAsync("bli-officer");
        var local = ApiClients.SampleInput("BLI", "本機既有的資料集");
        var create = await officer.PostAsync("/api/3/action/package_create", new StringContent(new JsonObject
        {
            ["name"] = taken.Name,
            ["title"] = local.Title,
            ["notes"] = local.Description,
            ["owner_org"] = "bli",
            ["maintainer"] = local.ContactName,
            ["maintainer_email"] = local.ContactEmail,
            ["groups"] = new JsonArray(new JsonObject { ["name"] = "500" }),
            ["extras"] = new JsonArray(
                new JsonObject { ["key"] = "main_fields_description", ["value"] = local.MainFieldsDescription },
                new JsonObject { ["key"] = "update_frequency", ["value"] = local.UpdateFrequency },
                new JsonObject { ["key"] = "contact_phone", ["value"] = local.ContactPhone }),
        }.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, create.StatusCode);

        await admin.PostAsJsonAsync("/api/v1/harvest/sources", Source("demo-conflict"));
        var run = await RunAsync(admin, "demo-conflict");
        Assert.Equal("succeeded_with_errors", run.GetProperty("status").GetString());
        // The local dataset took the agency's next national identifier too, which may be one the source uses.
        var error = Assert.Single(run.GetProperty("errors").EnumerateArray(), e => e.GetProperty("record").GetString() == taken.Id.ToString());
        Assert.Contains(taken.Name, error.GetProperty("message").GetString());
        Assert.All(run.GetProperty("errors").EnumerateArray(), e => Assert.Contains("was not overwritten", e.GetProperty("message").GetString()));
        Assert.Equal("本機既有的資料集", _target.WithDb(db => db.Datasets.Single(d => d.Name == taken.Name).Title));

        // A harvested dataset refuses local edits, through every door, and says where to change it.
        var harvested = _target.WithDb(db => db.Datasets.First(d => d.HarvestSourceId != null && d.Agency!.Code == "BLI"));
        var patch = await officer.PostAsync("/api/3/action/package_patch", new StringContent(
            new JsonObject { ["id"] = harvested.Name, ["title"] = "本機修改" }.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Conflict, patch.StatusCode);
        Assert.Contains("\"harvest\":", await patch.Content.ReadAsStringAsync());
        var withdraw = await officer.PostAsync($"/api/v1/datasets/{harvested.Name}/withdraw?lang=en", null);
        Assert.Equal(HttpStatusCode.BadRequest, withdraw.StatusCode);
        Assert.Equal(harvested.Title, _target.WithDb(db => db.Datasets.Single(d => d.Id == harvested.Id).Title));
    }

    [Fact]
    public async Task A_run_asked_for_without_waiting_goes_on_in_the_background()
    {
        var admin = await _target.WithTokenAsync("admin");
        await admin.PostAsJsonAsync("/api/v1/harvest/sources", Source("demo-background"));
        var response = await admin.PostAsync("/api/v1/harvest/sources/demo-background/runs", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/api/v1/harvest/runs/", location);

        await HarvestTargetAppFactory.WaitForRunsAsync(_target);
        var run = await admin.GetFromJsonAsync<JsonElement>(location);
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal(_source.WithDb(db => db.Datasets.Count(d => d.Status == DatasetStatus.Published)), run.GetProperty("created").GetInt32());
    }

    [Fact]
    public async Task Sources_are_checked_and_only_a_system_administrator_manages_them()
    {
        var admin = await _target.WithTokenAsync("admin");
        var bad = await admin.PostAsJsonAsync("/api/v1/harvest/sources?lang=en", new JsonObject
        {
            ["name"] = "Bad Name",
            ["title"] = "",
            ["kind"] = "ftp",
            ["url"] = "file:///etc/passwd",
            ["agency"] = "NOPE",
            ["schedule"] = "every now and then",
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "name", "title", "kind", "url", "agency", "schedule" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        var agencyAdmin = await _target.WithTokenAsync("bli-admin");
        Assert.Equal(HttpStatusCode.Forbidden, (await agencyAdmin.PostAsJsonAsync("/api/v1/harvest/sources", Source("not-mine"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _target.CreateClient().GetAsync("/api/v1/harvest/sources")).StatusCode);

        var created = await admin.PostAsJsonAsync("/api/v1/harvest/sources", Source("nightly", schedule: "daily"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("0 30 2 * * ?", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("schedule").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await agencyAdmin.PostAsync("/api/v1/harvest/sources/nightly/runs", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/harvest/sources/nightly")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/harvest/sources/nightly")).StatusCode);
    }
}

/// The back-office page: a system administrator adds a source with a form and runs it; others only look.
public sealed class HarvestPageTests(DemoCatalogAppFactory source) : IClassFixture<DemoCatalogAppFactory>
{
    [Fact]
    public async Task A_source_is_added_with_the_form_run_from_the_page_and_its_datasets_shown_as_harvested()
    {
        using var target = new HarvestTargetAppFactory(() => source.Server.CreateHandler());
        var admin = await target.SignedInAsync("admin");
        var token = StaffClient.AntiforgeryToken(await admin.GetStringAsync("/admin/harvest"));

        var bad = await admin.PostAsync("/admin/harvest?handler=Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Name"] = "Demo!", ["Input.Title"] = "示範", ["Input.Kind"] = "ckan", ["Input.Url"] = "not a url", ["Input.Agency"] = "MOL",
            ["Input.Schedule"] = "daily", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var badPage = await bad.Content.ReadAsStringAsync();
        Assert.Contains("不是有效的 http(s) 網址", badPage);
        Assert.Contains("名稱須為 2 到 100 個小寫英文字母", badPage);
        Assert.Equal(0, target.WithDb(db => db.HarvestSources.Count()));

        var added = await admin.PostAsync("/admin/harvest?handler=Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Name"] = "demo", ["Input.Title"] = "示範目錄", ["Input.Kind"] = "ckan", ["Input.Url"] = "http://localhost", ["Input.Agency"] = "MOL",
            ["Input.Schedule"] = "", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Contains("示範目錄", await admin.GetStringAsync("/admin/harvest"));

        // Run now starts the run in the background and goes to the source's page.
        var ran = await admin.PostAsync("/admin/harvest?handler=Run", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = "demo", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, ran.StatusCode);
        Assert.Equal("/admin/harvest/demo", ran.Headers.Location!.OriginalString);
        await HarvestTargetAppFactory.WaitForRunsAsync(target);
        var published = source.WithDb(db => db.Datasets.Count(d => d.Status == DatasetStatus.Published));

        var harvested = target.WithDb(db => db.Datasets.First(d => d.HarvestSourceId != null));
        var officer = await target.SignedInAsync("admin");
        var editPage = await officer.GetStringAsync($"/admin/datasets/{harvested.Name}");
        Assert.Contains("這個資料集由收割來源「示範目錄」匯入", editPage);
        Assert.Contains("<fieldset disabled=\"disabled\"", editPage);
        Assert.DoesNotContain("handler=Status", editPage);

        var reviewer = await target.SignedInAsync("reviewer");
        var reviewerPage = await reviewer.GetStringAsync("/admin/harvest");
        Assert.Contains("示範目錄", reviewerPage);
        Assert.DoesNotContain("handler=Run", reviewerPage);
        Assert.DoesNotContain("handler=Save", await reviewer.GetStringAsync("/admin/harvest/demo"));

        // The source's page: its runs, its settings checked like the form that made it, and removal.
        var sourcePage = await admin.GetStringAsync("/admin/harvest/demo");
        Assert.Contains("成功", sourcePage);
        Assert.Contains($"<td>{published}</td>", sourcePage);
        var save = await admin.PostAsync("/admin/harvest/demo?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Name"] = "demo", ["Input.Title"] = "示範目錄", ["Input.Kind"] = "ckan", ["Input.Url"] = "http://localhost", ["Input.Agency"] = "MOL",
            ["Input.Schedule"] = "now and then", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, save.StatusCode);
        Assert.Contains("不是排程", await save.Content.ReadAsStringAsync());

        var remove = await admin.PostAsync("/admin/harvest/demo?handler=Delete", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, remove.StatusCode);
        Assert.Equal(0, target.WithDb(db => db.HarvestSources.Count()));
        Assert.Equal(published, target.WithDb(db => db.Datasets.Count(d => d.HarvestSourceId == null && d.Status == DatasetStatus.Published)));
    }
}

/// Sites that are down, slow, or not CKAN at all: the run fails with the reason and nothing local changes.
public sealed class HarvestFailureTests
{
    private sealed class Answering(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => answer(request, cancellationToken);
    }

    private static async Task<JsonElement> FailedRunAsync(HttpMessageHandler site, int timeoutSeconds = 60)
    {
        using var target = new HarvestTargetAppFactory(() => site, timeoutSeconds);
        var admin = await target.WithTokenAsync("admin");
        var before = target.WithDb(db => db.Datasets.Count());
        await admin.PostAsJsonAsync("/api/v1/harvest/sources", new JsonObject
        {
            ["name"] = "broken",
            ["title"] = "故障的來源",
            ["kind"] = "ckan",
            ["url"] = "https://ckan.example.org",
            ["agency"] = "MOL",
        });
        var response = await admin.PostAsync("/api/v1/harvest/sources/broken/runs?wait=true", null);
        var run = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Equal(before, target.WithDb(db => db.Datasets.Count()));
        Assert.Null(target.WithDb(db => db.HarvestSources.Single().HarvestedUntil));
        return run;
    }

    [Fact]
    public async Task A_site_answering_html_is_not_a_ckan_site()
    {
        var run = await FailedRunAsync(new Answering((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("<!doctype html><title>Welcome</title>", Encoding.UTF8, "text/html"),
        })));
        Assert.Contains("did not answer JSON", run.GetProperty("message").GetString());
        Assert.Contains("https://ckan.example.org/api/3/action/package_search", run.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_site_answering_an_error_status_is_named_with_it()
    {
        var run = await FailedRunAsync(new Answering((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable))));
        Assert.Contains("503", run.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_site_that_does_not_answer_in_time_fails_the_run()
    {
        var run = await FailedRunAsync(new Answering(async (_, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }), timeoutSeconds: 1);
        Assert.Contains("did not answer within 1 seconds", run.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_source_that_suddenly_lists_nothing_withdraws_nothing_and_says_so()
    {
        var empty = false;
        var site = new Answering((_, _) =>
        {
            var results = empty ? "[]" : """
                [{"id": "b2", "name": "employment-services", "title": "就業服務站", "notes": "全國就業服務站據點。", "metadata_modified": "2026-11-01T02:03:04",
                  "resources": [{"name": "CSV", "url": "https://www.wda.gov.tw/stations.csv", "format": "CSV"}]}]
                """;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent($$$"""{"success": true, "result": {"count": {{{(empty ? 0 : 1)}}}, "results": {{{results}}}}}""", Encoding.UTF8, "application/json"),
            });
        });
        using var target = new HarvestTargetAppFactory(() => site);
        var admin = await target.WithTokenAsync("admin");
        await admin.PostAsJsonAsync("/api/v1/harvest/sources", new JsonObject
        {
            ["name"] = "flaky", ["title"] = "不穩定的來源", ["kind"] = "ckan", ["url"] = "https://ckan.example.org", ["agency"] = "WDA",
        });
        var first = await (await admin.PostAsync("/api/v1/harvest/sources/flaky/runs?wait=true", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, first.GetProperty("created").GetInt32());

        empty = true;
        var second = await (await admin.PostAsync("/api/v1/harvest/sources/flaky/runs?full=true&wait=true", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("succeeded_with_errors", second.GetProperty("status").GetString());
        Assert.Equal(0, second.GetProperty("withdrawn").GetInt32());
        Assert.Contains("lists no datasets", Assert.Single(second.GetProperty("errors").EnumerateArray()).GetProperty("message").GetString());
        Assert.Equal(DatasetStatus.Published, target.WithDb(db => db.Datasets.Single(d => d.Name == "employment-services").Status));
    }

    [Fact]
    public async Task Records_that_cannot_be_read_are_errors_of_their_own_and_the_rest_come_across()
    {
        var site = new Answering((request, _) =>
        {
            var query = request.RequestUri!.Query;
            var results = query.Contains("fl=id", StringComparison.Ordinal)
                ? """[{"id": "a1"}, {"id": "b2"}, {"id": "c3"}]"""
                : """
                  [{"id": "a1", "name": "broken-record", "title": "", "notes": "x", "tags": "not a list"},
                   {"id": "b2", "name": "employment-services", "title": "就業服務站", "notes": "全國就業服務站據點。",
                    "maintainer": "陳小姐", "maintainer_email": "data@wda.gov.tw",
                    "organization": {"name": "wda", "title": "勞動部勞動力發展署"},
                    "groups": [{"name": "500"}], "metadata_modified": "2026-11-01T02:03:04.000000",
                    "extras": [{"key": "main_fields_description", "value": "名稱、地址、電話"}, {"key": "update_frequency", "value": "每1月"},
                               {"key": "contact_phone", "value": "02-89956000"}],
                    "resources": [{"id": "r1", "name": "就業服務站 CSV", "url": "https://www.wda.gov.tw/stations.csv", "format": "CSV", "size": "2048"}]},
                   {"id": "c3", "name": "air-quality", "title": "Air quality", "license_id": "cc-by-sa",
                    "organization": {"name": "environment-agency", "title": "Environment Agency"},
                    "groups": [{"name": "environment"}], "maintainer": "Data team", "extras": [{"key": "update_frequency", "value": "hourly"}],
                    "resources": [{"url": "https://data.example.org/air/latest", "format": "text/csv"}]}]
                  """;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent($$$"""{"help": "x", "success": true, "result": {"count": 3, "results": {{{results}}}}}""", Encoding.UTF8, "application/json"),
            });
        });
        using var target = new HarvestTargetAppFactory(() => site);
        var admin = await target.WithTokenAsync("admin");
        await admin.PostAsJsonAsync("/api/v1/harvest/sources", new JsonObject
        {
            ["name"] = "foreign-ckan", ["title"] = "外部 CKAN", ["kind"] = "ckan", ["url"] = "https://ckan.example.org/api/3/action", ["agency"] = "MOL",
        });
        var run = await (await admin.PostAsync("/api/v1/harvest/sources/foreign-ckan/runs?wait=true", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("succeeded_with_errors", run.GetProperty("status").GetString());
        Assert.Equal(2, run.GetProperty("created").GetInt32());
        var error = Assert.Single(run.GetProperty("errors").EnumerateArray());
        Assert.Equal("a1", error.GetProperty("record").GetString());
        Assert.Contains("tags", error.GetProperty("message").GetString());

        var dataset = target.WithDb(db => db.Datasets.Include(d => d.Resources).Include(d => d.Agency).Single(d => d.Name == "employment-services"));
        Assert.Equal("WDA", dataset.Agency!.Code);
        Assert.Equal(DatasetStatus.Published, dataset.Status);
        Assert.Equal("b2", dataset.HarvestRemoteId);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 2, 3, 4, TimeSpan.Zero), dataset.HarvestRemoteModifiedAt);
        var resource = Assert.Single(dataset.Resources);
        Assert.Equal("https://www.wda.gov.tw/stations.csv", resource.Url);
        Assert.Equal(2048, resource.Size);

        // Sparse metadata from a foreign catalog comes across: gaps filled, what Kaifang cannot
        // represent kept under its own name, the organization Kaifang does not know filed under the source's agency.
        var foreign = target.WithDb(db => db.Datasets.Include(d => d.Resources).Include(d => d.Agency).Single(d => d.Name == "air-quality"));
        Assert.Equal("MOL", foreign.Agency!.Code);
        Assert.Equal("cc-by-sa", foreign.License);
        Assert.Equal(UpdateFrequency.Irregular, foreign.UpdateFrequency);
        Assert.Equal("hourly", foreign.ExtraFields["source_update_frequency"]);
        Assert.Equal("environment", foreign.ExtraFields["source_service_category"]);
        var link = Assert.Single(foreign.Resources);
        Assert.Equal("CSV", link.Format);
        Assert.Equal("latest", link.Name);
    }
}
