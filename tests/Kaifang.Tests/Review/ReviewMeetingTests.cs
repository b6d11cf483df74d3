using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Xml.Linq;
using Kaifang.Inventory;
using Kaifang.Tests.Infrastructure;
using Kaifang.Tests.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Tests.Review;

/// A working group's review meeting over HTTP: agenda from the items awaiting review, decisions moving the
/// items, minutes recorded and written as an ODF text, the meeting counted for S14.1, and the approved open item made a dataset.
public sealed class ReviewMeetingTests : IDisposable
{
    private static readonly XNamespace Text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    private static readonly XNamespace Table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
    private readonly InventoryAppFactory _app = new(new DateTimeOffset(2026, 10, 5, 2, 0, 0, TimeSpan.Zero));

    public void Dispose() => _app.Dispose();

    private sealed record Setup(int Round, Guid Open, Guid Restricted, Guid Closed, Guid Wda, Guid StillSubmitted);

    /// Three BLI items and one WDA item approved by their agencies, one BLI item only submitted.
    private async Task<Setup> ItemsAwaitingReviewAsync()
    {
        var round = await _app.OpenRoundAsync();
        using var bli = await _app.WithTokenAsync("bli-officer");
        using var bliAdmin = await _app.WithTokenAsync("bli-admin");
        using var wda = await _app.WithTokenAsync("wda-officer");
        using var wdaAdmin = await _app.WithTokenAsync("wda-admin");
        var open = await InventoryAppFactory.CreateItemAsync(bli, round, InventoryAppFactory.Item("BLI", "勞工保險投保單位及被保險人人數"));
        var restricted = await InventoryAppFactory.CreateItemAsync(bli, round, InventoryAppFactory.Item("BLI", "勞保年金給付統計", "restricted", ["FOIA-18-1-3"]));
        var closed = await InventoryAppFactory.CreateItemAsync(bli, round, InventoryAppFactory.Item("BLI", "勞保被保險人投保明細", "closed", ["PDPA-16"]));
        var submitted = await InventoryAppFactory.CreateItemAsync(bli, round, InventoryAppFactory.Item("BLI", "勞保局出版品目錄"));
        var wdaItem = await InventoryAppFactory.CreateItemAsync(wda, round, InventoryAppFactory.Item("WDA", "職業訓練課程"));
        foreach (var id in new[] { open, restricted, closed, submitted })
        {
            (await InventoryAppFactory.MoveAsync(bli, id, "submitted")).EnsureSuccessStatusCode();
        }
        foreach (var id in new[] { open, restricted, closed })
        {
            (await InventoryAppFactory.MoveAsync(bliAdmin, id, "agency-approved")).EnsureSuccessStatusCode();
        }
        (await InventoryAppFactory.MoveAsync(wda, wdaItem, "submitted")).EnsureSuccessStatusCode();
        (await InventoryAppFactory.MoveAsync(wdaAdmin, wdaItem, "agency-approved")).EnsureSuccessStatusCode();
        return new Setup(round, open, restricted, closed, wdaItem, submitted);
    }

    private static object WorkingGroupMeeting(string date = "2026-11-20") => new
    {
        kind = "working-group", occasion = "regular", agency = "BLI", date, title = "勞保局115年第4季資料開放工作小組會議", location = "勞保局 5 樓會議室",
        members = new object[]
        {
            new { name = "王局長", affiliation = "勞動部勞工保險局", external = false, chair = true },
            new { name = "陳承辦", affiliation = "勞保局資訊室", external = false },
            new { name = "林教授", affiliation = "國立政治大學資訊管理學系", external = true },
            new { name = "黃律師", affiliation = "外部法律專家", external = true },
        },
    };

    private static Task<HttpResponseMessage> DecideAsync(HttpClient client, Guid meeting, Guid item, string decision, string? reason = null) =>
        client.PostAsJsonAsync($"/api/v1/meetings/{meeting}/decisions", new { item, decision, reason });

    private string State(Guid item) => InventoryTerms.StateCode(_app.WithDb(db => db.InventoryItems.AsNoTracking().Single(i => i.Id == item).State));

