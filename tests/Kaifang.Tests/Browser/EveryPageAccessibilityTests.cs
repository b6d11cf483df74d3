using System.Diagnostics;
using System.Text.RegularExpressions;
using Kaifang.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Kaifang.Tests.Browser;

/// The browser and app for EveryPageAccessibilityTests, with the portal's records made once for its tests.
public sealed class EveryPageFixture : IAsyncLifetime
{
    public BrowserFixture Browser { get; } = new();
    private Task<PortalRecords>? _portal;

    public Task<PortalRecords> PortalAsync() => _portal ??= PortalRecords.CreateAsync(Browser.App);

    public Task InitializeAsync() => Browser.InitializeAsync();

    public Task DisposeAsync() => Browser.DisposeAsync();
}

/// axe-core over every page of the portal and the back office, in Chinese and in English, as the people who use
/// them: no serious or critical violation, and nothing the content security policy refused. The pages come from
/// the app's own routes (PageRoutes), so a page added later is checked, or named as missing from EveryPage.
[Trait("Category", "Browser")]
[Collection(BrowserTestGroup.Name)]
public sealed class EveryPageAccessibilityTests(EveryPageFixture fixture, ITestOutputHelper output) : IClassFixture<EveryPageFixture>
{
    private const string CultureCookie = ".AspNetCore.Culture";

    /// Chinese on a desktop screen, English on a phone's (390 px): tables that scroll sideways, menus that wrap
    /// and the like are seen at both widths without visiting every page four times.
    private static readonly string[] Languages = ["zh-TW", "en"];
    private static int WidthFor(string language) => language == "en" ? 390 : 1280;

    private BrowserFixture Browser => fixture.Browser;

