using System.Net;
using System.Net.Http.Json;
using Kaifang.Catalog;
using Kaifang.Quality;
using Kaifang.Tests.Feedback;
using Kaifang.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Tests.Quality;

/// The quarterly check over HTTP against the real database, with its figures worked out by hand.
public sealed class QuarterlyCheckTests : IDisposable
{
    /// Wednesday 30 Dec 2026, 10:00 in Taipei: the last days of 2026Q4.
    private static readonly DateTimeOffset Now = new(2026, 12, 30, 2, 0, 0, TimeSpan.Zero);
    private readonly FeedbackAppFactory _app = new(Now);

    public void Dispose() => _app.Dispose();

    private static async Task<string> DatasetAsync(HttpClient officer, string title, string frequency, string format)
    {
        var input = ApiClients.SampleInput("BLI", title) with { UpdateFrequency = frequency, MainFieldsDescription = "等級(投保等級)、月投保薪資(新臺幣元)" };
        var created = await FeedbackAppFactory.JsonAsync(await officer.PostAsJsonAsync("/api/v1/datasets", input));
        var name = created.GetProperty("name").GetString()!;
        (await officer.PostAsJsonAsync($"/api/v1/datasets/{name}/resources",
            new ResourceInput { Name = $"{title} {format}", Url = $"https://www.bli.gov.tw/files/{name}.{format.ToLowerInvariant()}", Format = format, Encoding = "UTF-8" })).EnsureSuccessStatusCode();
        (await officer.PostAsync($"/api/v1/datasets/{name}/publish", null)).EnsureSuccessStatusCode();
        return name;
    }

    private void Checked(string dataset, SniffedFormat content, bool broken = false, bool linksElsewhere = false) => _app.WithDb(db =>
    {
        var resource = db.Resources.Include(r => r.Dataset).Single(r => r.Dataset!.Name == dataset);
        db.LinkChecks.Add(new LinkCheck
        {
            ResourceId = resource.Id, DatasetId = resource.DatasetId, Url = resource.Url!, LastCheckedAt = Now,
            LastStatus = broken ? LinkStatus.Failed : LinkStatus.Ok, HttpStatus = broken ? 404 : 200, IsBroken = broken,
            Error = broken ? "404 Not Found" : null, ConsecutiveFailures = broken ? 3 : 0, Content = broken ? null : content,
            ContentEncoding = broken ? null : "UTF-8", LinksToOtherData = linksElsewhere,
        });
        return db.SaveChanges();
    });

    [Fact]
    public async Task Five_datasets_with_four_faults_give_an_accuracy_of_twenty_percent_frozen_for_good()
    {
        using var officer = await _app.WithTokenAsync("bli-officer");
        // A: monthly, just published, a CSV: no fault, 3 stars.
        var a = await DatasetAsync(officer, "投保薪資分級表", "每1月", "CSV");
        Checked(a, SniffedFormat.Csv);
        // B: monthly, data last changed in August: late.
        var b = await DatasetAsync(officer, "投保單位統計", "每1月", "CSV");
        Checked(b, SniffedFormat.Csv);
        // C: its link is broken: 0 stars.
        var c = await DatasetAsync(officer, "保險給付統計", "每1年", "CSV");
        Checked(c, SniffedFormat.Csv, broken: true);
        // D: late and a contact phone that is no number: two faults, counted once each.
        var d = await DatasetAsync(officer, "職災保險統計", "每1月", "CSV");
        Checked(d, SniffedFormat.Csv);
        // E: linked RDF: 5 stars, no fault.
        var e = await DatasetAsync(officer, "投保薪資等級詞彙", "每1年", "TTL");
        Checked(e, SniffedFormat.Turtle, linksElsewhere: true);
        _app.WithDb(db =>
        {
            foreach (var late in db.Datasets.Where(x => x.Name == b || x.Name == d))
            {
                late.DataModifiedAt = new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.Zero);
            }
            db.Datasets.Single(x => x.Name == d).ContactPhone = "請洽總機";
            return db.SaveChanges();
        });

