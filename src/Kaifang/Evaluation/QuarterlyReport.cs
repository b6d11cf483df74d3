using System.Globalization;
using Kaifang.Feedback;
using Kaifang.Reporting;

namespace Kaifang.Evaluation;

/// The quarterly progress report to the Executive Yuan (ACTION-PLAN S3, S13, S14): per agency, the datasets open at
/// the quarter's end against the year-end plan, the new datasets in the quarter and in the year so far, and the
/// quarter's five indicators. A quarter not yet over is reported as it stands today.
public sealed class QuarterlyReport(IndicatorMeasurement measurement, ScheduleProgress schedule, TimeProvider time)
{
    public sealed record Data(int Year, int Quarter, ScheduleReport Schedule, IReadOnlyList<AgencyMeasurement> Agencies, DateTimeOffset MadeAt);

    public static string[] Header { get; } =
    [
        "機關代碼", "機關", "季末開放資料集", "年底目標", "本季新增", "本年累計新增", "推估全年新增",
        "本季工作小組會議", "本季正確率(%)", "本季三星以上比率(%)", "本季四星以上比率(%)", "本季6日內回覆率(%)", "平均回覆日數",
    ];

    public async Task<Data> ForQuarterAsync(int year, int quarter, CancellationToken cancellationToken)
    {
        var period = new FeedbackPeriod(year, quarter);
        var today = ReplyDeadline.TaipeiDate(time.GetUtcNow());
        var progress = await schedule.AsOfAsync(year, period.To < today ? period.To : today, cancellationToken);
        return new Data(year, quarter, progress, await measurement.MeasureAsync(period, cancellationToken), time.GetUtcNow());
    }

    public static IReadOnlyList<string[]> Rows(Data data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var rows = new List<string[]> { Header };
        foreach (var m in data.Agencies)
        {
            var s = data.Schedule.Agencies.First(a => a.Agency == m.Agency.Code);
            var v = m.Values;
            rows.Add([
                m.Agency.Code, m.Agency.Name, I(s.OpenNow), s.PlannedAtYearEnd is { } plan ? I(plan) : "", I(v.NewDatasets), I(s.NewInYear), I(s.ProjectedNewInYear),
                I(v.MeetingsHeld), EvaluationReport.Cell(v.AccuracyPercent), EvaluationReport.Cell(v.ThreeStarPercent), EvaluationReport.Cell(v.FourStarPercent),
                EvaluationReport.Cell(v.RepliesWithinDeadlinePercent), EvaluationReport.Cell(v.AverageDaysToReply),
            ]);
        }
        var all = data.Agencies.Select(a => a.Values).ToList();
        rows.Add([
            "", "合計", I(data.Schedule.OpenNow), data.Schedule.PlannedAtYearEnd is { } total ? I(total) : "", I(all.Sum(v => v.NewDatasets)), I(data.Schedule.NewInYear),
            I(data.Schedule.ProjectedNewInYear), I(all.Sum(v => v.MeetingsHeld)), "", "", "", "", "",
        ]);
        return rows;
    }

    public static byte[] Pdf(Data data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var rows = Rows(data);
        var pdf = new PdfReport($"勞動部 {data.Year} 年第 {data.Quarter} 季（民國{data.Year - 1911}年）政府資料開放辦理情形")
            .Title($"製表時間 {ReplyDeadline.TaipeiDate(data.MadeAt):yyyy-MM-dd}；開放進度截至 {data.Schedule.AsOf:yyyy-MM-dd}")
            .Heading("各機關辦理情形")
            .Table(rows[0], [.. rows.Skip(1)]);
        var codes = data.Agencies.Select(a => a.Agency.Code).ToList();
        pdf.Chart(new BarChart("季末開放資料集與年底目標", codes,
            [new("季末開放", [.. data.Schedule.Agencies.Select(a => (decimal?)a.OpenNow)]), new("年底目標", [.. data.Schedule.Agencies.Select(a => (decimal?)a.PlannedAtYearEnd)])], ""));
        pdf.Chart(new BarChart("本季品質與回覆", codes,
            [new("正確率", [.. data.Agencies.Select(a => a.Values.AccuracyPercent)]), new("三星以上", [.. data.Agencies.Select(a => a.Values.ThreeStarPercent)]),
             new("6日內回覆", [.. data.Agencies.Select(a => a.Values.RepliesWithinDeadlinePercent)])], "%"));
        pdf.Heading("開放進度");
        EvaluationReport.AppendSchedule(pdf, data.Schedule);
        return pdf.ToBytes();
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
