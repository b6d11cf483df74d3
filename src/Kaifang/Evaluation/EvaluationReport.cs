using System.Globalization;

namespace Kaifang.Evaluation;

/// The evaluation as a table for the report spreadsheets: a row per agency in rank order, the same figures as the page.
public static class EvaluationReport
{
    private static readonly string[] Indicators = ["meetings", "growth", "accuracy", "three-star", "replies"];
    private static readonly string[] Names = ["工作小組會議", "新增資料集", "正確率(%)", "三星以上比率(%)", "6日內回覆率(%)"];

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
            foreach (var indicator in Indicators)
            {
                var i = a.Indicators.First(x => x.Indicator == indicator);
                row.AddRange([N(i.Actual), N(i.Target), N(i.Points)]);
            }
            row.AddRange([N(a.Bonuses.Sum(b => b.Points)), N(a.Score), N(a.MaxScore), a.Award ? "是" : "否"]);
            rows.Add([.. row]);
        }
        return rows;
    }

    private static string N(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
