namespace Kaifang.Evaluation;

/// One agency's five indicators for a year, as measured (null when there is nothing to measure).
public sealed record IndicatorValues(
    int MeetingsHeld, int NewDatasets, decimal? AccuracyPercent, decimal? ThreeStarPercent, decimal? FourStarPercent,
    decimal? RepliesWithinDeadlinePercent, decimal? AverageDaysToReply, int ReplyDays);

/// An indicator's actual value against its target, the achievement and the points it earns.
public sealed record IndicatorScore(string Indicator, decimal? Actual, decimal? Target, decimal? Achievement, decimal Points, decimal MaxPoints, bool Achieved);

public sealed record BonusScore(string Bonus, decimal Points, string Zh, string En);

public sealed record AgencyEvaluation(
    string Agency, string AgencyName, string AgencyNameEn, IReadOnlyList<IndicatorScore> Indicators, IReadOnlyList<BonusScore> Bonuses,
    decimal Score, decimal MaxScore, int Rank, bool Award)
{
    public int Achieved => Indicators.Count(i => i.Achieved);
}

/// Scores the agencies (ACTION-PLAN S16): each indicator earns PointsPerIndicator × min(actual ÷ target, cap);
/// an indicator without a target is left out of both score and maximum. Bonuses (S15) follow EvaluationRules.
/// Ranking: by total score, then by the number of targets fully achieved, then by accuracy; agencies
/// still equal share a rank (and both get an award if that rank is within the awards).
public static class EvaluationScoring
{
    /// The five indicators in the plan's order.
    public static IReadOnlyList<string> Indicators { get; } = ["meetings", "growth", "accuracy", "three-star", "replies"];

    public static IReadOnlyList<AgencyEvaluation> Rank(
        IReadOnlyList<(string Code, string Name, string NameEn, IndicatorValues Values, PerformanceTarget? Target)> agencies, EvaluationRules rules)
    {
        ArgumentNullException.ThrowIfNull(agencies);
        ArgumentNullException.ThrowIfNull(rules);
        var scored = agencies.Select(a => Score(a.Code, a.Name, a.NameEn, a.Values, a.Target, rules)).ToList();
        var ordered = scored
            .OrderByDescending(e => e.Score).ThenByDescending(e => e.Achieved).ThenByDescending(e => Accuracy(e) ?? -1m)
            .ThenBy(e => e.Agency, StringComparer.Ordinal).ToList();
        var result = new List<AgencyEvaluation>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var e = ordered[i];
            var rank = i > 0 && SameStanding(ordered[i - 1], e) ? result[i - 1].Rank : i + 1;
            result.Add(e with { Rank = rank, Award = rank <= rules.Awards && e.Score > 0 });
        }
        return result;
    }

    private static bool SameStanding(AgencyEvaluation a, AgencyEvaluation b) =>
        a.Score == b.Score && a.Achieved == b.Achieved && Accuracy(a) == Accuracy(b);

    private static decimal? Accuracy(AgencyEvaluation e) => e.Indicators.First(i => i.Indicator == "accuracy").Actual;

    public static AgencyEvaluation Score(string code, string name, string nameEn, IndicatorValues v, PerformanceTarget? t, EvaluationRules rules)
    {
        ArgumentNullException.ThrowIfNull(v);
        ArgumentNullException.ThrowIfNull(rules);
        var indicators = new List<IndicatorScore>
        {
            Indicator("meetings", v.MeetingsHeld, t?.WorkingGroupMeetings, rules),
            Indicator("growth", v.NewDatasets, t?.Growth, rules),
            Indicator("accuracy", v.AccuracyPercent, t?.AccuracyPercent, rules),
            Indicator("three-star", v.ThreeStarPercent, t?.ThreeStarPercent, rules),
            Indicator("replies", v.RepliesWithinDeadlinePercent, t?.RepliesWithinDeadlinePercent, rules),
        };
        var bonuses = new List<BonusScore>();
        if (v.FourStarPercent is { } four && rules.FourStarBonusPoints > 0)
        {
            var points = Math.Round(rules.FourStarBonusPoints * four / 100m, 2);
            bonuses.Add(new("four-star", points, $"四星以上資料集占 {four:0.##}%：{rules.FourStarBonusPoints:0.##} × {four:0.##}% ＝ {points:0.##} 分",
                $"{four:0.##}% of open datasets at four stars or more: {rules.FourStarBonusPoints:0.##} × {four:0.##}% = {points:0.##} points"));
        }
        var repliesMet = indicators[4].Achieved;
        if (v.AverageDaysToReply is { } average && v.ReplyDays > 0 && rules.ReplySpeedBonusPoints > 0)
        {
            var spare = Math.Max(0m, v.ReplyDays - average);
            var points = repliesMet ? Math.Round(rules.ReplySpeedBonusPoints * spare / v.ReplyDays, 2) : 0m;
            bonuses.Add(new("reply-speed", points,
                repliesMet
                    ? $"平均 {average:0.##} 日回覆，期限 {v.ReplyDays} 日：{rules.ReplySpeedBonusPoints:0.##} × ({v.ReplyDays} − {average:0.##}) ÷ {v.ReplyDays} ＝ {points:0.##} 分"
                    : $"平均 {average:0.##} 日回覆，但如期回覆率未達目標，不加分",
                repliesMet
                    ? $"Replies in {average:0.##} days on average, deadline {v.ReplyDays}: {rules.ReplySpeedBonusPoints:0.##} × ({v.ReplyDays} − {average:0.##}) ÷ {v.ReplyDays} = {points:0.##} points"
                    : $"Replies in {average:0.##} days on average, but the on-time target was not met: no bonus"));
        }
        var score = indicators.Sum(i => i.Points) + bonuses.Sum(b => b.Points);
        return new AgencyEvaluation(code, name, nameEn, indicators, bonuses, Math.Round(score, 2), indicators.Sum(i => i.MaxPoints), 0, false);
    }

    private static IndicatorScore Indicator(string name, decimal? actual, decimal? target, EvaluationRules rules)
    {
        if (target is not > 0)
        {
            return new(name, actual, target, null, 0m, 0m, false);
        }
        var achievement = Math.Round(Math.Min((actual ?? 0m) / target.Value, rules.AchievementCap), 4);
        return new(name, actual, target, achievement, Math.Round(rules.PointsPerIndicator * achievement, 2), rules.PointsPerIndicator, (actual ?? 0m) >= target.Value);
    }
}
