using System.Net;
using System.Net.Http.Json;
using Kaifang.Datastore;
using Kaifang.Tests.Feedback;
using Kaifang.Tests.Infrastructure;

namespace Kaifang.Tests.Evaluation;

public sealed class EvaluationTargetsTests : IDisposable
{
    private readonly FeedbackAppFactory _app = new(new DateTimeOffset(2026, 12, 30, 2, 0, 0, TimeSpan.Zero));

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_ministry_admin_sets_a_new_years_targets_and_an_agency_admin_may_only_read_them()
    {
        using var admin = await _app.WithTokenAsync("mol-admin");
        var saved = await admin.PutAsJsonAsync("/api/v1/evaluation/targets", new object[]
        {
            new { agency = "BLI", year = 2027, workingGroupMeetings = 4, growth = 50, accuracyPercent = 92.5m, threeStarPercent = 60, repliesWithinDeadlinePercent = 96, openDatasets = 250 },
            new { agency = "WDA", year = 2027, growth = 30 },
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var rows = (await FeedbackAppFactory.JsonAsync(await admin.GetAsync("/api/v1/evaluation/targets?year=2027"))).EnumerateArray().ToList();
        Assert.Equal(6, rows.Count);
        var bli = rows.Single(r => r.GetProperty("agency").GetString() == "BLI");
        Assert.Equal(92.5m, bli.GetProperty("accuracyPercent").GetDecimal());
        Assert.Equal(250, bli.GetProperty("openDatasets").GetInt32());
        var wda = rows.Single(r => r.GetProperty("agency").GetString() == "WDA");
        Assert.Equal(30, wda.GetProperty("growth").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, wda.GetProperty("workingGroupMeetings").ValueKind);
        // The evaluation of 2027 uses them: WDA is scored on growth alone (20 points at most).
        var evaluation = await FeedbackAppFactory.JsonAsync(await admin.GetAsync("/api/v1/evaluation/2027"));
        Assert.Equal(20m, evaluation.GetProperty("agencies").EnumerateArray().Single(a => a.GetProperty("agency").GetString() == "WDA").GetProperty("maxScore").GetDecimal());

        using var agencyAdmin = await _app.WithTokenAsync("bli-admin");
        Assert.Equal(HttpStatusCode.OK, (await agencyAdmin.GetAsync("/api/v1/evaluation/targets?year=2027")).StatusCode);
        var refused = await agencyAdmin.PutAsJsonAsync("/api/v1/evaluation/targets", new object[] { new { agency = "BLI", year = 2027, growth = 1 } });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Bad_rows_are_all_named_and_nothing_is_saved()
    {
        using var admin = await _app.WithTokenAsync("mol-admin");
        var response = await admin.PutAsJsonAsync("/api/v1/evaluation/targets", new object[]
        {
            new { agency = "BLI", year = 2016, growth = 99 },
            new { agency = "XYZ", year = 2016, growth = 1 },
            new { agency = "WDA", year = 2016, accuracyPercent = 120 },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("row 2", body, StringComparison.Ordinal);
        Assert.Contains("XYZ", body, StringComparison.Ordinal);
        Assert.Contains("row 3", body, StringComparison.Ordinal);
        // The seeded 2016 growth target of BLI (45) is untouched by the refused save.
        var rows = await FeedbackAppFactory.JsonAsync(await admin.GetAsync("/api/v1/evaluation/targets?year=2016"));
        Assert.Equal(45, rows.EnumerateArray().Single(r => r.GetProperty("agency").GetString() == "BLI").GetProperty("growth").GetInt32());
    }

    [Theory]
    [InlineData("ods", "ODS")]
    [InlineData("xlsx", "XLSX")]
    [InlineData("csv", "CSV")]
    public async Task The_exported_targets_import_back_and_an_edited_file_changes_only_its_rows(string format, string tabular)
    {
        using var admin = await _app.WithTokenAsync("mol-admin");
        var bytes = await admin.GetByteArrayAsync($"/api/v1/evaluation/targets/export?format={format}");
        List<string?[]> rows;
        IReadOnlyList<string> columns;
        using (var table = await TabularFile.OpenAsync(() => new MemoryStream(bytes), tabular, "UTF-8", CancellationToken.None))
        {
            columns = [.. table.Columns];
            rows = [.. table.Rows(CancellationToken.None).Select(r => r.ToArray())];
        }
        Assert.Equal("年度", columns[0]);
        // The seeded plan: 2015, 2016 and 2017, six agencies each.
        Assert.Equal(18, rows.Count);
        var bli2017 = rows.Single(r => r[0] == "2017" && r[1] == "BLI");
        Assert.Equal("196", bli2017[8]);

        // Change BLI's 2017 growth target in the file and import it as CSV.
        bli2017[4] = "77";
        var csv = string.Join("\n", new[] { string.Join(",", columns) }.Concat(rows.Select(r => string.Join(",", r.Select(c => c ?? "")))));
        using var content = new MultipartFormDataContent { { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "targets.csv" } };
        var imported = await admin.PostAsync("/api/v1/evaluation/targets/import", content);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(18, (await FeedbackAppFactory.JsonAsync(imported)).GetProperty("imported").GetInt32());
        var after = await FeedbackAppFactory.JsonAsync(await admin.GetAsync("/api/v1/evaluation/targets?year=2017"));
        Assert.Equal(77, after.EnumerateArray().Single(r => r.GetProperty("agency").GetString() == "BLI").GetProperty("growth").GetInt32());
        var again = await admin.GetByteArrayAsync($"/api/v1/evaluation/targets/export?format={format}&year=2016");
        using var only2016 = await TabularFile.OpenAsync(() => new MemoryStream(again), tabular, "UTF-8", CancellationToken.None);
        Assert.All(only2016.Rows(CancellationToken.None).Select(r => r.ToArray()), r => Assert.Equal("2016", r[0]));
    }

    [Fact]
    public async Task An_import_with_bad_rows_reports_each_and_changes_nothing()
    {
        using var admin = await _app.WithTokenAsync("mol-admin");
        const string csv = "年度,機關代碼,機關,工作小組會議(次),新增資料集(個),正確率(%),三星以上比率(%),6日內回覆率(%),年底開放資料集(個)\n"
            + "2016,BLI,勞保局,4,1,90,50,95,100\n"
            + "2016,BLI,勞保局,4,2,90,50,95,100\n"
            + "二〇一六,WDA,,4,2,90,50,95,100\n"
            + "2016,OSHA,,4,2,abc,50,95,100\n";
        using var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv));
        var response = await admin.PostAsync("/api/v1/evaluation/targets/import?fileName=t.csv", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("row 3", body, StringComparison.Ordinal);
        Assert.Contains("row 4", body, StringComparison.Ordinal);
        Assert.Contains("row 5", body, StringComparison.Ordinal);
        Assert.DoesNotContain("row 2", body, StringComparison.Ordinal);
        var rows = await FeedbackAppFactory.JsonAsync(await admin.GetAsync("/api/v1/evaluation/targets?year=2016"));
        Assert.Equal(45, rows.EnumerateArray().Single(r => r.GetProperty("agency").GetString() == "BLI").GetProperty("growth").GetInt32());
    }

    [Fact]
    public async Task The_targets_page_saves_the_form_and_keeps_what_was_typed_when_it_is_wrong()
    {
        using var page = await _app.SignedInAsync("mol-admin");
        var html = await page.GetStringAsync("/admin/evaluation/targets?year=2017");
        Assert.Contains("2017 年（民國106年）績效目標", html, StringComparison.Ordinal);
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StaffClient.AntiforgeryToken(html),
            ["Input[0].Agency"] = "BLI", ["Input[0].Growth"] = "60", ["Input[0].Accuracy"] = "95", ["Input[0].OpenDatasets"] = "300",
            ["Input[1].Agency"] = "WDA", ["Input[1].Replies"] = "101",
        };
        var refused = await page.PostAsync("/admin/evaluation/targets?year=2017", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var shown = await refused.Content.ReadAsStringAsync();
        Assert.Contains("尚未儲存", shown, StringComparison.Ordinal);
        Assert.Contains("value=\"300\"", shown, StringComparison.Ordinal);
        form["Input[1].Replies"] = "97";
        var saved = await page.PostAsync("/admin/evaluation/targets?year=2017", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        using var admin = await _app.WithTokenAsync("mol-admin");
        var rows = await FeedbackAppFactory.JsonAsync(await admin.GetAsync("/api/v1/evaluation/targets?year=2017"));
        var bli = rows.EnumerateArray().Single(r => r.GetProperty("agency").GetString() == "BLI");
        Assert.Equal(60, bli.GetProperty("growth").GetInt32());
        Assert.Equal(300, bli.GetProperty("openDatasets").GetInt32());
        // Fields left empty mean no target.
        Assert.Equal(System.Text.Json.JsonValueKind.Null, bli.GetProperty("workingGroupMeetings").ValueKind);
        Assert.Equal(97m, rows.EnumerateArray().Single(r => r.GetProperty("agency").GetString() == "WDA").GetProperty("repliesWithinDeadlinePercent").GetDecimal());
    }
}
