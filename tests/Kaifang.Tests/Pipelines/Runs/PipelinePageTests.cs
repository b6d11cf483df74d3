using System.Net;
using System.Text;
using System.Text.Json;
using Kaifang.Tests.Datastore;
using Kaifang.Tests.Infrastructure;

namespace Kaifang.Tests.Pipelines.Runs;

/// The back-office page of a resource's pipeline, used as a browser without JavaScript does: the
/// steps are a list edited with submit buttons, each post coming back with the change and every value
/// entered, and nothing saved until Save.
public sealed class PipelinePageTests(KaifangAppFactory app) : IClassFixture<KaifangAppFactory>, IAsyncLifetime
{
    private SourceServer _server = null!;

    public async Task InitializeAsync() => _server = await SourceServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private const string Save = "button.primary";
    private const string Preview = "button[formaction='?handler=Preview']:not([name])";

    private sealed record Setup(HttpClient Officer, HttpClient Browser, string Dataset, Guid Resource, string Page, string Api);

    private async Task<Setup> ResourceAsync(string title)
    {
        var token = await app.WithTokenAsync("bli-officer");
        var (name, ids) = await app.PublishWithFilesAsync(token, title, "代碼、投保單位", ("before.csv", Encoding.UTF8.GetBytes("代碼,投保單位,投保日期,投保薪資\n001,舊,2015-01-01,1\n")));
        var browser = await app.SignedInAsync("bli-officer");
        return new Setup(token, browser, name, ids[0], $"/admin/datasets/{name}/resources/{ids[0]}/pipeline", $"/api/v1/datasets/{name}/resources/{ids[0]}/pipeline");
    }

    private static async Task<HtmlForm> OpenAsync(Setup s) => HtmlForm.Parse(s.Page, await s.Browser.GetStringAsync(s.Page), "#steps-heading");

    /// Presses a button that does not save; the page comes back with the form.
    private static async Task<HtmlForm> PressAsync(Setup s, HtmlForm form, string button, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await form.SubmitAsync(s.Browser, button);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {html}");
        return HtmlForm.Parse(s.Page, html, "#steps-heading");
    }

    private static List<string?> Kinds(HtmlForm form) =>
        [.. Enumerable.Range(0, 100).Select(i => form[$"Form.Steps[{i}].Kind"]).TakeWhile(k => k is not null)];

    private static string Text(HtmlForm form, string selector) =>
        form.Page.QuerySelector(selector)?.TextContent ?? throw new InvalidOperationException($"The page has no {selector}.");

    private static bool Focused(HtmlForm form, string id) => form.Page.GetElementById(id)?.HasAttribute("autofocus") == true;

    private static async Task<JsonElement> StoredStepsAsync(Setup s)
    {
        var text = await s.Officer.GetStringAsync(s.Api);
        return JsonDocument.Parse(text).RootElement.GetProperty("steps");
    }

