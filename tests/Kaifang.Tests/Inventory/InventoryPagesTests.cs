using System.Net;
using Kaifang.Inventory;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Tests.Inventory;

/// The back-office pages of the inventory and its meetings, driven through real forms.
public sealed class InventoryPagesTests : IDisposable
{
    private readonly InventoryAppFactory _app = new(new DateTimeOffset(2026, 10, 5, 2, 0, 0, TimeSpan.Zero));

    public void Dispose() => _app.Dispose();

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string formPage, string action, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = StaffClient.AntiforgeryToken(await client.GetStringAsync(formPage));
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task An_officer_lists_an_item_in_the_form_sees_each_problem_and_submits_it()
    {
        var round = await _app.OpenRoundAsync();
        var client = await _app.SignedInAsync("bli-officer");
        var index = await client.GetStringAsync("/admin/inventory");
        Assert.Contains("115年第4季", index, StringComparison.Ordinal);
        Assert.Contains("個人資料保護法 第16條", index, StringComparison.Ordinal);
        Assert.DoesNotContain("開辦新梯次", index, StringComparison.Ordinal);

        var form = $"/admin/inventory/items/new?round={round}";
        var invalid = await PostFormAsync(client, form, form, new()
        {
            ["Form.Agency"] = "BLI", ["Form.Name"] = "勞保被保險人投保明細", ["Form.SourceKind"] = "business-system", ["Form.OwningUnit"] = "納保處",
            ["Form.Description"] = "個別被保險人的投保紀錄。", ["Form.MainFields"] = "身分證號、姓名", ["Form.UpdateFrequency"] = "即時",
            ["Form.Grade"] = "closed", ["Form.Fee"] = "免費",
        });
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        var html = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("id=\"legalBases-error\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"legalBases-error\"", html, StringComparison.Ordinal);
        Assert.Equal(0, _app.WithDb(db => db.InventoryItems.Count()));

        var created = await PostFormAsync(client, form, form, new()
        {
            ["Form.Agency"] = "BLI", ["Form.Name"] = "勞保被保險人投保明細", ["Form.SourceKind"] = "business-system", ["Form.OwningUnit"] = "納保處",
            ["Form.Description"] = "個別被保險人的投保紀錄。", ["Form.MainFields"] = "身分證號、姓名", ["Form.UpdateFrequency"] = "即時",
            ["Form.Grade"] = "closed", ["Form.LegalBases"] = "PDPA-16", ["Form.Fee"] = "免費", ["Form.HasPersonalData"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var itemPage = created.Headers.Location!.OriginalString;
        var item = _app.WithDb(db => db.InventoryItems.AsNoTracking().Single());
        Assert.Equal((InventoryGrade.Closed, true, "PDPA-16"), (item.Grade, item.HasPersonalData, string.Join(";", item.LegalBases)));

        var moved = await PostFormAsync(client, itemPage, $"{itemPage}?handler=Move", new() { ["to"] = "submitted" });
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal(InventoryItemState.Submitted, _app.WithDb(db => db.InventoryItems.AsNoTracking().Single().State));
        var shown = await client.GetStringAsync(itemPage);
        Assert.Contains("已送出", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Form.Name\"", shown, StringComparison.Ordinal);

        var roundPage = await client.GetStringAsync($"/admin/inventory/rounds/{round}");
        Assert.Contains("勞保被保險人投保明細", roundPage, StringComparison.Ordinal);
        Assert.Contains("已提交", roundPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_import_lists_every_row_on_the_round_page()
    {
        var round = await _app.OpenRoundAsync();
        var client = await _app.SignedInAsync("bli-officer");
        var page = $"/admin/inventory/rounds/{round}";
        var token = StaffClient.AntiforgeryToken(await client.GetStringAsync(page));
        var csv = string.Join("\r\n",
            string.Join(",", InventorySpreadsheet.Columns.Select(c => c.Name)),
            "BLI,勞保投保單位統計,業務系統資料庫,納保處,統計。,年月,,每1月,否,開放,,,,免費,",
            "XYZ,某資料,業務系統資料庫,某處,說明。,欄位,,每1月,否,開放,,,,免費,");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "list.csv" },
        };
        var response = await client.PostAsync($"{page}?handler=Import", form);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("找不到機關代碼「XYZ」", html, StringComparison.Ordinal);
        Assert.Equal(0, _app.WithDb(db => db.InventoryItems.Count()));
    }

    [Fact]
    public async Task A_meeting_is_planned_decided_and_recorded_through_its_pages()
    {
        var round = await _app.OpenRoundAsync();
        using var officer = await _app.WithTokenAsync("bli-officer");
        using var bliAdmin = await _app.WithTokenAsync("bli-admin");
        var item = await InventoryAppFactory.CreateItemAsync(officer, round, InventoryAppFactory.Item("BLI", "勞保投保單位統計"));
        (await InventoryAppFactory.MoveAsync(officer, item, "submitted")).EnsureSuccessStatusCode();
        (await InventoryAppFactory.MoveAsync(bliAdmin, item, "agency-approved")).EnsureSuccessStatusCode();

        var client = await _app.SignedInAsync("bli-admin");
        var planned = await PostFormAsync(client, "/admin/meetings", "/admin/meetings", new()
        {
            ["kind"] = "working-group", ["occasion"] = "regular", ["agency"] = "BLI", ["date"] = "2026-11-20", ["title"] = "勞保局第4季工作小組會議",
            ["Members[0].Name"] = "王局長", ["Members[0].Chair"] = "true", ["Members[1].Name"] = "林教授", ["Members[1].Affiliation"] = "政治大學", ["Members[1].External"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, planned.StatusCode);
        var page = planned.Headers.Location!.OriginalString;
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(client, page, $"{page}?handler=Agenda", [])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(client, page, $"{page}?handler=Decide", new() { ["item"] = item.ToString(), ["decision"] = "approve" })).StatusCode);
        var members = _app.WithDb(db => db.MeetingMembers.AsNoTracking().OrderBy(m => m.Id).Select(m => m.Id).ToList());
        var recorded = await PostFormAsync(client, page, $"{page}?handler=Minutes", new() { ["attended"] = members[1].ToString(System.Globalization.CultureInfo.InvariantCulture), ["notes"] = "無其他事項。" });
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);

        var html = await client.GetStringAsync(page);
        Assert.Contains("通過", html, StringComparison.Ordinal);
        Assert.Contains("未出席", html, StringComparison.Ordinal);
        Assert.Equal(InventoryItemState.Approved, _app.WithDb(db => db.InventoryItems.AsNoTracking().Single().State));
        var list = await client.GetStringAsync("/admin/meetings?period=2026Q4");
        Assert.Contains("勞保局第4季工作小組會議", list, StringComparison.Ordinal);
    }
}
