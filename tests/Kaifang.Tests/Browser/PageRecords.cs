using System.Net.Http.Json;
using System.Text.Json;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Tests.Browser;

/// Real values for the public pages' route parameters: from the demo catalog (datasets, feedback, events), and a
/// registration made first through the API, whose cancel link the cancel page needs.
public sealed record PortalRecords(string Dataset, Guid Resource, string DatasetWithComments, string Comment, IReadOnlyList<string> Comments, Guid Event, Guid Registration, string CancelKey)
{
    public static async Task<PortalRecords> CreateAsync(KaifangAppFactory app)
    {
        var (dataset, resource) = app.WithDb(db => db.Resources
            .Where(r => r.Dataset!.Agency!.Code == "BLI" && r.Dataset.HarvestSourceId == null && r.DerivedFromId == null && r.FileHash != null && r.Format == "CSV")
            .OrderBy(r => r.Dataset!.Name).ThenBy(r => r.Position)
            .Select(r => new { r.Dataset!.Name, r.Id }).AsEnumerable().Select(r => (r.Name, r.Id)).First());
        // One comment of each state the demo feedback has (received, replied, reopened): their pages differ.
        var comments = app.WithDb(db => db.Comments
            .Where(c => c.DatasetId != null)
            .Join(db.Datasets, c => c.DatasetId, d => d.Id, (c, d) => new { c.Reference, c.Status, d.Name })
            .AsEnumerable().OrderBy(c => c.Reference, StringComparer.Ordinal).DistinctBy(c => c.Status).ToList());
        var (comment, withComments) = comments.Where(c => c.Name != dataset).Select(c => (c.Reference, c.Name)).FirstOrDefault((comments[0].Reference, comments[0].Name));
        var now = DateTimeOffset.UtcNow;
        var upcoming = await app.WithDbAsync(db => db.PromotionEvents.Where(e => e.RegistrationClosesAt > now).Select(e => e.Id).FirstAsync());
        using var anonymous = app.CreateClient();
        var registration = await ApiJson.OfAsync(await anonymous.PostAsJsonAsync($"/api/v1/events/{upcoming}/registrations",
            new { name = "王小明", email = "ming@example.com", organisation = "開放資料社群", waitingList = true }));
        return new PortalRecords(dataset, resource, withComments, comment, [.. comments.Select(c => c.Reference)], upcoming,
            registration.GetProperty("id").GetGuid(), registration.GetProperty("cancelKey").GetString()!);
    }

    public string CancelUrl(string key) => $"/events/{Event}/cancel?registration={Registration}&key={Uri.EscapeDataString(key)}";
}

/// Real values for the back office's route parameters: the portal's, and what staff make first through the API
/// (a harvest source and its run, an inventory round and item, a review meeting, a quarterly check, a pipeline and its run).
public sealed record BackOfficeRecords(PortalRecords Portal, string HarvestSource, int Round, Guid InventoryItem, Guid Meeting, string CheckPeriod)
{
    /// Seeded targets cover 2015–2017 (README); the drill-downs and targets pages read them.
    public const int EvaluationYear = 2016;

    /// A quarter no check was ever taken for: the check page's empty state.
    public const string PeriodWithoutCheck = "2015Q1";

    public static async Task<BackOfficeRecords> CreateAsync(KaifangAppFactory app, PortalRecords portal, string baseUrl)
    {
        var now = DateTimeOffset.UtcNow;
        using var admin = await app.WithTokenAsync("admin");
        const string source = "every-page-ckan";
        await ApiJson.OfAsync(await admin.PostAsJsonAsync("/api/v1/harvest/sources",
            new { name = source, title = "測試用 CKAN 來源", kind = "ckan", url = "http://127.0.0.1:9/api/3/action", agency = "BLI" }));
        // Nothing listens there: the run fails, and the source's page lists a run with its error.
        await admin.PostAsync($"/api/v1/harvest/sources/{source}/runs?wait=true", null);

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var round = (await ApiJson.OfAsync(await admin.PostAsJsonAsync("/api/v1/inventory/rounds", new
        {
            year = today.Year, quarter = (today.Month + 2) / 3, opensOn = today.AddDays(-1).ToString("O"), deadline = today.AddDays(30).ToString("O"),
        }))).GetProperty("id").GetInt32();
        using var officer = await app.WithTokenAsync("bli-officer");
        var item = (await ApiJson.OfAsync(await officer.PostAsJsonAsync($"/api/v1/inventory/rounds/{round}/items", new
        {
            agency = "BLI", name = "勞工保險投保單位及被保險人人數", sourceKind = "business-system", owningUnit = "納保處",
            description = "勞工保險投保單位及被保險人人數，按月統計。", mainFields = "年月、投保單位數、被保險人數", volume = "每月約 30 筆",
            updateFrequency = "每1月", hasPersonalData = false, grade = "open", legalBases = Array.Empty<string>(), fee = "免費",
        }))).GetProperty("id").GetGuid();
        (await officer.PostAsJsonAsync($"/api/v1/inventory/items/{item}/moves", new { to = "submitted" })).EnsureSuccessStatusCode();

        using var agencyAdmin = await app.WithTokenAsync("bli-admin");
        var meeting = (await ApiJson.OfAsync(await agencyAdmin.PostAsJsonAsync("/api/v1/meetings", new
        {
            kind = "working-group", occasion = "regular", agency = "BLI", date = today.AddDays(14).ToString("O"), title = "勞保局資料開放工作小組會議", location = "勞保局 5 樓會議室",
            members = new object[]
            {
                new { name = "王局長", affiliation = "勞動部勞工保險局", external = false, chair = true },
                new { name = "林教授", affiliation = "國立政治大學資訊管理學系", external = true },
            },
        }))).GetProperty("id").GetGuid();

        var check = (await ApiJson.OfAsync(await admin.PostAsJsonAsync("/api/v1/quality/checks", new { period = (string?)null }))).GetProperty("period").GetString()!;

        // A pipeline that reads the resource's own download, and one run of it: the pipeline page with its history.
        var pipeline = $"/api/v1/datasets/{portal.Dataset}/resources/{portal.Resource}/pipeline";
        await ApiJson.OfAsync(await officer.PutAsJsonAsync(pipeline, new
        {
            sourceKind = "url", source = new { url = $"{baseUrl}/datasets/{portal.Dataset}/resources/{portal.Resource}/download" }, schedule = "manual",
        }));
        await ApiJson.OfAsync(await officer.PostAsync(pipeline + "/runs?wait=true", null));

        return new BackOfficeRecords(portal, source, round, item, meeting, check);
    }
}

internal static class ApiJson
{
    public static async Task<JsonElement> OfAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
