using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kaifang.Storage;
using Kaifang.Tests.Datastore;
using Kaifang.Tests.Infrastructure;

namespace Kaifang.Tests.Pipelines.Runs;

/// Pipelines end to end over HTTP: a Big5 CSV on an agency's server becomes a new version of a
/// resource, downloadable and in the DataStore; runs that change nothing, fail or are stopped
/// publish nothing and leave the live file byte for byte.
public sealed class PipelinesApiTests(KaifangAppFactory app) : IClassFixture<KaifangAppFactory>, IAsyncLifetime
{
    private SourceServer _server = null!;

    public async Task InitializeAsync() => _server = await SourceServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<(HttpClient Officer, string Dataset, Guid Resource)> PublishedResourceAsync(string title)
    {
        var officer = await app.WithTokenAsync("bli-officer");
        var (name, ids) = await app.PublishWithFilesAsync(officer, title, "代碼、投保單位、投保日期、投保薪資",
            ("insured.csv", Encoding.UTF8.GetBytes("代碼,投保單位,投保日期,投保薪資\n001,舊資料,2015-01-01,1\n")));
        return (officer, name, ids[0]);
    }

    private static object Settings(string url, string? schema = PipelineFiles.Schema, string[]? outputs = null, string schedule = "manual") => new
    {
        sourceKind = "url",
        source = new { url },
        steps = JsonDocument.Parse(PipelineFiles.Steps).RootElement,
        schema = schema is null ? (JsonElement?)null : JsonDocument.Parse(schema).RootElement,
        outputs = outputs ?? ["json"],
        schedule,
    };

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private async Task<byte[]> LiveFileAsync(string dataset, Guid resource) =>
        await app.CreateClient().GetByteArrayAsync($"/datasets/{dataset}/resources/{resource}/download");

    [Fact]
    public async Task A_run_publishes_a_new_version_then_an_unchanged_run_publishes_nothing()
    {
        var (officer, name, resource) = await PublishedResourceAsync("投保單位名冊");
        _server.Answer("/insured.csv", PipelineFiles.Big5Csv(PipelineFiles.Insured));
        var path = $"/api/v1/datasets/{name}/resources/{resource}/pipeline";
        await JsonAsync(await officer.PutAsJsonAsync(path, Settings(_server.Url("/insured.csv"))), HttpStatusCode.Created);

        var run = await JsonAsync(await officer.PostAsync(path + "/runs?wait=true", null), HttpStatusCode.OK);
        Assert.True(run.GetProperty("status").GetString() == "succeeded", run.ToString());
        Assert.Equal(3, run.GetProperty("rowsIn").GetInt64());
        Assert.Equal(3, run.GetProperty("rowsOut").GetInt64());
        // Against the file published before (one row, key 001): 001 changed, 002 and 003 are new.
        Assert.Equal(2, run.GetProperty("rowsAdded").GetInt64());
        Assert.Equal(0, run.GetProperty("rowsRemoved").GetInt64());
        Assert.Equal(1, run.GetProperty("rowsChanged").GetInt64());
        Assert.Contains("Big5", run.GetProperty("log").GetString());

        var live = Encoding.UTF8.GetString(await LiveFileAsync(name, resource));
        Assert.Equal("代碼,投保單位,投保日期,投保薪資\r\n001,臺北市勞工局,2016-03-01,45800\r\n002,高雄市政府,2016-04-15,38200\r\n003,新北市政府,2017-01-03,1234567\r\n", live);

        var versions = await JsonAsync(await officer.GetAsync($"/api/v1/datasets/{name}/resources/{resource}/versions"), HttpStatusCode.OK);
        Assert.Equal(2, versions.GetArrayLength());
        Assert.True(versions[0].GetProperty("live").GetBoolean());
        Assert.Equal(3, versions[0].GetProperty("rowCount").GetInt64());
        // The file published before the pipeline stays downloadable as version 1.
        Assert.Contains("舊資料", await officer.GetStringAsync($"/api/v1/datasets/{name}/resources/{resource}/versions/1"));
        Assert.Equal(live, await officer.GetStringAsync($"/api/v1/datasets/{name}/resources/{resource}/versions/2"));

        // The JSON output is a resource of the dataset of its own.
        var dataset = await JsonAsync(await officer.GetAsync($"/api/v1/datasets/{name}"), HttpStatusCode.OK);
        var json = dataset.GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("format").GetString() == "JSON");
        var records = JsonDocument.Parse(await LiveFileAsync(name, json.GetProperty("id").GetGuid())).RootElement;
        Assert.Equal("1234567", records[2].GetProperty("投保薪資").GetString());

