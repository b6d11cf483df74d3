using System.Globalization;
using Kaifang.Reporting;

namespace Kaifang.Evaluation;

/// The evaluation as a table for the report spreadsheets (a row per agency in rank order, the same figures as
/// the page), as the dashboard's charts, and as the PDF report with those charts.
public static class EvaluationReport
{
    private static readonly string[] Names = ["工作小組會議", "新增資料集", "正確率(%)", "三星以上比率(%)", "6日內回覆率(%)"];
    private static readonly string[] NamesEn = ["Working-group meetings", "New datasets", "Accuracy (%)", "Three-star ratio (%)", "Replies within 6 days (%)"];

    public static string IndicatorName(string indicator, bool english)
    {
        var i = EvaluationScoring.Indicators.ToList().IndexOf(indicator);
        return i < 0 ? indicator : english ? NamesEn[i] : Names[i];
    }

    public static IReadOnlyList<string[]> Rows(YearlyEvaluation.Result result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var header = new List<string> { "名次", "機關代碼", "機關" };
        foreach (var name in Names)
        {
            header.AddRange([$"{name} 實際", $"{name} 目標", $"{name} 得分"]);
        }
        header.AddRange(["加分", "總分", "滿分", "建議表揚"]);
        var rows = new List<string[]> { header.ToArray() };
        foreach (var a in result.Agencies)
        {
            var row = new List<string> { N(a.Rank), a.Agency, a.AgencyName };
            foreach (var indicator in EvaluationScoring.Indicators)
            {
                var i = a.Indicators.First(x => x.Indicator == indicator);
                row.AddRange([Cell(i.Actual), Cell(i.Target), Cell(i.Points)]);
            }
            row.AddRange([Cell(a.Bonuses.Sum(b => b.Points)), Cell(a.Score), Cell(a.MaxScore), a.Award ? "是" : "否"]);
            rows.Add([.. row]);
        }
        return rows;
    }

    /// Per indicator, each agency's actual value beside its target.
    public static IReadOnlyList<BarChart> IndicatorCharts(YearlyEvaluation.Result result, bool english)
    {
        ArgumentNullException.ThrowIfNull(result);
        var agencies = result.Agencies.OrderBy(a => a.Agency, StringComparer.Ordinal).ToList();
        return [.. EvaluationScoring.Indicators.Select(indicator =>
        {
            var scores = agencies.Select(a => a.Indicators.First(i => i.Indicator == indicator)).ToList();
            return new BarChart($"{result.Year} {IndicatorName(indicator, english)}", [.. agencies.Select(a => a.Agency)],
                [new(english ? "Actual" : "實際", [.. scores.Select(s => s.Actual)]), new(english ? "Target" : "目標", [.. scores.Select(s => s.Target)])],
                indicator is "meetings" or "growth" ? "" : "%");
        })];
    }

    /// Per indicator, each agency's figure in each quarter so far.
    public static IReadOnlyList<BarChart> QuarterCharts(int year, IReadOnlyList<(int Quarter, IReadOnlyList<AgencyMeasurement> Agencies)> quarters, bool english)
    {
        ArgumentNullException.ThrowIfNull(quarters);
        if (quarters.Count == 0)
        {
            return [];
        }
        var codes = quarters[0].Agencies.Select(a => a.Agency.Code).Order(StringComparer.Ordinal).ToList();
        return [.. EvaluationScoring.Indicators.Select(indicator => new BarChart(
            english ? $"{year} {IndicatorName(indicator, true)} by quarter" : $"{year} 各季{IndicatorName(indicator, false)}", codes,
            [.. quarters.Select(q => new ChartSeries($"Q{q.Quarter}", [.. codes.Select(c => Value(q.Agencies.First(a => a.Agency.Code == c).Values, indicator))]))],
            indicator is "meetings" or "growth" ? "" : "%"))];
    }

    public static decimal? Value(IndicatorValues v, string indicator)
    {
        ArgumentNullException.ThrowIfNull(v);
        return indicator switch
        {
            "meetings" => v.MeetingsHeld,
            "growth" => v.NewDatasets,
            "accuracy" => v.AccuracyPercent,
            "three-star" => v.ThreeStarPercent,
            _ => v.RepliesWithinDeadlinePercent,
        };
    }

