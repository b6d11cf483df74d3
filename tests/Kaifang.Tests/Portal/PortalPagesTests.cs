using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Kaifang.Tests.Portal;

public sealed partial class PortalPagesTests(PortalCatalog catalog) : IClassFixture<PortalCatalog>
{
    private readonly HttpClient _client = catalog.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task Home_shows_counts_newest_datasets_and_the_sample_banner()
    {
        var html = await _client.GetStringAsync("/");

        Assert.Contains($"<strong>{PortalCatalog.PublishedCount}</strong> <span>已上架資料集</span>", html);
        // Resources of published datasets only: 2 + 2 + 1 + the filler's one each; the draft's is not counted.
        Assert.Contains($"<strong>{5 + PortalCatalog.FillerCount}</strong> <span>資料資源</span>", html);
        Assert.Contains("示範資料", html);
        Assert.Contains("<span lang=\"en\">sample data</span>", html);
        Assert.Contains($"href=\"/datasets/{PortalCatalog.InsuranceName}\"", html);
        Assert.DoesNotContain(PortalCatalog.DraftName, html);
        Assert.Matches(@"href=""/agencies/osha"">[^<]+</a>\s*<span class=""count"">25<", html);
        Assert.Contains("href=\"/datasets?category=E00\"", html);
    }

    [Fact]
    public async Task Chinese_is_the_default_and_lang_en_switches_the_page_to_english()
    {
        var zh = await _client.GetStringAsync("/");
        var en = await _client.GetStringAsync("/?lang=en");

        Assert.Contains("<html lang=\"zh-TW\">", zh);
        Assert.Contains("<html lang=\"en\">", en);
        Assert.Contains("Newest datasets", en);
        // An English title is used where there is one, and marked as English.
        Assert.Contains("lang=\"en\">Labour insurance salary grades</a>", en);
    }

    [Fact]
    public async Task Browsing_without_words_lists_every_published_dataset_twenty_per_page()
    {
        var page1 = await _client.GetStringAsync("/datasets");
        var page2 = await _client.GetStringAsync("/datasets?page=2");

        Assert.Contains($"共 {PortalCatalog.PublishedCount} 筆資料集", page1);
        Assert.Equal(20, ResultCount(page1));
        Assert.Equal(PortalCatalog.PublishedCount - 20, ResultCount(page2));
        Assert.Contains("<nav class=\"pager\" aria-label=\"分頁\">", page1);
        Assert.Contains("href=\"/datasets?page=2\" aria-current=\"page\"", page2);
        Assert.DoesNotContain(PortalCatalog.DraftName, page1 + page2);
    }

    [Fact]
    public async Task Words_find_the_matching_dataset()
    {
        var html = await _client.GetStringAsync("/datasets?q=" + Uri.EscapeDataString("投保薪資"));

        Assert.Contains("共 1 筆資料集", html);
        Assert.Contains($"href=\"/datasets/{PortalCatalog.InsuranceName}\"", html);
        Assert.Contains("class=\"badge sample\"", html);
    }

    [Fact]
    public async Task Facets_filter_and_show_counts_with_links_that_add_and_remove_values()
    {
        var all = await _client.GetStringAsync("/datasets");
        Assert.Matches(@"href=""/datasets\?agency=OSHA""[^>]*>\s*<span lang=""zh-TW"">[^<]+</span>\s*<span class=""count"">\(25", all);
        Assert.Contains("href=\"/datasets?format=XML\"", all);

        var filtered = await _client.GetStringAsync("/datasets?agency=BLI&agency=WDA&sort=name");

        Assert.Contains("共 2 筆資料集", filtered);
        Assert.Contains($"/datasets/{PortalCatalog.InsuranceName}", filtered);
        Assert.Contains($"/datasets/{PortalCatalog.Big5Name}", filtered);
        // The remove link keeps the other value and the sort.
        Assert.Contains("href=\"/datasets?agency=WDA&amp;sort=name\" class=\"chip\"", filtered);
        Assert.Contains("aria-current=\"true\"", filtered);

        var both = await _client.GetStringAsync("/datasets?agency=BLI&format=XML");
        Assert.Contains("找不到符合的資料集", both);
    }

    [Fact]
    public async Task Sorting_by_name_and_by_newest_orders_the_results()
    {
        var byName = Titles(await _client.GetStringAsync("/datasets?agency=OSHA&sort=name"));
        var newest = Titles(await _client.GetStringAsync("/datasets?agency=OSHA&sort=newest"));

        Assert.Equal("職業安全衛生統計第00號", byName[0]);
        Assert.Equal("職業安全衛生統計第24號", newest[0]);
        Assert.Contains("<option value=\"newest\" selected=\"selected\">", await _client.GetStringAsync("/datasets?sort=newest"));
    }