    [Fact]
    public void Every_page_of_the_app_has_real_values_to_visit_it_with()
    {
        var routes = PageRoutes.Of(Browser.App.Services);
        // The Razor Pages themselves, read from the app: if none came back, the check below would prove nothing.
        Assert.Contains(routes, r => r.Template == "/admin/datasets/{name}" && r.IsBackOffice);
        Assert.Contains(routes, r => r.Template == "/" && !r.IsBackOffice);

        var problems = new List<string>();
        foreach (var route in routes)
        {
            var (table, name) = route.IsBackOffice ? (EveryPage.BackOffice.Keys, nameof(EveryPage.BackOffice)) : (EveryPage.Public.Keys, nameof(EveryPage.Public));
            if (!table.Contains(route.Template))
            {
                problems.Add(route.HasParameters
                    ? $"{route.Template} ({route.File}) takes route values: add it to EveryPage.{name} with where real ones come from (the demo catalog, or a record PageRecords makes first)"
                    : $"{route.Template} ({route.File}) is not visited: add it to EveryPage.{name}");
            }
        }
        var known = routes.ToDictionary(r => r.Template, r => r.IsBackOffice, StringComparer.Ordinal);
        problems.AddRange(EveryPage.Public.Keys.Where(k => !known.TryGetValue(k, out var backOffice) || backOffice)
            .Select(k => $"EveryPage.Public lists {k}, which is no public page of the app"));
        problems.AddRange(EveryPage.BackOffice.Keys.Where(k => !known.TryGetValue(k, out var backOffice) || !backOffice)
            .Select(k => $"EveryPage.BackOffice lists {k}, which is no back-office page of the app"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task The_check_finds_what_it_is_there_to_find()
    {
        // A field without a label and grey text on white, planted in a page: the check is not blind to them.
        var page = await PageAsync("zh-TW", signedInAs: null);
        var failures = new List<string>();
        await CheckAsync(page, "anonymous", "zh-TW", new Visit("/"), failures);
        Assert.Empty(failures);
        await page.EvaluateAsync("""
            () => {
                const main = document.querySelector('main');
                main.appendChild(document.createElement('input'));
                const faint = document.createElement('p');
                faint.textContent = '淡色文字';
                faint.style.color = '#ccc';
                faint.style.background = '#fff';
                main.appendChild(faint);
            }
            """);
        await CheckRenderedAsync(page, "planted", "zh-TW", failures);
        Assert.Contains(failures, f => f.Contains(": label (critical)", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains(": color-contrast (serious)", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Every_public_page_has_no_serious_accessibility_violations_in_either_language()
    {
        var records = await fixture.PortalAsync();
        var visits = EveryPage.Public.Values.SelectMany(v => v(records)).ToList();
        var forms = EveryPage.PublicForms(records);
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        var checkedPages = 0;
        foreach (var language in Languages)
        {
            var page = await PageAsync(language, signedInAs: null);
            foreach (var visit in visits)
            {
                await CheckAsync(page, "anonymous", language, visit, failures);
                checkedPages++;
            }
            foreach (var form in forms)
            {
                await CheckFailedSubmitAsync(page, "anonymous", language, form, failures);
                checkedPages++;
            }
            await page.Context.CloseAsync();
        }
        output.WriteLine($"{checkedPages} public pages checked ({EveryPage.Public.Count} routes, {visits.Count} addresses and {forms.Count} failed forms, in {Languages.Length} languages) in {clock.Elapsed.TotalSeconds:0} s");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_back_office_page_has_no_serious_accessibility_violations_in_either_language()
    {
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        var checkedPages = 0;

        // The lists before anything is made in them.
        Assert.Equal(0, Browser.App.WithDb(db => db.HarvestSources.Count() + db.InventoryRounds.Count() + db.ReviewMeetings.Count()));
        var admin = await PageAsync("zh-TW", signedInAs: "admin");
        foreach (var visit in EveryPage.BackOfficeEmpty)
        {
            await CheckAsync(admin, "admin (empty lists)", "zh-TW", visit, failures);
            checkedPages++;
        }
        await admin.Context.CloseAsync();

        var records = await BackOfficeRecords.CreateAsync(Browser.App, await fixture.PortalAsync(), Browser.BaseUrl);
        var visits = EveryPage.BackOffice.Values.SelectMany(v => v(records)).ToList();
        var forms = EveryPage.BackOfficeForms(records);
        foreach (var language in Languages)
        {
            var page = await PageAsync(language, signedInAs: "admin");
            foreach (var visit in visits)
            {
                await CheckAsync(page, "admin", language, visit, failures);
                checkedPages++;
            }
            foreach (var form in forms)
            {
                await CheckFailedSubmitAsync(page, "admin", language, form, failures);
                checkedPages++;
            }
            await page.Context.CloseAsync();
        }

        var officer = await PageAsync("zh-TW", signedInAs: "bli-officer");
        foreach (var visit in EveryPage.ForOfficer(records))
        {
            await CheckAsync(officer, "bli-officer", "zh-TW", visit, failures);
            checkedPages++;
        }
        await CheckFailedSubmitAsync(officer, "bli-officer", "zh-TW", EveryPage.BackOfficeForms(records)[0], failures);
        checkedPages++;
        await officer.Context.CloseAsync();

        var agencyAdmin = await PageAsync("zh-TW", signedInAs: "bli-admin");
        foreach (var visit in EveryPage.ForAgencyAdmin(records))
        {
            await CheckAsync(agencyAdmin, "bli-admin", "zh-TW", visit, failures);
            checkedPages++;
        }
        await agencyAdmin.Context.CloseAsync();

        output.WriteLine($"{checkedPages} back-office pages checked ({EveryPage.BackOffice.Count} routes, {visits.Count} addresses and {forms.Count} failed forms in {Languages.Length} languages as the system administrator, with empty lists and an agency's officer's and administrator's pages) in {clock.Elapsed.TotalSeconds:0} s");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// One browser context for a visitor and language, reused for all their pages: signed in through the sign-in
    /// page, the language chosen by the cookie the language switch sets, at the language's screen width.
    private async Task<IPage> PageAsync(string language, string? signedInAs)
    {
        var page = await Browser.NewPageAsync(language);
        await page.SetViewportSizeAsync(WidthFor(language), 844);
        if (signedInAs is not null)
        {
            await page.GotoAsync(Browser.BaseUrl + "/account/login");
            await page.GetByLabel("帳號").FillAsync(signedInAs);
            await page.GetByLabel("密碼").FillAsync(KaifangAppFactory.StaffPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "登入" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(Browser.BaseUrl + "/admin");
        }
        await page.Context.AddCookiesAsync([new Cookie { Name = CultureCookie, Value = $"c={language}|uic={language}", Url = Browser.BaseUrl }]);
        return page;
    }

    private async Task CheckAsync(IPage page, string who, string language, Visit visit, List<string> failures)
    {
        var label = $"[{who}, {language}, {WidthFor(language)} px] {visit.Url}";
        var response = await page.GotoAsync(Browser.BaseUrl + visit.Url);
        if (response?.Status != visit.Status)
        {
            failures.Add($"{label}: answered {response?.Status}, not {visit.Status}");
        }
        var landed = Uri.UnescapeDataString(new Uri(page.Url).AbsolutePath);
        if (landed != visit.Path)
        {
            failures.Add($"{label}: ended at {landed}, not the page asked for");
            return;
        }
        await CheckRenderedAsync(page, label, language, failures);
    }

    private async Task CheckFailedSubmitAsync(IPage page, string who, string language, FailedSubmit form, List<string> failures)
    {
        var label = $"[{who}, {language}, {WidthFor(language)} px] {form.Url} after sending the form empty";
        await page.GotoAsync(Browser.BaseUrl + form.Url);
        // Kaifang's own errors are what is checked: the browser's required-field bubbles are switched off.
        await page.EvaluateAsync("() => { document.querySelectorAll('form').forEach(f => f.noValidate = true); document.querySelectorAll('details').forEach(d => d.open = true); }");
        var name = language == "en" ? form.ButtonEn : form.ButtonZh;
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex($"^({name})$") }).First.ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        if (await page.Locator("[role=alert]").CountAsync() == 0)
        {
            failures.Add($"{label}: no error summary (role=alert) came back");
        }
        await CheckRenderedAsync(page, label, language, failures);
    }

    private static async Task CheckRenderedAsync(IPage page, string label, string language, List<string> failures)
    {
        var lang = await page.Locator("html").GetAttributeAsync("lang");
        if (lang != language)
        {
            failures.Add($"{label}: html lang is {lang}, not {language}");
        }
        failures.AddRange((await Axe.SeriousViolationsAsync(page)).Select(v => $"{label}: {v}"));
    }
}