    /// The yearly evaluation report: the rules, the ranked table, the bonuses explained, the charts, the schedule.
    public static byte[] Pdf(YearlyEvaluation.Result result, IReadOnlyList<(int Quarter, IReadOnlyList<AgencyMeasurement> Agencies)> quarters,
        ScheduleReport schedule, DateTimeOffset madeAt, StoredEvaluation? frozen)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(schedule);
        var r = result.Rules;
        var pdf = new PdfReport($"勞動部 {result.Year} 年度（民國{result.Year - 1911}年）政府資料開放績效評核報告")
            .Title(frozen is null
                ? $"製表時間 {Feedback.ReplyDeadline.TaipeiDate(madeAt):yyyy-MM-dd}（依即時資料計算，尚未凍結）"
                : $"評核結果凍結於 {Feedback.ReplyDeadline.TaipeiDate(frozen.TakenAt):yyyy-MM-dd}（{frozen.TakenBy}）；製表時間 {Feedback.ReplyDeadline.TaipeiDate(madeAt):yyyy-MM-dd}")
            .Heading("評分規則")
            .Paragraph($"每項指標達成目標得 {N(r.PointsPerIndicator)} 分，依「實際 ÷ 目標」比例給分，上限 {N(r.AchievementCap * 100)}%；無目標的指標不計分也不計滿分。"
                + $"加分：四星以上比率 × {N(r.FourStarBonusPoints)} 分；如期回覆率達標者，(期限日數 − 平均回覆日數) ÷ 期限日數 × {N(r.ReplySpeedBonusPoints)} 分。"
                + $"排序依總分，同分時依達標項數，再依正確率；仍相同者同名次。前 {r.Awards} 名建議表揚。")
            .Heading("評核結果")
            .Paragraph("各指標欄為「實際 / 目標 → 得分」；總分欄為「總分 / 滿分」。")
            .Table(["名次", "機關", .. Names, "加分", "總分", "建議表揚"],
                [.. result.Agencies.Select(a => (IReadOnlyList<string>)[
                    N(a.Rank), a.AgencyName,
                    .. EvaluationScoring.Indicators.Select(ind => a.Indicators.First(i => i.Indicator == ind)).Select(i => $"{N(i.Actual)}/{N(i.Target)}→{N(i.Points)}"),
                    N(a.Bonuses.Sum(b => b.Points)), $"{N(a.Score)}/{N(a.MaxScore)}", a.Award ? "是" : "",
                ])]);
        pdf.Heading("加分說明");
        foreach (var a in result.Agencies.Where(a => a.Bonuses.Count > 0))
        {
            pdf.Paragraph($"{a.AgencyName}：{string.Join("；", a.Bonuses.Select(b => b.Zh))}");
        }
        pdf.Heading("各指標實際與目標");
        foreach (var chart in IndicatorCharts(result, english: false))
        {
            pdf.Chart(chart);
        }
        if (quarters.Count > 0)
        {
            pdf.Heading("各季指標");
            foreach (var chart in QuarterCharts(result.Year, quarters, english: false))
            {
                pdf.Chart(chart);
            }
        }
        pdf.Heading("開放進度");
        AppendSchedule(pdf, schedule);
        return pdf.ToBytes();
    }

    internal static void AppendSchedule(PdfReport pdf, ScheduleReport schedule)
    {
        pdf.Paragraph($"截至 {schedule.AsOf:yyyy-MM-dd}（全年 {schedule.YearElapsed:P0}）：本年新增 {schedule.NewInYear} 個資料集，依目前速度推估全年 {schedule.ProjectedNewInYear} 個（每年至少 {schedule.NewDatasetsFloor} 個）。")
            .Table(["機關", "開放資料集", "年底目標", "本年新增", "推估全年新增", "推估年底開放", "進度"],
                [.. schedule.Agencies.Select(a => (IReadOnlyList<string>)[
                    a.AgencyName, N(a.OpenNow), a.PlannedAtYearEnd is { } p ? N(p) : "—", N(a.NewInYear), N(a.ProjectedNewInYear), N(a.ProjectedOpenAtYearEnd),
                    a.PlannedAtYearEnd is null ? "—" : a.OnTrack ? "符合" : "落後",
                ])]);
    }

    /// A figure as a spreadsheet cell or form value: up to two decimals, empty where there is none.
    public static string Cell(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";

    internal static string N(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "—";

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