        using var agencyAdmin = await _app.WithTokenAsync("bli-admin");
        Assert.Equal(HttpStatusCode.Forbidden, (await agencyAdmin.PostAsJsonAsync("/api/v1/quality/checks", new { period = "2026Q4" })).StatusCode);
        using var ministry = await _app.WithTokenAsync("mol-admin");
        var run = await FeedbackAppFactory.JsonAsync(await ministry.PostAsJsonAsync("/api/v1/quality/checks", new { period = "2026Q4" }));
        var bli = run.GetProperty("taken").EnumerateArray().Single(s => s.GetProperty("agency").GetString() == "BLI");
        Assert.Equal(5, bli.GetProperty("datasetsOpen").GetInt32());
        Assert.Equal(2, bli.GetProperty("notUpdatedOnTime").GetInt32());   // B, D
        Assert.Equal(1, bli.GetProperty("brokenLinks").GetInt32());        // C
        Assert.Equal(1, bli.GetProperty("wrongInformation").GetInt32());   // D
        // (1 − (2 + 1 + 1) / 5) × 100 = 20.00: D counts twice, once per fault.
        Assert.Equal(20.00m, bli.GetProperty("accuracy").GetDecimal());
        // Stars: A 3, B 3, C 0, D 3, E 5.
        Assert.Equal(4, bli.GetProperty("threeStarsOrMore").GetInt32());
        Assert.Equal(1, bli.GetProperty("fourStarsOrMore").GetInt32());
        Assert.Equal(1, bli.GetProperty("fiveStars").GetInt32());
        // An agency with nothing open has no accuracy rather than 0% or 100%.
        var osha = run.GetProperty("taken").EnumerateArray().Single(s => s.GetProperty("agency").GetString() == "OSHA");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, osha.GetProperty("accuracy").ValueKind);

        // The list behind every count, with the reasons.
        var detail = await FeedbackAppFactory.JsonAsync(await officer.GetAsync("/api/v1/quality/checks/2026Q4?agency=BLI"));
        var items = detail[0].GetProperty("datasets").EnumerateArray().ToList();
        Assert.Equal(5, items.Count);
        var dItem = items.Single(i => i.GetProperty("title").GetString() == "職災保險統計");
        Assert.True(dItem.GetProperty("notUpdatedOnTime").GetBoolean());
        Assert.True(dItem.GetProperty("wrongInformation").GetBoolean());
        Assert.Contains(dItem.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("請洽總機", StringComparison.Ordinal));

        // Frozen: fixing the data and running again changes nothing of 2026Q4.
        _app.WithDb(db =>
        {
            db.Datasets.Single(x => x.Name == d).ContactPhone = "02-23961266";
            return db.SaveChanges();
        });
        var again = await FeedbackAppFactory.JsonAsync(await ministry.PostAsJsonAsync("/api/v1/quality/checks", new { period = "2026Q4" }));
        Assert.Equal(0, again.GetProperty("taken").GetArrayLength());
        Assert.Contains(again.GetProperty("alreadyFrozen").EnumerateArray(), x => x.GetString() == "BLI");
        var stillFrozen = await FeedbackAppFactory.JsonAsync(await officer.GetAsync("/api/v1/quality/checks/2026Q4?agency=BLI"));
        Assert.Equal(20.00m, stillFrozen[0].GetProperty("accuracy").GetDecimal());

        // Live, the dataset page's verdict has moved on.
        using var client = _app.CreateClient();
        var live = await FeedbackAppFactory.JsonAsync(await client.GetAsync($"/api/v1/datasets/{d}/quality"));
        Assert.Empty(live.GetProperty("wrongInformation").EnumerateArray());
        Assert.True(live.GetProperty("notUpdatedOnTime").GetBoolean());
        var eLive = await FeedbackAppFactory.JsonAsync(await client.GetAsync($"/api/v1/datasets/{e}/quality"));
        Assert.Equal(5, eLive.GetProperty("stars").GetProperty("stars").GetInt32());
    }

    [Fact]
    public async Task The_officers_problem_list_holds_their_agencys_faulty_datasets_only()
    {
        using var officer = await _app.WithTokenAsync("bli-officer");
        var bad = await DatasetAsync(officer, "投保單位統計", "每1月", "CSV");
        Checked(bad, SniffedFormat.Html);
        using var wda = await _app.WithTokenAsync("wda-officer");
        var problems = await FeedbackAppFactory.JsonAsync(await officer.GetAsync("/api/v1/quality/problems"));
        var one = Assert.Single(problems.EnumerateArray());
        Assert.Contains(one.GetProperty("wrongInformation").EnumerateArray(), p => p.GetString()!.Contains("HTML", StringComparison.Ordinal));
        Assert.Empty((await FeedbackAppFactory.JsonAsync(await wda.GetAsync("/api/v1/quality/problems"))).EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await wda.GetAsync("/api/v1/quality/problems?agency=BLI")).StatusCode);
    }
}
