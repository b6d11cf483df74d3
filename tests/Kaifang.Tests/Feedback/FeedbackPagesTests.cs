using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Kaifang.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Kaifang.Tests.Feedback;

/// The comment form on the dataset page, the public thread, and the staff's pages, as a browser without JavaScript uses them.
public sealed partial class FeedbackPagesTests : IDisposable
{
    private readonly FeedbackAppFactory _app = new(new DateTimeOffset(2026, 11, 27, 15, 30, 0, TimeSpan.Zero));

    public void Dispose() => _app.Dispose();

    private HttpClient Browser() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pageUrl, string action, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = StaffClient.AntiforgeryToken(await client.GetStringAsync(pageUrl));
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task A_comment_left_on_the_dataset_page_appears_there_with_the_agencys_reply()
    {
        var dataset = await _app.PublishedDatasetAsync("BLI");
        using var browser = Browser();
        var page = await browser.GetStringAsync($"/datasets/{dataset}");
        Assert.Contains("name=\"Input.Website\"", page, StringComparison.Ordinal);
        Assert.Contains("對這個資料集提出意見", page, StringComparison.Ordinal);

        var sent = await PostFormAsync(browser, $"/datasets/{dataset}", "/feedback", new()
        {
            ["Input.Dataset"] = dataset, ["Input.Kind"] = "data-error", ["Input.Subject"] = "等級12的金額有誤",
            ["Input.Body"] = "第12級月投保薪資應為 33,300 元。", ["Input.Email"] = "reader@example.com", ["Input.Website"] = "",
        });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var location = sent.Headers.Location!.ToString();
        Assert.Matches(@"^/feedback/FB-2026-\d{6}\?key=[^&]+&sent=true$", location);
        var thanks = await browser.GetStringAsync(location);
        Assert.Contains("已收到您的意見", thanks, StringComparison.Ordinal);
        Assert.Contains("補充說明或回應", thanks, StringComparison.Ordinal);
        var reference = ReferencePattern().Match(location).Value;

        using var officer = await _app.SignedInAsync("bli-officer");
        var list = await officer.GetStringAsync("/admin/feedback");
        Assert.Contains(reference, list, StringComparison.Ordinal);
        Assert.Contains("2026-12-02", list, StringComparison.Ordinal);
        var replied = await PostFormAsync(officer, $"/admin/feedback/{reference}", $"/admin/feedback/{reference}?handler=Reply",
            new() { ["Body"] = "已更正第12級金額，謝謝指正。" });
        Assert.Equal(HttpStatusCode.Redirect, replied.StatusCode);
        var staffPage = await officer.GetStringAsync($"/admin/feedback/{reference}");
        Assert.Contains("reader@example.com", staffPage, StringComparison.Ordinal);
        Assert.Contains("第 1 日", staffPage, StringComparison.Ordinal);

        var after = await browser.GetStringAsync($"/datasets/{dataset}");
        Assert.Contains("已更正第12級金額", after, StringComparison.Ordinal);
        Assert.Contains("等級12的金額有誤", after, StringComparison.Ordinal);
        Assert.DoesNotContain("reader@example.com", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_comment_comes_back_with_what_was_written_and_what_to_fix()
    {
        var dataset = await _app.PublishedDatasetAsync("BLI");
        using var browser = Browser();
        var refused = await PostFormAsync(browser, $"/datasets/{dataset}", "/feedback", new()
        {
            ["Input.Dataset"] = dataset, ["Input.Kind"] = "question", ["Input.Subject"] = "關於投保薪資的提問",
            ["Input.Body"] = "", ["Input.Email"] = "not-an-address",
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("value=\"關於投保薪資的提問\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"not-an-address\"", html, StringComparison.Ordinal);
        Assert.Contains("請填寫意見內容", html, StringComparison.Ordinal);
        Assert.Contains("不是有效的電子郵件地址", html, StringComparison.Ordinal);
        Assert.Equal(0, _app.WithDb(db => db.Comments.Count()));
    }

    [Fact]
    public async Task A_general_comment_goes_to_the_agency_chosen()
    {
        using var browser = Browser();
        var sent = await PostFormAsync(browser, "/feedback", "/feedback", new()
        {
            ["Input.Agency"] = "OSHA", ["Input.Kind"] = "new-data-request", ["Input.Body"] = "希望開放各縣市職業災害檢查結果。",
        });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var osha = _app.WithDb(db => db.Agencies.Single(a => a.Code == "OSHA").Id);
        var comment = _app.WithDb(db => db.Comments.Single());
        Assert.Equal(osha, comment.AgencyId);
        Assert.Null(comment.DatasetId);
        Assert.Contains("希望開放各縣市職業災害檢查結果", await browser.GetStringAsync("/feedback"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_administrator_imports_the_office_calendar_and_reads_the_statistics()
    {
        using var admin = await _app.SignedInAsync("admin");
        var form = new MultipartFormDataContent
        {
            { new StringContent(StaffClient.AntiforgeryToken(await admin.GetStringAsync("/admin/feedback/settings"))), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("西元日期,星期,是否放假,備註\r\n20270101,五,2,開國紀念日\r\n20270102,六,2,\r\n")), "file", "116年中華民國政府行政機關辦公日曆表.csv" },
        };
        var imported = await admin.PostAsync("/admin/feedback/settings?handler=Calendar", form);
        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        Assert.Contains("2027 年（民國116年）：2 日，放假 2 日", await admin.GetStringAsync("/admin/feedback/settings"), StringComparison.Ordinal);

        var stats = await admin.GetStringAsync("/admin/feedback/statistics?period=2026Q4");
        Assert.Contains("勞動部勞工保險局", stats, StringComparison.Ordinal);
        Assert.Contains("民國115年第4季", stats, StringComparison.Ordinal);
        var bad = await admin.GetAsync("/admin/feedback/statistics?period=Q9");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [GeneratedRegex(@"FB-\d{4}-\d{6}")]
    private static partial Regex ReferencePattern();
}