    [Fact]
    public async Task Dataset_page_shows_metadata_resources_preview_and_history()
    {
        var html = await _client.GetStringAsync($"/datasets/{PortalCatalog.InsuranceName}");

        Assert.Contains("<h1 id=\"dataset-title\" lang=\"zh-TW\">勞工保險投保薪資分級表</h1>", html);
        foreach (var text in new[]
        {
            "Labour insurance salary grades", "A17010000J-000001", "投資理財", "原始資料", "每1年", "政府資料開放授權條款-第1版",
            "https://data.gov.tw/license", "免費", "王小明", "02-2396-1266", "mailto:open@bli.gov.tw", "https://www.bli.gov.tw/",
            "投保薪資等級、月投保薪資", "勞保", "自115年1月1日起適用", "手動上架", "UTF-8", "民國115年",
        })
        {
            Assert.Contains(text, html);
        }
        Assert.Contains($"href=\"/datasets/{PortalCatalog.InsuranceName}/resources/{catalog.InsuranceCsvId}/download\"", html);
        Assert.Contains("<th scope=\"col\">格式</th>", html);
        // CSV preview rows and the JSON records.
        Assert.Contains("<th scope=\"col\" lang=\"zh-TW\">月投保薪資</th>", html);
        Assert.Contains("<td>27600</td>", html);
        Assert.Contains("<th scope=\"col\" lang=\"zh-TW\">金額</th>", html);
        // History, newest first, long values cut.
        var updated = html.IndexOf("bli-officer", StringComparison.Ordinal);
        var published = html.IndexOf("bli-admin", StringComparison.Ordinal);
        Assert.True(updated > 0 && published > updated);
        Assert.Contains("<span class=\"field\">資料集名稱</span>", html);
        Assert.Contains("勞保投保薪資表", html);
        Assert.Contains(new string('舊', 120) + "…", html);
        Assert.DoesNotContain(new string('舊', 121), html);
    }

    [Fact]
    public async Task A_big5_csv_is_previewed_as_text()
    {
        var html = await _client.GetStringAsync($"/datasets/{PortalCatalog.Big5Name}");

        Assert.Contains("<td>臺中市</td>", html);
        Assert.Contains("<th scope=\"col\" lang=\"zh-TW\">職業訓練人數</th>", html);
        Assert.Contains("Big5", html);
    }

    [Fact]
    public async Task A_damaged_file_gets_a_note_instead_of_a_preview()
    {
        var response = await _client.GetAsync($"/datasets/{PortalCatalog.Big5Name}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("無法預覽：檔案無法讀取或已損壞。", html);
    }

    [Fact]
    public async Task The_english_dataset_page_marks_the_language_of_chinese_data()
    {
        var html = await _client.GetStringAsync($"/datasets/{PortalCatalog.InsuranceName}?lang=en");

        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("<h1 id=\"dataset-title\" lang=\"en\">Labour insurance salary grades</h1>", html);
        Assert.Contains("<p class=\"subtitle\" lang=\"zh-TW\">勞工保險投保薪資分級表</p>", html);
        Assert.Contains("<dt>Update frequency</dt><dd>Every year</dd>", html);
        Assert.Contains("<dd lang=\"zh-TW\">王小明</dd>", html);
        Assert.Contains("Sample data", html);
    }

    [Theory]
    [InlineData("/datasets/no-such-dataset")]
    [InlineData("/datasets/" + PortalCatalog.DraftName)]
    [InlineData("/agencies/nope")]
    public async Task Unknown_and_unpublished_pages_are_not_found(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_upper_case_name_redirects_to_the_lower_case_page()
    {
        var response = await _client.GetAsync($"/datasets/{PortalCatalog.InsuranceName.ToUpperInvariant()}");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal($"/datasets/{PortalCatalog.InsuranceName}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Agencies_page_shows_the_tree_with_counts()
    {
        var html = await _client.GetStringAsync("/agencies");

        Assert.Matches(@"href=""/agencies/osha"">[^<]+</a>\s*<span class=""count"">25 筆資料集", html);
        Assert.Contains("含所屬機關共 28 筆", html);
    }

    [Fact]
    public async Task Agency_page_lists_its_datasets_newest_first_with_paging()
    {
        var html = await _client.GetStringAsync("/agencies/osha");
        var page2 = await _client.GetStringAsync("/agencies/OSHA?page=2");

        Assert.Contains("已上架資料集（25 筆）", html);
        Assert.Contains("href=\"/datasets?agency=OSHA\"", html);
        Assert.Equal("職業安全衛生統計第24號", Titles(html)[0]);
        Assert.Equal(5, Titles(page2).Count);
        Assert.Contains("href=\"/agencies/osha?page=2\" aria-current=\"page\"", page2);
    }

    private static int ResultCount(string html) => ResultItem().Count(html);

    private static List<string> Titles(string html) =>
        [.. TitleLink().Matches(html).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"<article class=""result""")]
    private static partial Regex ResultItem();

    [GeneratedRegex(@"<h3[^>]*><a href=""/datasets/[^""]+""[^>]*>([^<]+)</a></h3>")]
    private static partial Regex TitleLink();
}
