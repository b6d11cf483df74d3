using System.Net;
using Kaifang.Evaluation;
using Kaifang.Tests.Feedback;
using Kaifang.Tests.Infrastructure;

namespace Kaifang.Tests.Evaluation;

/// The yearly evaluation's scoring (ACTION-PLAN S15, S16) with every figure worked out by hand.
public sealed class EvaluationScoringTests
{
    private static readonly EvaluationRules Rules = new();

    private static PerformanceTarget Target(int growth) => new()
    {
        Year = 2016, WorkingGroupMeetings = 4, Growth = growth, AccuracyPercent = 90m, ThreeStarPercent = 50m, RepliesWithinDeadlinePercent = 95m,
    };

    [Fact]
    public void Two_agencies_scored_and_ranked_by_hand()
    {
        var result = EvaluationScoring.Rank(
        [
            // BLI: meetings 3/4 → 15; growth 50/45 capped → 20; accuracy 85.5/90 = 0.95 → 19; three-star 60/50 capped → 20;
            // replies 100/95 capped → 20. 94 points. Bonus: 5 × 10% = 0.50; replies met: 5 × (6 − 2) ÷ 6 = 3.33. Total 97.83.
            ("BLI", "勞保局", "BLI", new IndicatorValues(3, 50, 85.5m, 60m, 10m, 100m, 2m, 6), Target(45)),
            // WDA: meetings 4/4 → 20; growth 16/32 = 0.5 → 10; accuracy 90/90 → 20; three-star 50/50 → 20;
            // replies 90/95 = 0.9474 → 18.95. 88.95 points. Bonus: four-star 0; replies not met, no speed bonus. Total 88.95.
            ("WDA", "勞發署", "WDA", new IndicatorValues(4, 16, 90m, 50m, 0m, 90m, 5m, 6), Target(32)),
        ], Rules);
        var bli = result[0];
        Assert.Equal("BLI", bli.Agency);
        Assert.Equal([15m, 20m, 19m, 20m, 20m], bli.Indicators.Select(i => i.Points));
        Assert.Equal([0.50m, 3.33m], bli.Bonuses.Select(b => b.Points));
        Assert.Equal(97.83m, bli.Score);
        Assert.Equal(100m, bli.MaxScore);
        Assert.Equal(3, bli.Achieved);   // growth, three-star, replies
        Assert.Equal(1, bli.Rank);
        var wda = result[1];
        Assert.Equal([20m, 10m, 20m, 20m, 18.95m], wda.Indicators.Select(i => i.Points));
        Assert.Equal(0m, wda.Bonuses.Sum(b => b.Points));
        Assert.Equal(88.95m, wda.Score);
        Assert.Equal(2, wda.Rank);
        Assert.Contains("不加分", wda.Bonuses.Single(b => b.Bonus == "reply-speed").Zh, StringComparison.Ordinal);
        Assert.True(bli.Award && wda.Award);
    }

    [Fact]
    public void Ties_are_broken_by_targets_achieved_then_accuracy_and_otherwise_shared()
    {
        // All three reach every target and earn the same points; OSHA's accuracy (95) is above ILOSH's (92);
        // BLF's figures equal OSHA's to the last digit, so they share first place and ILOSH is third.
        var same = (decimal accuracy) => new IndicatorValues(4, 20, accuracy, 60m, 0m, 100m, null, 6);
        var result = EvaluationScoring.Rank(
        [
            ("ILOSH", "勞研所", "ILOSH", same(92m), Target(9)),
            ("OSHA", "職安署", "OSHA", same(95m), Target(18)),
            ("BLF", "勞動基金運用局", "BLF", same(95m), Target(13)),
        ], new EvaluationRules { Awards = 2 });
        Assert.All(result, r => Assert.Equal(100m, r.Score));
        Assert.Equal(["BLF", "OSHA", "ILOSH"], result.Select(r => r.Agency));
        Assert.Equal([1, 1, 3], result.Select(r => r.Rank));
        Assert.Equal([true, true, false], result.Select(r => r.Award));
    }

    [Fact]
    public void An_indicator_without_a_target_counts_neither_for_nor_against()
    {
        var e = EvaluationScoring.Score("MOL", "勞動部", "MOL", new IndicatorValues(2, 5, null, null, null, null, null, 6), null, Rules);
        Assert.Equal(0m, e.MaxScore);
        Assert.Equal(0m, e.Score);
        Assert.All(e.Indicators, i => Assert.Null(i.Achievement));
    }
}