    [Fact]
    public async Task A_working_group_meeting_reviews_its_agency_items_and_its_minutes_hold_the_decisions()
    {
        var s = await ItemsAwaitingReviewAsync();
        using var officer = await _app.WithTokenAsync("bli-officer");
        using var bliAdmin = await _app.WithTokenAsync("bli-admin");
        using var reviewer = await _app.WithTokenAsync("reviewer");
        using var wdaAdmin = await _app.WithTokenAsync("wda-admin");

        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsJsonAsync("/api/v1/meetings", WorkingGroupMeeting())).StatusCode);
        var meeting = await InventoryAppFactory.JsonAsync(await bliAdmin.PostAsJsonAsync("/api/v1/meetings", WorkingGroupMeeting()));
        var id = meeting.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await wdaAdmin.GetAsync($"/api/v1/meetings/{id}")).StatusCode);

        // The agenda: the agency's items awaiting review, not another agency's, not one only submitted.
        var built = await InventoryAppFactory.JsonAsync(await bliAdmin.PostAsJsonAsync($"/api/v1/meetings/{id}/agenda", new { round = "2026Q4" }));
        var agenda = built.GetProperty("agenda").EnumerateArray().Select(a => a.GetProperty("item").GetGuid()).ToList();
        Assert.Equal([s.Open, s.Restricted, s.Closed], agenda);
        Assert.Equal("under-review", State(s.Open));

        // Decisions: only on the agenda, only by those who review, with reasons where they refuse or ask for changes.
        Assert.Equal(HttpStatusCode.Conflict, (await DecideAsync(reviewer, id, s.Wda, "approve")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await DecideAsync(reviewer, id, s.StillSubmitted, "approve")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await DecideAsync(officer, id, s.Open, "approve")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await DecideAsync(reviewer, id, s.Restricted, "approve-with-changes")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await DecideAsync(reviewer, id, s.Open, "postpone")).StatusCode);
        (await DecideAsync(reviewer, id, s.Open, "approve")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Conflict, (await DecideAsync(reviewer, id, s.Open, "reject", "再議")).StatusCode);
        (await DecideAsync(reviewer, id, s.Restricted, "approve-with-changes", "請改依政府資訊公開法第18條第1項第6款並限縮欄位")).EnsureSuccessStatusCode();

        // Minutes wait for every decision.
        var members = built.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetInt64()).ToList();
        var attendance = new Dictionary<string, bool> { [members[0].ToString(System.Globalization.CultureInfo.InvariantCulture)] = true, [members[2].ToString(System.Globalization.CultureInfo.InvariantCulture)] = true, [members[3].ToString(System.Globalization.CultureInfo.InvariantCulture)] = false };
        Assert.Equal(HttpStatusCode.Conflict, (await bliAdmin.PostAsJsonAsync($"/api/v1/meetings/{id}/minutes", new { attendance })).StatusCode);
        (await DecideAsync(bliAdmin, id, s.Closed, "reject", "涉及個人資料，維持不開放之建議不符，請改列限制開放後再提")).EnsureSuccessStatusCode();
        (await bliAdmin.PostAsJsonAsync($"/api/v1/meetings/{id}/follow-ups", new { description = "修正勞保年金給付統計之分級依據", owner = "勞保局企劃室", dueOn = "2026-12-31" })).EnsureSuccessStatusCode();
        var held = await InventoryAppFactory.JsonAsync(await bliAdmin.PostAsJsonAsync($"/api/v1/meetings/{id}/minutes", new { attendance, notes = "下次會議檢視修正情形。" }));
        Assert.True(held.GetProperty("held").GetBoolean());

        Assert.Equal("approved", State(s.Open));
        Assert.Equal("changes-requested", State(s.Restricted));
        Assert.Equal("rejected", State(s.Closed));
        var history = _app.WithDb(db => db.InventoryItemMoves.AsNoTracking().Where(m => m.ItemId == s.Restricted).OrderBy(m => m.Id).ToList()).Last();
        Assert.Equal(("reviewer", InventoryItemState.UnderReview, InventoryItemState.ChangesRequested, id), (history.UserName, history.From!.Value, history.To, history.MeetingId!.Value));

        // Closed for good once the minutes are recorded.
        Assert.Equal(HttpStatusCode.Conflict, (await bliAdmin.PutAsJsonAsync($"/api/v1/meetings/{id}", WorkingGroupMeeting("2026-11-21"))).StatusCode);

        // The minutes as an OpenDocument text, opened and read.
        var response = await reviewer.GetAsync($"/api/v1/meetings/{id}/minutes.odt");
        response.EnsureSuccessStatusCode();
        Assert.Equal("application/vnd.oasis.opendocument.text", response.Content.Headers.ContentType!.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        var first = zip.Entries[0];
        Assert.Equal("mimetype", first.FullName);
        Assert.Equal(first.Length, first.CompressedLength);
        using (var reader = new StreamReader(first.Open()))
        {
            Assert.Equal("application/vnd.oasis.opendocument.text", await reader.ReadToEndAsync());
        }
        Assert.Equal(["META-INF/manifest.xml", "content.xml", "meta.xml", "mimetype", "styles.xml"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        var manifest = XDocument.Load(zip.GetEntry("META-INF/manifest.xml")!.Open());
        Assert.Equal(4, manifest.Descendants().Count(e => e.Name.LocalName == "file-entry"));
        XDocument.Load(zip.GetEntry("styles.xml")!.Open());
        Assert.Contains("會議紀錄", XDocument.Load(zip.GetEntry("meta.xml")!.Open()).Descendants().Single(e => e.Name.LocalName == "title").Value, StringComparison.Ordinal);

        var content = XDocument.Load(zip.GetEntry("content.xml")!.Open());
        var decisions = content.Descendants(Table + "table").Single(t => (string?)t.Attribute(Table + "name") == "decisions");
        var rows = decisions.Descendants(Table + "table-row").Select(r => r.Elements(Table + "table-cell").Select(c => c.Value).ToList()).ToList();
        Assert.Equal(["序號", "機關", "盤點項目", "建議分級", "法令依據", "決議", "理由"], rows[0]);
        Assert.Equal(["1", "勞動部勞工保險局", "勞工保險投保單位及被保險人人數", "開放", "", "通過", ""], rows[1]);
        Assert.Equal("修正後通過", rows[2][5]);
        Assert.Equal("政府資訊公開法 第18條第1項第3款", rows[2][4]);
        Assert.Equal("請改依政府資訊公開法第18條第1項第6款並限縮欄位", rows[2][6]);
        Assert.Equal("不通過", rows[3][5]);
        var paragraphs = content.Descendants(Text + "p").Select(p => p.Value).ToList();
        Assert.Contains("時間：民國115年11月20日", paragraphs);
        Assert.Contains("主席：王局長（勞動部勞工保險局）", paragraphs);
        Assert.Contains("出席委員（外部）：林教授（國立政治大學資訊管理學系）", paragraphs);
        Assert.Contains("請假或缺席：陳承辦（勞保局資訊室）、黃律師（外部法律專家）", paragraphs);
        Assert.Contains("修正勞保年金給付統計之分級依據", paragraphs);
        Assert.Contains("下次會議檢視修正情形。", paragraphs);

        // The same minutes as a PDF: its text is written as UCS-2 hex, uncompressed.
        var pdf = await reviewer.GetAsync($"/api/v1/meetings/{id}/minutes.pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var pdfText = System.Text.Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("%PDF-1.4", pdfText, StringComparison.Ordinal);
        foreach (var words in new[] { "修正後通過", "不通過", "勞工保險投保單位及被保險人人數" })
        {
            Assert.Contains(string.Concat(words.Select(c => ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture))), pdfText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Working_group_meetings_count_for_their_agency_once_held()
    {
        await ItemsAwaitingReviewAsync();
        using var bliAdmin = await _app.WithTokenAsync("bli-admin");
        using var molAdmin = await _app.WithTokenAsync("mol-admin");
        var heldId = (await InventoryAppFactory.JsonAsync(await bliAdmin.PostAsJsonAsync("/api/v1/meetings", WorkingGroupMeeting()))).GetProperty("id").GetGuid();
        var members = (await InventoryAppFactory.JsonAsync(await bliAdmin.GetAsync($"/api/v1/meetings/{heldId}"))).GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetInt64()).ToList();
        (await bliAdmin.PostAsJsonAsync($"/api/v1/meetings/{heldId}/minutes", new { attendance = members.ToDictionary(m => m.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => true) })).EnsureSuccessStatusCode();
        // Planned but without minutes: not held yet. The advisory group's meetings are not working-group meetings.
        await InventoryAppFactory.JsonAsync(await bliAdmin.PostAsJsonAsync("/api/v1/meetings", WorkingGroupMeeting("2026-12-18")));
        var advisory = await InventoryAppFactory.JsonAsync(await molAdmin.PostAsJsonAsync("/api/v1/meetings", new
        {
            kind = "advisory-group", occasion = "ad-hoc", date = "2026-11-25", title = "勞動部資料開放諮詢小組臨時會議",
            members = new[] { new { name = "張委員", affiliation = "中央研究院", external = true } },
        }));
        Assert.Equal("MOL", advisory.GetProperty("agency").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await bliAdmin.PostAsJsonAsync("/api/v1/meetings", new { kind = "advisory-group", agency = "BLI", date = "2026-11-25", title = "x" })).StatusCode);

        var figures = await InventoryAppFactory.JsonAsync(await molAdmin.GetAsync("/api/v1/meetings/working-groups?period=2026Q4"));
        var held = figures.GetProperty("agencies").EnumerateArray().ToDictionary(a => a.GetProperty("agency").GetString()!, a => a.GetProperty("held").GetInt32());
        Assert.Equal(1, held["BLI"]);
        Assert.Equal(0, held["MOL"]);
        Assert.Equal(0, held["WDA"]);
        var nextQuarter = await InventoryAppFactory.JsonAsync(await molAdmin.GetAsync("/api/v1/meetings/working-groups?period=2027Q1"));
        Assert.All(nextQuarter.GetProperty("agencies").EnumerateArray(), a => Assert.Equal(0, a.GetProperty("held").GetInt32()));

        // The advisory group draws from every agency: BLI's three items and WDA's one await review.
        var advisoryAgenda = await InventoryAppFactory.JsonAsync(await molAdmin.PostAsJsonAsync($"/api/v1/meetings/{advisory.GetProperty("id").GetGuid()}/agenda", new { }));
        Assert.Equal(4, advisoryAgenda.GetProperty("agenda").GetArrayLength());
    }

    [Fact]
    public async Task An_approved_open_item_becomes_a_draft_dataset_in_one_action()
    {
        var s = await ItemsAwaitingReviewAsync();
        using var molAdmin = await _app.WithTokenAsync("mol-admin");
        using var reviewer = await _app.WithTokenAsync("reviewer");
        using var officer = await _app.WithTokenAsync("bli-officer");
        var id = (await InventoryAppFactory.JsonAsync(await molAdmin.PostAsJsonAsync("/api/v1/meetings", new
        {
            kind = "advisory-group", date = "2026-11-25", title = "勞動部資料開放諮詢小組第4季會議",
            members = new[] { new { name = "張委員", affiliation = "中央研究院", external = true } },
        }))).GetProperty("id").GetGuid();
        (await molAdmin.PostAsync($"/api/v1/meetings/{id}/agenda/{s.Open}", null)).EnsureSuccessStatusCode();
        (await molAdmin.PostAsync($"/api/v1/meetings/{id}/agenda/{s.Closed}", null)).EnsureSuccessStatusCode();
        (await DecideAsync(reviewer, id, s.Open, "approve")).EnsureSuccessStatusCode();
        (await DecideAsync(reviewer, id, s.Closed, "approve")).EnsureSuccessStatusCode();

        var input = new { serviceCategory = "500", contactName = "王小明", contactPhone = "02-23961266", contactEmail = "data@bli.gov.tw" };
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.PostAsJsonAsync($"/api/v1/inventory/items/{s.Open}/dataset", input)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await officer.PostAsJsonAsync($"/api/v1/inventory/items/{s.Closed}/dataset", input)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await officer.PostAsJsonAsync($"/api/v1/inventory/items/{s.Restricted}/dataset", input)).StatusCode);
        var missing = await officer.PostAsJsonAsync($"/api/v1/inventory/items/{s.Open}/dataset", new { serviceCategory = "500" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("approved", State(s.Open));

        var created = await InventoryAppFactory.JsonAsync(await officer.PostAsJsonAsync($"/api/v1/inventory/items/{s.Open}/dataset", input));
        var name = created.GetProperty("name").GetString()!;
        var dataset = await InventoryAppFactory.JsonAsync(await officer.GetAsync($"/api/v1/datasets/{name}"));
        Assert.Equal("勞工保險投保單位及被保險人人數", dataset.GetProperty("title").GetString());
        Assert.Equal("年月、投保單位數、被保險人數", dataset.GetProperty("mainFieldsDescription").GetString());
        Assert.Equal("draft", dataset.GetProperty("status").GetString(), ignoreCase: true);
        var item = await InventoryAppFactory.JsonAsync(await officer.GetAsync($"/api/v1/inventory/items/{s.Open}"));
        Assert.Equal("published", item.GetProperty("state").GetString());
        Assert.Equal(name, Assert.Single(item.GetProperty("datasets").EnumerateArray()).GetString());

        // A published item may become further datasets: one more made from it, and one that existed already linked to it.
        var second = await InventoryAppFactory.JsonAsync(await officer.PostAsJsonAsync($"/api/v1/inventory/items/{s.Open}/dataset", input));
        Assert.Equal("勞工保險投保單位及被保險人人數（2）", second.GetProperty("title").GetString());
        var existing = await officer.CreateDraftAsync("BLI", "勞工保險投保單位數（按行業別）");
        (await officer.PostAsJsonAsync($"/api/v1/inventory/items/{s.Open}/datasets", new { dataset = existing })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Conflict, (await officer.PostAsJsonAsync($"/api/v1/inventory/items/{s.Open}/datasets", new { dataset = existing })).StatusCode);
        // Another agency's dataset cannot answer BLI's item.
        using var wda = await _app.WithTokenAsync("wda-officer");
        var theirs = await wda.CreateDraftAsync("WDA", "職業訓練課程");
        var refused = await officer.PostAsJsonAsync($"/api/v1/inventory/items/{s.Open}/datasets", new { dataset = theirs });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        item = await InventoryAppFactory.JsonAsync(await officer.GetAsync($"/api/v1/inventory/items/{s.Open}"));
        Assert.Equal([name, second.GetProperty("name").GetString(), existing], item.GetProperty("datasets").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("published", item.GetProperty("state").GetString());
    }

    [Fact]
    public async Task An_item_with_changes_requested_is_changed_and_sent_again()
    {
        var s = await ItemsAwaitingReviewAsync();
        using var bliAdmin = await _app.WithTokenAsync("bli-admin");
        using var officer = await _app.WithTokenAsync("bli-officer");
        var id = (await InventoryAppFactory.JsonAsync(await bliAdmin.PostAsJsonAsync("/api/v1/meetings", WorkingGroupMeeting()))).GetProperty("id").GetGuid();
        (await bliAdmin.PostAsync($"/api/v1/meetings/{id}/agenda/{s.Restricted}", null)).EnsureSuccessStatusCode();
        (await bliAdmin.PostAsync($"/api/v1/meetings/{id}/agenda/{s.Open}", null)).EnsureSuccessStatusCode();
        // Taken off again undecided: it awaits review once more.
        (await bliAdmin.DeleteAsync($"/api/v1/meetings/{id}/agenda/{s.Open}")).EnsureSuccessStatusCode();
        Assert.Equal("agency-approved", State(s.Open));
        (await DecideAsync(bliAdmin, id, s.Restricted, "approve-with-changes", "請補上依據說明")).EnsureSuccessStatusCode();

        var changed = InventoryAppFactory.Item("BLI", "勞保年金給付統計", "restricted", ["FOIA-18-1-3"]);
        (await officer.PutAsJsonAsync($"/api/v1/inventory/items/{s.Restricted}", changed)).EnsureSuccessStatusCode();
        (await InventoryAppFactory.MoveAsync(officer, s.Restricted, "submitted")).EnsureSuccessStatusCode();
        var shown = await InventoryAppFactory.JsonAsync(await officer.GetAsync($"/api/v1/inventory/items/{s.Restricted}"));
        Assert.Equal("submitted", shown.GetProperty("state").GetString());
        Assert.Equal("請補上依據說明", shown.GetProperty("lastReason").GetString());
    }
}