    [Fact]
    public async Task An_officer_sets_up_previews_runs_and_reads_the_history_on_the_page()
    {
        var s = await ResourceAsync("投保單位名冊（後台）");
        _server.Answer("/insured.csv", PipelineFiles.Big5Csv(PipelineFiles.Insured));
        var url = _server.Url("/insured.csv");

        var form = await OpenAsync(s);
        Assert.Contains("來源種類", form.Page.Body!.TextContent);
        Assert.Contains($"href=\"{s.Page}\"", await s.Browser.GetStringAsync($"/admin/datasets/{s.Dataset}"));
        // A new pipeline starts with reading the file, trimming and dropping empty rows.
        Assert.Equal(["decode", "trim", "drop-empty-rows"], Kinds(form));
        form.Set("Form.Url", url).Check("Form.Outputs", "json").Check("Form.ScheduleKind", "frequency");

        form = await PressAsync(s, form.Set("Form.NewKind", "convert-roc-dates"), "button[value='add']");
        form = await PressAsync(s, form.Set("Form.Steps[3].Columns", "投保日期").Set("Form.NewKind", "convert-numbers"), "button[value='add']");
        Assert.Equal(["decode", "trim", "drop-empty-rows", "convert-roc-dates", "convert-numbers"], Kinds(form));
        Assert.Equal("投保日期", form["Form.Steps[3].Columns"]);
        Assert.Equal(url, form["Form.Url"]);

        // The new step's columns left empty: 400, the message next to the field, every value kept, nothing saved.
        var bad = await PressAsync(s, form, Save, HttpStatusCode.BadRequest);
        Assert.Contains("請填寫至少一個欄位名稱", Text(bad, "#field-steps-4-columns"));
        Assert.NotNull(bad.Page.QuerySelector("#form-errors a[href='#field-steps-4-columns']"));
        Assert.Equal("投保日期", bad["Form.Steps[3].Columns"]);
        Assert.Equal(url, bad["Form.Url"]);
        Assert.Equal("json", bad["Form.Outputs"]);
        Assert.Equal("frequency", bad["Form.ScheduleKind"]);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Officer.GetAsync(s.Api)).StatusCode);

        var previewed = await PressAsync(s, bad.Set("Form.Steps[4].Columns", "投保薪資"), Preview);
        var preview = previewed.Page.QuerySelector("section[aria-labelledby='preview-heading']")!.TextContent;
        Assert.Contains("第 4 步：民國日期轉西元", preview);
        Assert.Contains("2017-01-03", preview);
        Assert.Contains("1234567", preview);
        Assert.True(Focused(previewed, "preview-heading"));
        // The preview tells each step the columns that reach it.
        Assert.Contains("投保薪資", Text(previewed, "#step-4-columns-known"));

        var saved = await previewed.SubmitAsync(s.Browser, Save);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var antiforgery = StaffClient.AntiforgeryToken(await s.Browser.GetStringAsync(s.Page));
        var ran = await s.Browser.PostAsync(s.Page + "?handler=Run", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = antiforgery }));
        Assert.Equal(HttpStatusCode.Redirect, ran.StatusCode);

        var after = await s.Browser.GetStringAsync(s.Page);
        Assert.Contains("已發布新版本", after);
        Assert.Contains("依更新頻率：每1年", after);
        Assert.Contains($"/api/v1/datasets/{s.Dataset}/resources/{s.Resource}/versions/2", after);
        // No primary key: rows are compared whole, so the changed row counts as one removed and one added.
        Assert.Contains("新增 3、刪除 1、變更 0", after);
        Assert.Contains("臺北市勞工局", await s.Browser.GetStringAsync($"/api/v1/datasets/{s.Dataset}/resources/{s.Resource}/versions/2"));

        var other = await app.SignedInAsync("wda-officer");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(s.Page)).StatusCode);
    }

    [Fact]
    public async Task Steps_are_added_moved_and_removed_with_plain_form_posts_and_saved_in_that_order()
    {
        var s = await ResourceAsync("投保單位名冊（步驟）");
        var form = (await OpenAsync(s)).Set("Form.Url", _server.Url("/insured.csv"));

        var added = await PressAsync(s, form.Set("Form.NewKind", "filter-rows"), "button[value='add']");
        Assert.Equal(["decode", "trim", "drop-empty-rows", "filter-rows"], Kinds(added));
        Assert.True(Focused(added, "step-3-kind"));
        Assert.Contains("已新增第 4 步", Text(added, ".step-status"));
        Assert.Contains("尚未儲存", Text(added, ".step-status"));

        added.Set("Form.Steps[3].Column", "單位").Set("Form.Steps[3].Operator", "not-empty").Set("Form.NewKind", "rename-columns");
        var renamed = await PressAsync(s, added, "button[value='add']");
        renamed.Set("Form.Steps[4].Names[0].From", "投保單位").Set("Form.Steps[4].Names[0].To", "單位");
        var rows = await PressAsync(s, renamed, "button[value='name-row:4']");
        Assert.True(Focused(rows, "step-4-names-1-from"));
        Assert.Equal("投保單位", rows["Form.Steps[4].Names[0].From"]);
        rows.Set("Form.Steps[4].Names[1].From", "代碼").Set("Form.Steps[4].Names[1].To", "機關代碼");

        // The renaming moves above the filter, its settings with it; the focus stays on its Move up button.
        var moved = await PressAsync(s, rows, "button[value='up:4']");
        Assert.Equal(["decode", "trim", "drop-empty-rows", "rename-columns", "filter-rows"], Kinds(moved));
        Assert.Equal("投保單位", moved["Form.Steps[3].Names[0].From"]);
        Assert.Equal("機關代碼", moved["Form.Steps[3].Names[1].To"]);
        Assert.Equal("單位", moved["Form.Steps[4].Column"]);
        Assert.Equal("not-empty", moved["Form.Steps[4].Operator"]);
        Assert.True(Focused(moved, "step-3-up"));
        Assert.Contains("已將第 5 步移到第 4 步", Text(moved, ".step-status"));

        // The first step cannot move up, nor the last down.
        Assert.True(moved.Page.GetElementById("step-0-up")!.HasAttribute("disabled"));
        Assert.True(moved.Page.GetElementById("step-4-down")!.HasAttribute("disabled"));

        var removed = await PressAsync(s, moved, "button[value='remove:2']");
        Assert.Equal(["decode", "trim", "rename-columns", "filter-rows"], Kinds(removed));
        Assert.True(Focused(removed, "step-2-kind"));
        Assert.Equal(HttpStatusCode.NotFound, (await s.Officer.GetAsync(s.Api)).StatusCode);

        // A step's kind changed: its new settings show, the shared ones kept.
        var changed = await PressAsync(s, removed.Set("Form.NewKind", "drop-columns"), "button[value='add']");
        changed.Set("Form.Steps[4].Columns", "投保日期").Set("Form.Steps[4].Kind", "convert-roc-dates");
        changed = await PressAsync(s, changed, "button[value='kind:4']");
        Assert.Equal("convert-roc-dates", changed["Form.Steps[4].Kind"]);
        Assert.Equal("投保日期", changed["Form.Steps[4].Columns"]);
        Assert.Contains("民國日期所在的欄位", Text(changed, "#field-steps-4-columns"));

        var saved = await changed.SubmitAsync(s.Browser, Save);
        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());
        var steps = await StoredStepsAsync(s);
        Assert.Equal(["decode", "trim", "rename-columns", "filter-rows", "convert-roc-dates"], steps.EnumerateArray().Select(x => x.GetProperty("kind").GetString()));
        Assert.Equal(["投保單位", "代碼"], steps[2].GetProperty("names").EnumerateObject().Select(p => p.Name));
        Assert.Equal("機關代碼", steps[2].GetProperty("names").GetProperty("代碼").GetString());
        Assert.Equal("單位", steps[3].GetProperty("column").GetString());
        Assert.Equal("not-empty", steps[3].GetProperty("operator").GetString());
        Assert.Equal(["投保日期"], steps[4].GetProperty("columns").EnumerateArray().Select(c => c.GetString()));

        // Read back, the page shows the same list.
        var reopened = await OpenAsync(s);
        Assert.Equal(["decode", "trim", "rename-columns", "filter-rows", "convert-roc-dates"], Kinds(reopened));
        Assert.Equal("代碼", reopened["Form.Steps[2].Names[1].From"]);
    }

    [Fact]
    public async Task Bad_settings_are_told_next_to_their_field_and_nothing_entered_is_lost()
    {
        var s = await ResourceAsync("投保單位名冊（檢查）");
        _server.Answer("/checked.csv", PipelineFiles.Big5Csv(PipelineFiles.Insured));
        var form = (await OpenAsync(s)).Set("Form.Url", _server.Url("/checked.csv"));
        form = await PressAsync(s, form.Set("Form.NewKind", "convert-numbers"), "button[value='add']");
        form = await PressAsync(s, form.Set("Form.NewKind", "filter-rows"), "button[value='add']");
        form.Set("Form.Steps[3].Columns", "投保薪資\n不存在的欄位").Set("Form.Steps[3].Units", "萬=一萬")
            .Set("Form.Steps[4].Column", "代碼").Set("Form.Steps[4].Operator", ">");

        var bad = await PressAsync(s, form, Save, HttpStatusCode.BadRequest);
        Assert.Contains("「一萬」不是數字", Text(bad, "#field-steps-3-units"));
        Assert.Contains("請填寫要比較的值", Text(bad, "#field-steps-4-value"));
        Assert.Equal("true", bad.Page.GetElementById("step-4-value")!.GetAttribute("aria-invalid"));
        Assert.Contains("err-steps-4-value", bad.Page.GetElementById("step-4-value")!.GetAttribute("aria-describedby"));
        Assert.True(Focused(bad, "form-errors"));
        Assert.Equal("萬=一萬", bad["Form.Steps[3].Units"]);
        Assert.Equal("投保薪資\n不存在的欄位", bad["Form.Steps[3].Columns"]!.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal(">", bad["Form.Steps[4].Operator"]);
        Assert.Equal(_server.Url("/checked.csv"), bad["Form.Url"]);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Officer.GetAsync(s.Api)).StatusCode);

        // A column the source does not have is found by the preview, and told next to the step's columns.
        bad.Set("Form.Steps[3].Units", "萬=10000").Set("Form.Steps[4].Value", "0");
        var previewed = await PressAsync(s, bad, Preview);
        Assert.Contains("欄位「不存在的欄位」不在表格中", Text(previewed, "#field-steps-3-columns"));
        Assert.Contains("代碼", Text(previewed, "#field-steps-3-columns"));
        Assert.Equal("萬=10000", previewed["Form.Steps[3].Units"]);

        // Previewing up to a step shows that far, and the focus goes to that step's rows.
        var upTo = await PressAsync(s, previewed.Set("Form.Steps[3].Columns", "投保薪資"), "button[name='upTo'][value='2']");
        Assert.True(Focused(upTo, "preview-step-2"));
        Assert.Null(upTo.Page.GetElementById("preview-step-3"));
        Assert.Contains("到第 3 步為止", Text(upTo, "#preview-heading"));

        // The JSON box replaces the list only with its own button; changed and not put in place, Save says so.
        var json = upTo["Form.StepsJson"]!;
        Assert.Contains("\"convert-numbers\"", json);
        var unapplied = await PressAsync(s, upTo.Set("Form.StepsJson", """[{"kind": "trim"}]"""), Save, HttpStatusCode.BadRequest);
        Assert.Contains("JSON 已修改但尚未套用", Text(unapplied, "#field-stepsJson"));
        Assert.Equal(5, Kinds(unapplied).Count);
        var wrong = await PressAsync(s, unapplied.Set("Form.StepsJson", """[{"kind": "no-such-step"}]"""), "button[value='json']");
        Assert.Contains("JSON 有誤，步驟未變更", Text(wrong, "#field-stepsJson"));
        Assert.Equal(5, Kinds(wrong).Count);
        var replaced = await PressAsync(s, wrong.Set("Form.StepsJson", """[{"kind": "trim"}, {"kind": "convert-numbers", "columns": ["投保薪資"]}]"""), "button[value='json']");
        Assert.Equal(["trim", "convert-numbers"], Kinds(replaced));
        Assert.Equal("投保薪資", replaced["Form.Steps[1].Columns"]);
        Assert.Equal(HttpStatusCode.Redirect, (await replaced.SubmitAsync(s.Browser, Save)).StatusCode);
        Assert.Equal(["trim", "convert-numbers"], (await StoredStepsAsync(s)).EnumerateArray().Select(x => x.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task An_uploaded_ods_chosen_before_the_steps_are_done_is_kept_through_the_edits_and_published()
    {
        var s = await ResourceAsync("身心障礙者就業人數（後台上傳）");
        var form = (await OpenAsync(s))
            .Set("Form.SourceKind", "upload").Set("Form.SkipRows", "1").Set("Form.HeaderRows", "2")
            .Attach("sourceFile", "就業人數.ods", PipelineFiles.OdsWithMergedHeader())
            .Set("Form.NewKind", "filter-rows");
        form = await PressAsync(s, form, "button[value='add']");
        Assert.Equal("就業人數.ods", form["Form.PendingFileName"]);
        Assert.Contains("已選擇的檔案：就業人數.ods", Text(form, "#hint-file"));
        Assert.Equal("ods", form["Form.Format"]);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Officer.GetAsync(s.Api)).StatusCode);

        // The preview reads the chosen file before anything is saved.
        form.Set("Form.Steps[3].Column", "合計").Set("Form.Steps[3].Operator", "not-empty");
        form = await PressAsync(s, form, Preview);
        Assert.Contains("就業人數_女", Text(form, "#step-3-columns-known"));

        form = await PressAsync(s, form.Set("Form.NewKind", "convert-numbers"), "button[value='add']");
        form = await PressAsync(s, form.Set("Form.Steps[4].Columns", "就業人數_男\n就業人數_女\n合計").Set("Form.NewKind", "convert-roc-dates"), "button[value='add']");
        form = await PressAsync(s, form.Set("Form.Steps[5].Columns", "統計日期").Set("Form.NewKind", "rename-columns"), "button[value='add']");
        form.Set("Form.Steps[6].Names[0].From", "縣市").Set("Form.Steps[6].Names[0].To", "縣市別");
        var saved = await form.SubmitAsync(s.Browser, Save);
        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());

        var antiforgery = StaffClient.AntiforgeryToken(await s.Browser.GetStringAsync(s.Page));
        await s.Browser.PostAsync(s.Page + "?handler=Run", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = antiforgery }));
        Assert.Contains("已發布新版本", await s.Browser.GetStringAsync(s.Page));
        var live = Encoding.UTF8.GetString(await app.CreateClient().GetByteArrayAsync($"/datasets/{s.Dataset}/resources/{s.Resource}/download"));
        Assert.Equal(SpreadsheetSourcesTests.Published, live);
    }
}
