namespace Kaifang.Evaluation;

/// The rules of the yearly evaluation (ACTION-PLAN S15, S16), bound from "Kaifang:Evaluation". The plan
/// names the indicators and says bonus points come "in proportion" without a formula; these are the
/// explicit defaults, shown next to every score (docs/evaluation.md).
public sealed class EvaluationRules
{
    public const string Section = "Kaifang:Evaluation";

    /// Points for each of the five indicators when its target is fully achieved.
    public decimal PointsPerIndicator { get; set; } = 20m;

    /// Achievement is actual ÷ target, capped here: over-achieving one indicator does not make up for another.
    public decimal AchievementCap { get; set; } = 1.0m;

    /// Bonus for openness beyond three stars: this many points × the share of open datasets at four or five stars.
    public decimal FourStarBonusPoints { get; set; } = 5m;

    /// Bonus for fast replies: this many points × the share of the deadline left unused on average
    /// ((N − average days to reply) ÷ N), given only when the replies-within-deadline target is met.
    public decimal ReplySpeedBonusPoints { get; set; } = 5m;

    /// How many agencies at the top are proposed for awards.
    public int Awards { get; set; } = 3;
}
