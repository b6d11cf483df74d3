using System.Net;
using System.Text;
using Kaifang.Tests.Datastore;
using Kaifang.Tests.Infrastructure;

namespace Kaifang.Tests.Pipelines.Runs;

/// The back-office page of a resource's pipeline, used as a browser without JavaScript does.
public sealed class PipelinePageTests(KaifangAppFactory app) : IClassFixture<KaifangAppFactory>, IAsyncLifetime
{
    private SourceServer _server = null!;

    public async Task InitializeAsync() => _server = await SourceServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static Dictionary<string, string> Form(string token, string url, string steps, string handlerSteps = "") => new()
    {
        ["__RequestVerificationToken"] = token,
        ["Form.SourceKind"] = "url",
        ["Form.Url"] = url,
        ["Form.Steps"] = steps,
        ["Form.Outputs"] = "json",
        ["Form.ScheduleKind"] = "frequency",
        ["Form.Enabled"] = "true",
    };

    [Fact]
    public async Task An_officer_sets_up_previews_runs_and_reads_the_history_on_the_page()
    {
        var token = await app.WithTokenAsync("bli-officer");
        var (name, ids) = await app.PublishWithFilesAsync(token, "投保單位名冊（後台）", "代碼、投保單位", ("before.csv", Encoding.UTF8.GetBytes("代碼,投保單位,投保日期,投保薪資\n001,舊,2015-01-01,1\n")));
        _server.Answer("/insured.csv", PipelineFiles.Big5Csv(PipelineFiles.Insured));
        var browser = await app.SignedInAsync("bli-officer");
        var page = $"/admin/datasets/{name}/resources/{ids[0]}/pipeline";

        var empty = await browser.GetStringAsync(page);
        Assert.Contains("來源種類", empty);
        Assert.Contains($"href=\"{page}\"", await browser.GetStringAsync($"/admin/datasets/{name}"));
        var antiforgery = StaffClient.AntiforgeryToken(empty);

        // Steps that are not JSON: a 400 that names the field, and nothing saved.
        var bad = await browser.PostAsync(page + "?handler=Save", new FormUrlEncodedContent(Form(antiforgery, _server.Url("/insured.csv"), "[{kind: trim")));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("步驟須為 JSON 陣列", await bad.Content.ReadAsStringAsync());

        var preview = await browser.PostAsync(page + "?handler=Preview", new FormUrlEncodedContent(Form(antiforgery, _server.Url("/insured.csv"), PipelineFiles.Steps)));
        var previewHtml = await preview.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("第 4 步", previewHtml);
        Assert.Contains("2017-01-03", previewHtml);
        Assert.Contains("1234567", previewHtml);

        var saved = await browser.PostAsync(page + "?handler=Save", new FormUrlEncodedContent(Form(antiforgery, _server.Url("/insured.csv"), PipelineFiles.Steps)));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var ran = await browser.PostAsync(page + "?handler=Run", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = antiforgery }));
        Assert.Equal(HttpStatusCode.Redirect, ran.StatusCode);

        var after = await browser.GetStringAsync(page);
        Assert.Contains("已發布新版本", after);
        Assert.Contains("依更新頻率：每1年", after);
        Assert.Contains($"/api/v1/datasets/{name}/resources/{ids[0]}/versions/2", after);
        // No primary key: rows are compared whole, so the changed row counts as one removed and one added.
        Assert.Contains("新增 3、刪除 1、變更 0", after);
        Assert.Contains("臺北市勞工局", await browser.GetStringAsync($"/api/v1/datasets/{name}/resources/{ids[0]}/versions/2"));

        var other = await app.SignedInAsync("wda-officer");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(page)).StatusCode);
    }
}
