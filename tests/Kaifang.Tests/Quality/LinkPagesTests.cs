using System.Net;
using System.Net.Http.Json;
using Kaifang.Tests.Infrastructure;

namespace Kaifang.Tests.Quality;

/// /admin/quality/links: staff see their agencies' links, failing and broken ones first, and check them now.
public sealed class LinkPagesTests(LinkCheckAppFactory app) : IClassFixture<LinkCheckAppFactory>
{
    private async Task<string> PublishedAsync(string agency, string user, params string[] paths)
    {
        var officer = await app.WithTokenAsync(user);
        var name = await officer.CreateDraftAsync(agency, $"連結頁 {Guid.NewGuid():N}");
        foreach (var path in paths)
        {
            var added = await officer.PostAsJsonAsync($"/api/v1/datasets/{name}/resources",
                new Kaifang.Catalog.ResourceInput { Name = $"資料 {path}", Url = app.Links.Url(path), Format = "CSV" });
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsync($"/api/v1/datasets/{name}/publish", null)).StatusCode);
        return name;
    }

    [Fact]
    public async Task Agency_staff_check_a_dataset_from_the_page_and_see_its_failing_link_in_words()
    {
        var name = await PublishedAsync("BLI", "bli-officer", "/good.csv", "/to-intranet");
        var client = await app.SignedInAsync("bli-officer");
        var page = await client.GetStringAsync("/admin/quality/links");
        Assert.Contains("<h1>連結檢查</h1>", page);

        var response = await client.PostAsync("/admin/quality/links?handler=CheckDataset", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = name,
            ["__RequestVerificationToken"] = StaffClient.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var after = await client.GetStringAsync("/admin/quality/links?agency=BLI");
        Assert.Contains("已檢查", after);
        Assert.Contains(app.Links.Url("/to-intranet"), after);
        Assert.Contains("網址指向內部網路，不予連線", after);
        // The working link is not among the failing ones, but is with show=all.
        Assert.DoesNotContain(app.Links.Url("/good.csv"), after);
        Assert.Contains(app.Links.Url("/good.csv"), await client.GetStringAsync("/admin/quality/links?agency=BLI&show=all"));
    }

    [Fact]
    public async Task Staff_do_not_see_other_agencies_links_nor_check_them()
    {
        var name = await PublishedAsync("BLI", "bli-officer", "/gone.csv");
        await (await app.WithTokenAsync("bli-officer")).PostAsync($"/api/v1/quality/links/check?dataset={name}", null);

        var wda = await app.SignedInAsync("wda-officer");
        var page = await wda.GetStringAsync("/admin/quality/links?show=all");
        Assert.DoesNotContain(name, page);
        Assert.DoesNotContain("勞工保險局", page);
        Assert.DoesNotContain("CheckAll", page);
        Assert.Equal(HttpStatusCode.NotFound, (await wda.GetAsync("/admin/quality/links?agency=BLI")).StatusCode);
        var refused = await wda.PostAsync("/admin/quality/links?handler=CheckDataset", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = name,
            ["__RequestVerificationToken"] = StaffClient.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    [Fact]
    public async Task The_page_speaks_english_when_asked()
    {
        var client = await app.SignedInAsync("admin");
        var page = await client.GetStringAsync("/admin/quality/links?lang=en");
        Assert.Contains("<h1>Link checks</h1>", page);
        Assert.Contains("Check every link now", page);
        Assert.Contains("<th scope=\"col\">Agency</th>", page);
    }
}