        // The DataStore has the new table.
        await app.WaitForDatastoreAsync();
        var rows = await JsonAsync(await app.CreateClient().GetAsync($"/api/v1/datastore/{resource}?sort={Uri.EscapeDataString("代碼")}"), HttpStatusCode.OK);
        Assert.Equal(3, rows.GetProperty("total").GetInt32());
        Assert.Equal("高雄市政府", rows.GetProperty("records")[1].GetProperty("投保單位").GetString());

        // The same content again: nothing new.
        var again = await JsonAsync(await officer.PostAsync(path + "/runs?wait=true", null), HttpStatusCode.OK);
        Assert.Equal("unchanged", again.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, again.GetProperty("versionId").ValueKind);
        Assert.Equal(2, (await JsonAsync(await officer.GetAsync($"/api/v1/datasets/{name}/resources/{resource}/versions"), HttpStatusCode.OK)).GetArrayLength());
        Assert.Equal(live, Encoding.UTF8.GetString(await LiveFileAsync(name, resource)));

        var list = await JsonAsync(await officer.GetAsync(path + "/runs"), HttpStatusCode.OK);
        Assert.Equal(["unchanged", "succeeded"], list.EnumerateArray().Select(r => r.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task An_invalid_row_publishes_nothing_and_the_report_names_row_and_column()
    {
        var (officer, name, resource) = await PublishedResourceAsync("投保單位名冊（檢核）");
        var path = $"/api/v1/datasets/{name}/resources/{resource}/pipeline";
        _server.Answer("/bad.csv", PipelineFiles.Big5Csv(("臺北市勞工局", "105/03/01", "45,800"), ("高雄市政府", "105/02/30", "-3")));
        await JsonAsync(await officer.PutAsJsonAsync(path, Settings(_server.Url("/bad.csv"))), HttpStatusCode.Created);
        var before = await LiveFileAsync(name, resource);

        var run = await JsonAsync(await officer.PostAsync(path + "/runs?wait=true&lang=en", null), HttpStatusCode.OK);
        Assert.Equal("invalid", run.GetProperty("status").GetString());
        Assert.Contains("did not pass its Table Schema", run.GetProperty("message").GetString());
        var errors = run.GetProperty("report").GetProperty("validation").GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("type").GetString() == "type-error" && e.GetProperty("rowNumber").GetInt64() == 3 && e.GetProperty("fieldName").GetString() == "投保日期");
        Assert.Contains(errors, e => e.GetProperty("type").GetString() == "constraint-error" && e.GetProperty("constraint").GetString() == "minimum");
        Assert.Contains(run.GetProperty("report").GetProperty("issues").EnumerateArray(), i => i.GetProperty("code").GetString() == "invalid-date");

        Assert.Equal(before, await LiveFileAsync(name, resource));
        Assert.Empty((await JsonAsync(await officer.GetAsync($"/api/v1/datasets/{name}/resources/{resource}/versions"), HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public async Task A_source_answering_500_fails_with_a_plain_reason_and_publishes_nothing()
    {
        var (officer, name, resource) = await PublishedResourceAsync("投保單位名冊（來源故障）");
        var path = $"/api/v1/datasets/{name}/resources/{resource}/pipeline";
        _server.Answer("/insured.csv", PipelineFiles.Big5Csv(PipelineFiles.Insured));
        await JsonAsync(await officer.PutAsJsonAsync(path, Settings(_server.Url("/insured.csv"))), HttpStatusCode.Created);
        Assert.Equal("succeeded", (await JsonAsync(await officer.PostAsync(path + "/runs?wait=true", null), HttpStatusCode.OK)).GetProperty("status").GetString());
        var before = await LiveFileAsync(name, resource);

        _server.Answer("/insured.csv", "Internal Server Error"u8.ToArray(), "text/plain", 500);
        var run = await JsonAsync(await officer.PostAsync(path + "/runs?wait=true", null), HttpStatusCode.OK);
        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Contains("HTTP 500", run.GetProperty("message").GetString());
        Assert.Contains("來源網址回應錯誤", run.GetProperty("message").GetString());
        Assert.Equal("source-http-error", run.GetProperty("report").GetProperty("failure").GetString());
        Assert.Equal(before, await LiveFileAsync(name, resource));
    }

    [Fact]
    public async Task A_changed_header_upstream_fails_the_run_and_says_which_columns()
    {
        var (officer, name, resource) = await PublishedResourceAsync("投保單位名冊（改版）");
        var path = $"/api/v1/datasets/{name}/resources/{resource}/pipeline";
        _server.Answer("/renamed.csv", TextDecoding.Big5.GetBytes("代碼,單位名稱,日期,薪資\r\n001,臺北市勞工局,105/03/01,\"45,800\"\r\n"));
        await JsonAsync(await officer.PutAsJsonAsync(path, Settings(_server.Url("/renamed.csv"))), HttpStatusCode.Created);
        var before = await LiveFileAsync(name, resource);

        var run = await JsonAsync(await officer.PostAsync(path + "/runs?wait=true&lang=en", null), HttpStatusCode.OK);
        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Contains("may have changed its header", run.GetProperty("message").GetString());
        Assert.Contains("單位名稱", run.GetProperty("message").GetString());
        Assert.Equal(before, await LiveFileAsync(name, resource));
    }

    [Fact]
    public async Task A_run_stopped_in_the_middle_leaves_the_live_version_untouched()
    {
        var (officer, name, resource) = await PublishedResourceAsync("投保單位名冊（中止）");
        var path = $"/api/v1/datasets/{name}/resources/{resource}/pipeline";
        await JsonAsync(await officer.PutAsJsonAsync(path, new { sourceKind = "url", source = new { url = _server.Url("/held.csv") }, schedule = "manual" }), HttpStatusCode.Created);
        var before = await LiveFileAsync(name, resource);

        var started = await JsonAsync(await officer.PostAsync(path + "/runs", null), HttpStatusCode.Accepted);
        var runId = started.GetProperty("id").GetGuid();
        await _server.HalfSent.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.Accepted, (await officer.PostAsync($"/api/v1/pipeline-runs/{runId}/cancel", null)).StatusCode);

        JsonElement run;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            await Task.Delay(100);
            run = await JsonAsync(await officer.GetAsync($"/api/v1/pipeline-runs/{runId}"), HttpStatusCode.OK);
        }
        while (run.GetProperty("status").GetString() == "running" && waited.Elapsed < TimeSpan.FromSeconds(30));
        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Equal("cancelled", run.GetProperty("report").GetProperty("failure").GetString());
        Assert.Equal(before, await LiveFileAsync(name, resource));
        Assert.Empty((await JsonAsync(await officer.GetAsync($"/api/v1/datasets/{name}/resources/{resource}/versions"), HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public async Task Another_agencys_editor_cannot_see_change_or_run_the_pipeline()
    {
        var (officer, name, resource) = await PublishedResourceAsync("投保單位名冊（權限）");
        var path = $"/api/v1/datasets/{name}/resources/{resource}/pipeline";
        _server.Answer("/insured.csv", PipelineFiles.Big5Csv(PipelineFiles.Insured));
        await JsonAsync(await officer.PutAsJsonAsync(path, Settings(_server.Url("/insured.csv"))), HttpStatusCode.Created);
        var runId = (await JsonAsync(await officer.PostAsync(path + "/runs?wait=true", null), HttpStatusCode.OK)).GetProperty("id").GetGuid();

        var other = await app.WithTokenAsync("wda-officer");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PutAsJsonAsync(path, Settings(_server.Url("/x.csv")))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync(path + "/runs?wait=true", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/pipeline-runs/{runId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/datasets/{name}/resources/{resource}/versions/1")).StatusCode);
        Assert.DoesNotContain(await JsonAsync(await other.GetAsync("/api/v1/pipelines"), HttpStatusCode.OK) is var list ? list.EnumerateArray() : default,
            p => p.GetProperty("resourceId").GetGuid() == resource);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Bad_settings_get_a_400_naming_each_field_and_nothing_is_saved()
    {
        var (officer, name, resource) = await PublishedResourceAsync("投保單位名冊（設定）");
        var path = $"/api/v1/datasets/{name}/resources/{resource}/pipeline";
        var response = await officer.PutAsJsonAsync(path + "?lang=en", new
        {
            sourceKind = "url",
            source = new { url = "ftp://example.org/x.csv" },
            steps = JsonDocument.Parse("""[{"kind": "shout"}]""").RootElement,
            schema = JsonDocument.Parse("""{"fields": [{"name": "x", "type": "colour"}]}""").RootElement,
            outputs = new[] { "pdf" },
            schedule = "every now and then",
        });
        var errors = (await JsonAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        foreach (var field in new[] { "source.url", "steps", "schema", "outputs", "schedule" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task The_preview_shows_the_rows_after_each_step()
    {
        var (officer, name, resource) = await PublishedResourceAsync("投保單位名冊（預覽）");
        var path = $"/api/v1/datasets/{name}/resources/{resource}/pipeline";
        _server.Answer("/insured.csv", PipelineFiles.Big5Csv(PipelineFiles.Insured));
        var preview = await JsonAsync(await officer.PostAsJsonAsync(path + "/preview", Settings(_server.Url("/insured.csv"))), HttpStatusCode.OK);
        var steps = preview.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(["decode", "trim", "drop-empty-rows", "convert-roc-dates", "convert-numbers"], steps.Select(s => s.GetProperty("kind").GetString()));
        Assert.Equal(" 臺北市勞工局 ", steps[0].GetProperty("rows")[0].GetProperty("cells")[1].GetString());
        Assert.Equal("臺北市勞工局", steps[1].GetProperty("rows")[0].GetProperty("cells")[1].GetString());
        Assert.Equal("2017-01-03", steps[3].GetProperty("rows")[2].GetProperty("cells")[2].GetString());
        Assert.Equal("1234567", steps[4].GetProperty("rows")[2].GetProperty("cells")[3].GetString());

        var broken = await JsonAsync(await officer.PostAsJsonAsync(path + "/preview?lang=en", Settings(_server.Url("/missing.csv"))), HttpStatusCode.OK);
        Assert.Equal("source-http-error", broken.GetProperty("failure").GetString());
        Assert.Contains("HTTP 404", broken.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("quoting", "broken-quoting")]
    [InlineData("encoding", "wrong-encoding")]
    public async Task A_file_with_broken_quoting_or_in_an_unknown_encoding_fails_with_what_to_fix(string fault, string failure)
    {
        var (officer, name, resource) = await PublishedResourceAsync($"投保單位名冊（{fault}）");
        var path = $"/api/v1/datasets/{name}/resources/{resource}/pipeline";
        byte[] file = fault == "quoting"
            ? Encoding.UTF8.GetBytes("代碼,名稱\n001,\"臺北市勞工局\n002,高雄市政府\n003,新北市政府\n")
            // The pipeline was set up for UTF-8; the agency's system now exports Big5.
            : PipelineFiles.Big5Csv(PipelineFiles.Insured);
        _server.Answer($"/{fault}.csv", file);
        await JsonAsync(await officer.PutAsJsonAsync(path, new
        {
            sourceKind = "url",
            source = new { url = _server.Url($"/{fault}.csv") },
            steps = JsonDocument.Parse(fault == "quoting" ? "[]" : """[{"kind": "decode", "encoding": "utf-8"}]""").RootElement,
        }), HttpStatusCode.Created);
        var before = await LiveFileAsync(name, resource);

        var run = await JsonAsync(await officer.PostAsync(path + "/runs?wait=true", null), HttpStatusCode.OK);
        Assert.NotEqual("succeeded", run.GetProperty("status").GetString());
        Assert.True(run.GetProperty("report").GetProperty("failure").GetString() == failure, run.ToString());
        Assert.Equal(before, await LiveFileAsync(name, resource));
    }
}
