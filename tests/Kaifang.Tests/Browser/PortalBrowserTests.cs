using Microsoft.Playwright;

namespace Kaifang.Tests.Browser;

[Trait("Category", "Browser")]
[Collection(BrowserTestGroup.Name)]
public sealed class PortalBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_citizen_searches_opens_a_dataset_and_downloads_a_resource()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(browser.BaseUrl + "/");
        var box = page.GetByRole(AriaRole.Searchbox).First;
        await box.FillAsync("投保薪資");
        await box.PressAsync("Enter");
        await page.WaitForURLAsync("**/datasets?**");

        await page.GetByRole(AriaRole.Link, new() { Name = "勞工保險投保薪資分級表" }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("勞工保險投保薪資分級表");

        var link = page.Locator("a[href*='/download']").First;
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        var path = await download.PathAsync();
        Assert.NotNull(path);
        Assert.True(new FileInfo(path).Length > 0, "the downloaded file is empty");
        Assert.False(string.IsNullOrEmpty(download.SuggestedFilename));
    }

    [Fact]
    public async Task The_portal_works_without_javascript()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, Locale = "zh-TW" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(browser.BaseUrl + "/datasets?q=勞保");
        // "勞保" finds the Bureau of Labor Insurance's data through its short name 勞保局.
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "勞保局" }).First).ToBeVisibleAsync();
        var first = page.Locator("main a[href^='/datasets/a']").First;
        await first.ClickAsync();
        await Assertions.Expect(page.Locator("a[href*='/download']").First).ToBeVisibleAsync();
        await context.CloseAsync();
    }

    [Fact]
    public async Task The_english_interface_is_one_click_away()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(browser.BaseUrl + "/");
        Assert.Equal("zh-TW", await page.Locator("html").GetAttributeAsync("lang"));
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Datasets" }).First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_event_page_with_its_registration_form_has_no_serious_accessibility_violations()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(browser.BaseUrl + "/events");
        // Followed by its address: what is checked is the event's page, and on a busy machine a click was once lost
        // without a navigation.
        await page.GotoAsync(browser.BaseUrl + await page.Locator("main a[href^='/events/']").First.GetAttributeAsync("href"));
        await Assertions.Expect(page.Locator("#Input_Email")).ToBeVisibleAsync();
        var violations = await Axe.SeriousViolationsAsync(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public async Task A_dataset_page_with_its_preview_has_no_serious_accessibility_violations()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(browser.BaseUrl + "/datasets?q=最低工資");
        await page.GotoAsync(browser.BaseUrl + await page.Locator("main a[href^='/datasets/']").First.GetAttributeAsync("href"));
        var violations = await Axe.SeriousViolationsAsync(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public async Task A_citizen_comments_on_a_dataset_and_reads_the_thread_page()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(browser.BaseUrl + "/datasets?q=最低工資");
        await page.Locator("main a[href^='/datasets/']").First.ClickAsync();
        await page.WaitForURLAsync("**/datasets/*");
        var details = page.Locator("#feedback details");
        if (await details.GetAttributeAsync("open") is null)
        {
            await page.GetByText("對這個資料集提出意見").ClickAsync();
        }
        await page.GetByLabel("意見類型").SelectOptionAsync("question");
        await page.GetByLabel("標題（選填）").FillAsync("最低工資何時調整？");
        await page.GetByLabel("意見內容").FillAsync("請問明年度的最低工資何時公告？");
        await page.GetByRole(AriaRole.Button, new() { Name = "送出意見" }).ClickAsync();
        await page.WaitForURLAsync("**/feedback/FB-*");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("已收到您的意見");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("最低工資何時調整？");
        var violations = await Axe.SeriousViolationsAsync(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public async Task The_content_policy_refuses_script_and_images_that_are_not_kaifangs()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(browser.BaseUrl + "/");
        // What an injected fragment would try: an inline script and an image from elsewhere.
        await page.EvaluateAsync("""
            () => {
                const script = document.createElement('script');
                script.textContent = 'window.__injected = true;';
                document.body.appendChild(script);
                const img = document.createElement('img');
                img.src = 'http://127.0.0.2:9/x.png';
                img.alt = '';
                document.body.appendChild(img);
            }
            """);
        await page.WaitForFunctionAsync("() => window.__cspViolations.length >= 2");
        Assert.False(await page.EvaluateAsync<bool>("() => window.__injected === true"));
        var refused = await page.EvaluateAsync<string[]>("() => window.__cspViolations");
        Assert.Contains(refused, r => r.StartsWith("script-src", StringComparison.Ordinal));
        Assert.Contains(refused, r => r.StartsWith("img-src", StringComparison.Ordinal));
    }
}
