using System.Text.RegularExpressions;
using Kaifang.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Kaifang.Tests.Browser;

[Trait("Category", "Browser")]
[Collection(BrowserTestGroup.Name)]
public sealed class BackOfficeBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private async Task<IPage> SignedInAsync(string userName)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(browser.BaseUrl + "/account/login");
        await page.GetByLabel("帳號").FillAsync(userName);
        await page.GetByLabel("密碼").FillAsync(KaifangAppFactory.StaffPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登入" }).ClickAsync();
        await page.WaitForURLAsync("**/admin");
        return page;
    }

    [Fact]
    public async Task An_officer_fixes_a_form_by_the_errors_shown_and_publishes_with_an_upload()
    {
        var page = await SignedInAsync("bli-officer");
        await page.GotoAsync(browser.BaseUrl + "/admin/datasets/new");
        await page.GetByLabel("資料集名稱").FillAsync("勞保年金給付統計");
        await page.GetByRole(AriaRole.Button, new() { Name = "儲存草稿" }).ClickAsync();

        // Nothing saved yet: the summary links to each field with a problem.
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("請填寫資料集描述");
        Assert.Empty(await Axe.SeriousViolationsAsync(page));

        await page.GetByLabel("資料集描述").FillAsync("勞保年金各給付項目之核付件數與金額。");
        await page.GetByLabel("主要欄位說明").FillAsync("年月、給付項目、件數、金額");
        await page.GetByLabel("聯絡人姓名").FillAsync("陳先生");
        await page.GetByLabel("聯絡人電話").FillAsync("02-23961266#2102");
        await page.GetByRole(AriaRole.Button, new() { Name = "儲存草稿" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("勞保年金給付統計");

        var csv = Path.Combine(Path.GetTempPath(), $"pension-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, "年月,給付項目,件數,金額\n115/10,老年年金,1234,5678900\n");
        await page.GetByLabel("上傳檔案").SetInputFilesAsync(csv);
        await page.GetByRole(AriaRole.Button, new() { Name = "新增", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已新增資料資源");

        await page.GetByRole(AriaRole.Button, new() { Name = "上架" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("資料集已上架");
        Assert.Empty(await Axe.SeriousViolationsAsync(page));

        await page.GetByRole(AriaRole.Link, new() { Name = "檢視公開頁面" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("勞保年金給付統計");
        File.Delete(csv);
    }

    [Fact]
    public async Task The_ministrys_admin_sets_an_agencys_national_platform_key_in_an_accessible_form()
    {
        var page = await SignedInAsync("mol-admin");
        await page.GotoAsync(browser.BaseUrl + "/admin/national-sync?agency=WDA");
        await page.GetByLabel("國家平臺網址（根網址）").FillAsync("https://national-platform.invalid");
        await page.GetByLabel("API 金鑰（留空則保留目前的金鑰）").FillAsync("browser-test-key-0123456789");
        await page.GetByLabel("啟用同步").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "儲存" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已儲存");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("末四碼 6789");
        Assert.DoesNotContain("browser-test-key-0123456789", await page.ContentAsync(), StringComparison.Ordinal);
        var violations = await Axe.SeriousViolationsAsync(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public async Task An_events_registrants_page_has_no_serious_accessibility_violations()
    {
        var page = await SignedInAsync("mol-admin");
        await page.GotoAsync(browser.BaseUrl + "/admin/promotion");
        await page.Locator("main table a[href^='/admin/promotion/events/']").First.ClickAsync();
        await page.WaitForURLAsync("**/admin/promotion/events/*");
        var violations = await Axe.SeriousViolationsAsync(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public async Task An_agency_admin_checks_the_agencys_links_and_reads_them_in_a_table()
    {
        var page = await SignedInAsync("bli-admin");
        await page.GotoAsync(browser.BaseUrl + "/admin/quality/links?show=all");
        await page.GetByRole(AriaRole.Button, new() { Name = "立即檢查 勞動部勞工保險局" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("已開始檢查");

        // The check runs in the background; its results show on a reload.
        var table = page.GetByRole(AriaRole.Table, new() { Name = "個連結" });
        for (var i = 0; i < 50 && await table.CountAsync() == 0; i++)
        {
            await Task.Delay(200);
            await page.GotoAsync(browser.BaseUrl + "/admin/quality/links?agency=BLI&show=all");
        }
        await Assertions.Expect(table.GetByRole(AriaRole.Cell, new() { Name = "正常" }).First).ToBeVisibleAsync();
        var violations = await Axe.SeriousViolationsAsync(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public async Task A_resources_pipeline_page_and_its_preview_have_no_serious_accessibility_violations()
    {
        var (dataset, resource) = browser.App.WithDb(db => db.Resources
            .Where(r => r.Dataset!.Agency!.Code == "BLI" && r.Dataset.HarvestSourceId == null && r.DerivedFromId == null && r.FileHash != null && r.Format == "CSV")
            .Select(r => new { r.Dataset!.Name, r.Id }).AsEnumerable().Select(r => (r.Name, r.Id)).First());
        var page = await SignedInAsync("bli-officer");
        await page.GotoAsync($"{browser.BaseUrl}/admin/datasets/{dataset}/resources/{resource}/pipeline");
        await page.GetByLabel("來源種類", new() { Exact = true }).SelectOptionAsync("url");
        await page.GetByLabel("網址（網址或網頁表格）").FillAsync($"{browser.BaseUrl}/datasets/{dataset}/resources/{resource}/download");
        await page.GetByRole(AriaRole.Button, new() { Name = "預覽（不儲存）" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "預覽：每一步之後的前幾列" })).ToBeVisibleAsync();
        var violations = await Axe.SeriousViolationsAsync(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public async Task An_officer_adds_and_moves_a_pipeline_step_with_the_keyboard_and_the_focus_follows_the_step()
    {
        var (dataset, resource) = browser.App.WithDb(db => db.Resources
            .Where(r => r.Dataset!.Agency!.Code == "BLI" && r.Dataset.HarvestSourceId == null && r.DerivedFromId == null && r.FileHash != null && r.Format == "CSV")
            .Select(r => new { r.Dataset!.Name, r.Id }).AsEnumerable().Select(r => (r.Name, r.Id)).First());
        var page = await SignedInAsync("bli-officer");
        await page.GotoAsync($"{browser.BaseUrl}/admin/datasets/{dataset}/resources/{resource}/pipeline");
        await page.GetByLabel("網址（網址或網頁表格）").FillAsync($"{browser.BaseUrl}/datasets/{dataset}/resources/{resource}/download");

        // Choose the kind, Tab to the button, Enter: the page comes back with the step, its kind focused.
        await page.GetByLabel("新增步驟的種類").SelectOptionAsync("filter-rows");
        await page.GetByLabel("新增步驟的種類").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "新增步驟（加在最後）" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#step-3 legend")).ToHaveTextAsync("第 4 步：篩選資料列");
        await Assertions.Expect(page.Locator("#step-3-kind")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator(".step-status")).ToContainTextAsync("已新增第 4 步");
        // What was typed before is still there.
        await Assertions.Expect(page.GetByLabel("網址（網址或網頁表格）")).ToHaveValueAsync($"{browser.BaseUrl}/datasets/{dataset}/resources/{resource}/download");

        // Move it up twice with Enter alone: after each move the focus is on the same step's Move up button.
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^上移\s*第 4 步$") }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#step-2 legend")).ToHaveTextAsync("第 3 步：篩選資料列");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^上移\s*第 3 步$") })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#step-1 legend")).ToHaveTextAsync("第 2 步：篩選資料列");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^上移\s*第 2 步$") })).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#step-3 legend")).ToHaveTextAsync("第 4 步：刪除空白列");

        // Enter in a text field saves (it does not press a step's buttons): the filter has no column yet,
        // so the errors come back, focused, with every step still there.
        await page.GetByLabel("比較的值（「是空白」「不是空白」不需要）").FillAsync("1");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#form-errors")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#field-steps-1-column")).ToContainTextAsync("請填寫要比較的欄位名稱");
        await Assertions.Expect(page.Locator("fieldset.step")).ToHaveCountAsync(4);
        await Assertions.Expect(page.GetByLabel("比較的值（「是空白」「不是空白」不需要）")).ToHaveValueAsync("1");
        var violations = await Axe.SeriousViolationsAsync(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
