using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kaifang.Promotion;
using Kaifang.Tests.Feedback;
using Kaifang.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Kaifang.Tests.Promotion;

/// The showcase of reuses over HTTP: submitted by anyone, approved by an admin of an owning agency, shown only then.
public sealed class ShowcaseTests
{
    private const string AuthorEmail = "author.private@example.com";

    private static Task<HttpResponseMessage> SubmitAsync(HttpClient client, string[] datasets, string title = "投保薪資試算器", string? website = null, string url = "https://example.org/calculator") =>
        client.PostAsJsonAsync("/api/v1/showcases", new
        {
            title, kind = "app", url, description = "依分級表試算投保薪資。", authorName = "開放資料社群", authorEmail = AuthorEmail, datasets, website,
        });

    [Fact]
    public async Task An_unknown_dataset_or_a_bad_address_is_refused_and_named()
    {
        using var app = PromotionApp.Create();
        var dataset = await app.PublishedDatasetAsync("BLI");
        using var client = app.CreateClient();
        var refused = await SubmitAsync(client, [dataset, "no-such-dataset"], url: "javascript:alert(1)");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Contains("找不到公開的資料集「no-such-dataset」", body, StringComparison.Ordinal);
        Assert.Contains("「javascript:alert(1)」不是 http 或 https 網址", body, StringComparison.Ordinal);
        var none = await SubmitAsync(client, []);
        Assert.Contains("請至少填寫一個所使用的資料集", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, app.WithDb(db => db.Showcases.Count()));
    }