public sealed class EvaluationApiTests : IDisposable
{
    private readonly FeedbackAppFactory _app = new(new DateTimeOffset(2026, 12, 30, 2, 0, 0, TimeSpan.Zero));

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_seeded_2016_targets_are_evaluated_for_the_six_agencies()
    {
        using var admin = await _app.WithTokenAsync("mol-admin");
        var result = await FeedbackAppFactory.JsonAsync(await admin.GetAsync("/api/v1/evaluation/2016"));
        var agencies = result.GetProperty("agencies").EnumerateArray().ToList();
        Assert.Equal(6, agencies.Count);
        var bli = agencies.Single(a => a.GetProperty("agency").GetString() == "BLI");
        // Nothing happened in 2016 in a new installation: every target missed, 0 of 100 points.
        Assert.Equal(0m, bli.GetProperty("score").GetDecimal());
        Assert.Equal(100m, bli.GetProperty("maxScore").GetDecimal());
        // All six share rank 1 with nothing scored: none is proposed for an award.
        Assert.All(agencies, a => Assert.False(a.GetProperty("award").GetBoolean()));
        Assert.Equal(45m, bli.GetProperty("indicators")[1].GetProperty("target").GetDecimal());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/evaluation/1900")).StatusCode);
        using var page = await _app.SignedInAsync("mol-admin");
        Assert.Contains("2016 年度（民國105年）績效評核", await page.GetStringAsync("/admin/evaluation?year=2016"), StringComparison.Ordinal);
    }
}

public sealed class ScheduleProgressTests : IDisposable
{
    /// 2 July 2026 in Taipei: day 183 of 365, 50.1% of the year.
    private readonly FeedbackAppFactory _app = new(new DateTimeOffset(2026, 7, 2, 2, 0, 0, TimeSpan.Zero));

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task New_datasets_are_projected_to_year_end_at_the_pace_so_far()
    {
        await _app.PublishedDatasetAsync("BLI", "投保單位統計");
        await _app.PublishedDatasetAsync("BLI", "投保薪資分級表");
        using var client = _app.CreateClient();
        var report = await FeedbackAppFactory.JsonAsync(await client.GetAsync("/api/v1/evaluation/2026/schedule"));
        Assert.Equal("2026-07-02", report.GetProperty("asOf").GetString());
        var bli = report.GetProperty("agencies").EnumerateArray().Single(a => a.GetProperty("agency").GetString() == "BLI");
        Assert.Equal(2, bli.GetProperty("openNow").GetInt32());
        Assert.Equal(2, bli.GetProperty("newInYear").GetInt32());
        // 2 ÷ (183 ÷ 365) = 3.99, rounded to 4.
        Assert.Equal(4, bli.GetProperty("projectedNewInYear").GetInt32());
        Assert.Equal(4, bli.GetProperty("projectedOpenAtYearEnd").GetInt32());
        Assert.Equal(130, report.GetProperty("newDatasetsFloor").GetInt32());
        // The plan's 2017 year-end figure (196 for BLI) is compared for that year.
        var y2017 = await FeedbackAppFactory.JsonAsync(await client.GetAsync("/api/v1/evaluation/2017/schedule"));
        Assert.Equal(196, y2017.GetProperty("agencies").EnumerateArray().Single(a => a.GetProperty("agency").GetString() == "BLI").GetProperty("plannedAtYearEnd").GetInt32());
    }
}

public sealed class EvaluationReportTests : IDisposable
{
    private readonly FeedbackAppFactory _app = new(new DateTimeOffset(2026, 12, 30, 2, 0, 0, TimeSpan.Zero));

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("ods", "ODS")]
    [InlineData("xlsx", "XLSX")]
    [InlineData("csv", "CSV")]
    public async Task The_report_spreadsheets_open_and_hold_the_pages_figures(string format, string tabular)
    {
        using var admin = await _app.WithTokenAsync("mol-admin");
        var json = await FeedbackAppFactory.JsonAsync(await admin.GetAsync("/api/v1/evaluation/2016"));
        var bytes = await admin.GetByteArrayAsync($"/api/v1/evaluation/2016/report?format={format}");
        using var table = await Kaifang.Datastore.TabularFile.OpenAsync(() => new MemoryStream(bytes), tabular, "UTF-8", CancellationToken.None);
        Assert.Equal("名次", table.Columns[0]);
        Assert.Equal("工作小組會議 目標", table.Columns[4]);
        // The readers hand out one buffer per row: each is copied before the next is read.
        var rows = table.Rows(CancellationToken.None).Select(r => r.ToArray()).ToList();
        Assert.Equal(6, rows.Count);
        foreach (var agency in json.GetProperty("agencies").EnumerateArray())
        {
            var row = rows.Single(r => r[1] == agency.GetProperty("agency").GetString());
            Assert.Equal(agency.GetProperty("rank").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), row[0]);
            Assert.Equal(agency.GetProperty("indicators")[1].GetProperty("target").GetDecimal(), decimal.Parse(row[7]!, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(agency.GetProperty("score").GetDecimal(), decimal.Parse(row[^3]!, System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
