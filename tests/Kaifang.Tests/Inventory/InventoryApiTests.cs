using System.Net;
using System.Net.Http.Json;
using Kaifang.Inventory;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Tests.Inventory;

/// An item's way from an agency's officer to the agency's approval over HTTP, with who may do what where.
public sealed class InventoryApiTests : IDisposable
{
    private readonly InventoryAppFactory _app = new(new DateTimeOffset(2026, 10, 5, 2, 0, 0, TimeSpan.Zero));

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Only_the_ministry_opens_a_round_once_a_quarter()
    {
        using var bliAdmin = await _app.WithTokenAsync("bli-admin");
        var refused = await bliAdmin.PostAsJsonAsync("/api/v1/inventory/rounds", new { year = 2026, quarter = 4, deadline = "2026-12-15" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        await _app.OpenRoundAsync();
        using var molAdmin = await _app.WithTokenAsync("mol-admin");
        var twice = await molAdmin.PostAsJsonAsync("/api/v1/inventory/rounds", new { year = 2026, quarter = 4, deadline = "2026-12-20" });
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Contains("已開辦", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var anonymous = _app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/inventory/rounds")).StatusCode);
    }

    [Fact]
    public async Task An_item_goes_from_the_officer_to_the_agency_admin_and_every_move_is_audited()
    {
        var round = await _app.OpenRoundAsync();
        using var officer = await _app.WithTokenAsync("bli-officer");
        using var admin = await _app.WithTokenAsync("bli-admin");
        using var reviewer = await _app.WithTokenAsync("reviewer");
        using var otherAgency = await _app.WithTokenAsync("wda-admin");
        var item = await InventoryAppFactory.CreateItemAsync(officer, round, InventoryAppFactory.Item("BLI", "勞工保險投保單位及人數統計"));

        // Officers cannot approve; reviewers do not submit; another agency does not even see the item.
        Assert.Equal(HttpStatusCode.Forbidden, (await InventoryAppFactory.MoveAsync(reviewer, item, "submitted")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await InventoryAppFactory.MoveAsync(otherAgency, item, "submitted")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherAgency.GetAsync($"/api/v1/inventory/items/{item}")).StatusCode);
        (await InventoryAppFactory.MoveAsync(officer, item, "submitted")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Forbidden, (await InventoryAppFactory.MoveAsync(officer, item, "agency-approved")).StatusCode);

        // Sending back needs a reason; a review outcome cannot be set by hand.
        Assert.Equal(HttpStatusCode.BadRequest, (await InventoryAppFactory.MoveAsync(admin, item, "draft")).StatusCode);
        (await InventoryAppFactory.MoveAsync(admin, item, "draft", "請補充主要欄位說明")).EnsureSuccessStatusCode();
        (await InventoryAppFactory.MoveAsync(officer, item, "submitted")).EnsureSuccessStatusCode();
        (await InventoryAppFactory.MoveAsync(admin, item, "agency-approved")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Conflict, (await InventoryAppFactory.MoveAsync(admin, item, "approved")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await InventoryAppFactory.MoveAsync(admin, item, "published")).StatusCode);

        // No longer editable once submitted and approved.
        var edit = await officer.PutAsJsonAsync($"/api/v1/inventory/items/{item}", InventoryAppFactory.Item("BLI", "改名"));
        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);

        var shown = await InventoryAppFactory.JsonAsync(await officer.GetAsync($"/api/v1/inventory/items/{item}"));
        Assert.Equal("agency-approved", shown.GetProperty("state").GetString());
        var history = shown.GetProperty("history").EnumerateArray().Select(m => (m.GetProperty("by").GetString(), m.GetProperty("from").GetString(), m.GetProperty("to").GetString(), m.GetProperty("reason").GetString())).ToList();
        Assert.Equal(
        [
            ("bli-officer", null, "draft", null),
            ("bli-officer", "draft", "submitted", null),
            ("bli-admin", "submitted", "draft", "請補充主要欄位說明"),
            ("bli-officer", "draft", "submitted", null),
            ("bli-admin", "submitted", "agency-approved", null),
        ], history);
    }

    [Fact]
    public async Task A_restricted_item_needs_its_legal_basis_and_a_charged_one_its_fee_basis()
    {
        var round = await _app.OpenRoundAsync();
        using var officer = await _app.WithTokenAsync("bli-officer");
        var response = await officer.PostAsJsonAsync($"/api/v1/inventory/rounds/{round}/items",
            InventoryAppFactory.Item("BLI", "勞保被保險人明細", grade: "restricted", fee: "付費"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("legalBases", body, StringComparison.Ordinal);
        Assert.Contains("feeBasis", body, StringComparison.Ordinal);

        var ok = await InventoryAppFactory.CreateItemAsync(officer, round,
            InventoryAppFactory.Item("BLI", "勞保被保險人明細", grade: "restricted", legalBases: ["PDPA-16", "政府資訊公開法 第18條第1項第6款"], fee: "付費", feeBasis: "規費法"));
        var stored = _app.WithDb(db => db.InventoryItems.AsNoTracking().Single(i => i.Id == ok));
        Assert.Equal(["PDPA-16", "FOIA-18-1-6"], stored.LegalBases);

        var duplicate = await officer.PostAsJsonAsync($"/api/v1/inventory/rounds/{round}/items", InventoryAppFactory.Item("BLI", " 勞保被保險人明細 "));
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
    }

    [Fact]
    public async Task The_legal_basis_list_ships_with_real_bases_and_only_system_admins_change_it()
    {
        using var officer = await _app.WithTokenAsync("bli-officer");
        var bases = await InventoryAppFactory.JsonAsync(await officer.GetAsync("/api/v1/inventory/legal-bases"));
        var titles = bases.EnumerateArray().Select(b => b.GetProperty("title").GetString()).ToList();
        Assert.Contains("個人資料保護法 第19條", titles);
        Assert.Contains("政府資訊公開法 第18條第1項第9款", titles);
        Assert.Equal(9, titles.Count(t => t!.StartsWith("政府資訊公開法 第18條第1項", StringComparison.Ordinal)));

        var input = new { law = "勞工保險條例", article = "第28條", text = "保險人為審核保險給付，得向被保險人等調閱有關資料。" };
        using var molAdmin = await _app.WithTokenAsync("mol-admin");
        Assert.Equal(HttpStatusCode.Forbidden, (await molAdmin.PutAsJsonAsync("/api/v1/inventory/legal-bases/LIA-28", input)).StatusCode);
        using var admin = await _app.WithTokenAsync("admin");
        (await admin.PutAsJsonAsync("/api/v1/inventory/legal-bases/LIA-28", input)).EnsureSuccessStatusCode();
        Assert.Contains("LIA-28", await officer.GetStringAsync("/api/v1/inventory/legal-bases"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_round_shows_per_agency_what_is_submitted_and_what_is_missing()
    {
        var round = await _app.OpenRoundAsync();
        using var bli = await _app.WithTokenAsync("bli-officer");
        using var wda = await _app.WithTokenAsync("wda-officer");
        var sent = await InventoryAppFactory.CreateItemAsync(bli, round, InventoryAppFactory.Item("BLI", "勞保投保單位統計"));
        (await InventoryAppFactory.MoveAsync(bli, sent, "submitted")).EnsureSuccessStatusCode();
        await InventoryAppFactory.CreateItemAsync(wda, round, InventoryAppFactory.Item("WDA", "職業訓練課程"));

        using var molAdmin = await _app.WithTokenAsync("mol-admin");
        var view = await InventoryAppFactory.JsonAsync(await molAdmin.GetAsync("/api/v1/inventory/rounds/2026Q4"));
        var byAgency = view.GetProperty("agencies").EnumerateArray().ToDictionary(a => a.GetProperty("agency").GetString()!, a => a.GetProperty("submission").GetString());
        Assert.Equal("submitted", byAgency["BLI"]);
        Assert.Equal("missing", byAgency["WDA"]);
        Assert.Equal("missing", byAgency["OSHA"]);
        Assert.Equal(6, byAgency.Count);

        // An agency sees its own line only.
        var own = await InventoryAppFactory.JsonAsync(await bli.GetAsync($"/api/v1/inventory/rounds/{round}"));
        Assert.Equal("BLI", Assert.Single(own.GetProperty("agencies").EnumerateArray()).GetProperty("agency").GetString());
    }
}