    [Fact]
    public async Task The_owning_agencys_admin_approves_and_only_then_it_shows_on_the_dataset_page_the_showcase_and_the_api_never_with_the_e_mail()
    {
        using var app = PromotionApp.Create();
        var dataset = await app.PublishedDatasetAsync("BLI");
        using var client = app.CreateClient();
        var submitted = await FeedbackAppFactory.JsonAsync(await SubmitAsync(client, [dataset]));
        Assert.Equal("pending", submitted.GetProperty("status").GetString());
        var id = submitted.GetProperty("id").GetString();
        // BLI's admins are told; BLI is the agency owning the dataset.
        var notice = app.WithDb(db => db.OutboxMessages.Where(m => m.Topic == PromotionNotices.ShowcaseSubmittedTopic).Select(m => m.To).ToList());
        Assert.Equal(["bli-admin@example.gov.tw"], notice);

        // Pending: not shown anywhere public.
        Assert.DoesNotContain("投保薪資試算器", await client.GetStringAsync("/showcase"), StringComparison.Ordinal);
        Assert.DoesNotContain("投保薪資試算器", await client.GetStringAsync($"/datasets/{dataset}"), StringComparison.Ordinal);
        Assert.Equal(0, (await FeedbackAppFactory.JsonAsync(await client.GetAsync("/api/v1/showcases"))).GetArrayLength());

        // Another agency's admin may not decide; BLI's admin may.
        using var wda = await app.WithTokenAsync("wda-admin");
        Assert.Empty((await FeedbackAppFactory.JsonAsync(await wda.GetAsync("/api/v1/showcases/moderation"))).EnumerateArray());
        var forbidden = await wda.PostAsJsonAsync($"/api/v1/showcases/{id}/decision", new { approve = true });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var officer = await app.WithTokenAsync("bli-officer");
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsJsonAsync($"/api/v1/showcases/{id}/decision", new { approve = true })).StatusCode);

        using var admin = await app.WithTokenAsync("bli-admin");
        var queue = await FeedbackAppFactory.JsonAsync(await admin.GetAsync("/api/v1/showcases/moderation"));
        Assert.Equal(AuthorEmail, queue[0].GetProperty("authorEmail").GetString());
        var approved = await admin.PostAsJsonAsync($"/api/v1/showcases/{id}/decision", new { approve = true });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var told = app.WithDb(db => db.OutboxMessages.Single(m => m.Topic == PromotionNotices.ShowcaseDecidedTopic));
        Assert.Equal(AuthorEmail, told.To);
        Assert.Contains("已核准", told.Body, StringComparison.Ordinal);

        var datasetPage = await client.GetStringAsync($"/datasets/{dataset}");
        Assert.Contains("應用展示", datasetPage, StringComparison.Ordinal);
        Assert.Contains("投保薪資試算器", datasetPage, StringComparison.Ordinal);
        var showcasePage = await client.GetStringAsync("/showcase");
        Assert.Contains("投保薪資試算器", showcasePage, StringComparison.Ordinal);
        Assert.Contains("https://example.org/calculator", showcasePage, StringComparison.Ordinal);
        var json = await client.GetStringAsync("/api/v1/showcases");
        var item = JsonDocument.Parse(json).RootElement[0];
        Assert.Equal("開放資料社群", item.GetProperty("authorName").GetString());
        Assert.Equal(dataset, item.GetProperty("datasets")[0].GetProperty("name").GetString());
        Assert.Equal("BLI", item.GetProperty("agencies")[0].GetString());
        foreach (var text in new[] { datasetPage, showcasePage, json, await client.GetStringAsync($"/api/v1/showcases?dataset={dataset}"), await client.GetStringAsync("/showcase?agency=BLI") })
        {
            Assert.DoesNotContain(AuthorEmail, text, StringComparison.OrdinalIgnoreCase);
        }

        // The filters: by the owning agency, by another agency, by the dataset.
        Assert.Contains("投保薪資試算器", await client.GetStringAsync("/showcase?agency=BLI"), StringComparison.Ordinal);
        Assert.DoesNotContain("投保薪資試算器", await client.GetStringAsync("/showcase?agency=WDA"), StringComparison.Ordinal);
        Assert.Equal(1, (await FeedbackAppFactory.JsonAsync(await client.GetAsync($"/api/v1/showcases?dataset={dataset}"))).GetArrayLength());
        Assert.Equal(0, (await FeedbackAppFactory.JsonAsync(await client.GetAsync("/api/v1/showcases?agency=WDA"))).GetArrayLength());
    }

    [Fact]
    public async Task A_rejection_needs_a_reason_which_the_author_is_sent_and_the_showcase_stays_hidden()
    {
        using var app = PromotionApp.Create();
        var dataset = await app.PublishedDatasetAsync("BLI");
        using var client = app.CreateClient();
        var id = (await FeedbackAppFactory.JsonAsync(await SubmitAsync(client, [dataset]))).GetProperty("id").GetString();
        using var admin = await app.SignedInAsync("bli-admin");
        var queue = await admin.GetStringAsync("/admin/promotion/showcase");
        Assert.Contains("投保薪資試算器", queue, StringComparison.Ordinal);
        Assert.Contains(AuthorEmail, queue, StringComparison.Ordinal);
        var token = StaffClient.AntiforgeryToken(queue);
        var noReason = await admin.PostAsync("/admin/promotion/showcase", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["id"] = id!, ["approve"] = "false", ["reason"] = "",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("退回時請填寫原因", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var rejected = await admin.PostAsync("/admin/promotion/showcase", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["id"] = id!, ["approve"] = "false", ["reason"] = "網址無法開啟，請確認後再提交。",
        }));
        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        var told = app.WithDb(db => db.OutboxMessages.Single(m => m.Topic == PromotionNotices.ShowcaseDecidedTopic));
        Assert.Contains("網址無法開啟，請確認後再提交。", told.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("投保薪資試算器", await client.GetStringAsync("/showcase"), StringComparison.Ordinal);
        Assert.Equal(ShowcaseStatus.Rejected, app.WithDb(db => db.Showcases.Single()).Status);
    }

    [Fact]
    public async Task The_form_keeps_what_was_typed_a_robot_waits_without_notices_and_one_address_submits_only_so_often()
    {
        using var app = PromotionApp.Create(showcasesPerHour: 2);
        var dataset = await app.PublishedDatasetAsync("BLI");
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await browser.GetStringAsync($"/showcase/submit?datasets={dataset}");
        Assert.Contains(dataset, form, StringComparison.Ordinal);
        Assert.Contains("name=\"Website\"", form, StringComparison.Ordinal);
        var refused = await browser.PostAsync("/showcase/submit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StaffClient.AntiforgeryToken(form), ["Title"] = "職災地圖", ["Kind"] = "visualisation", ["Link"] = "https://example.org/map",
            ["AuthorName"] = "小明", ["AuthorEmail"] = "ming@example.com", ["Datasets"] = "no-such-dataset",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("value=\"職災地圖\"", html, StringComparison.Ordinal);
        Assert.Contains("找不到公開的資料集「no-such-dataset」", html, StringComparison.Ordinal);

        var robot = await SubmitAsync(browser, [dataset], title: "Cheap pills", website: "http://spam.example");
        Assert.Equal(HttpStatusCode.Created, robot.StatusCode);
        var held = app.WithDb(db => db.Showcases.Single());
        Assert.NotNull(held.HeldReason);
        Assert.Equal(0, app.WithDb(db => db.OutboxMessages.Count(m => m.Topic == PromotionNotices.ShowcaseSubmittedTopic)));

        var sent = await browser.PostAsync("/showcase/submit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StaffClient.AntiforgeryToken(form), ["Title"] = "職災地圖", ["Kind"] = "visualisation", ["Link"] = "https://example.org/map",
            ["AuthorName"] = "小明", ["AuthorEmail"] = "ming@example.com", ["Datasets"] = dataset,
        }));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var third = await SubmitAsync(browser, [dataset], title: "第三件");
        Assert.Equal((HttpStatusCode)429, third.StatusCode);
        Assert.Contains("同一來源一小時內最多提交 2 件應用展示", await PromotionApp.ProblemTitleAsync(third), StringComparison.Ordinal);
    }
}
