using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kaifang.Evaluation;

/// The year's evaluation of every agency (ACTION-PLAN S14–S16): the indicators as <see cref="IndicatorMeasurement"/>
/// measures them for the year, scored against the year's targets by <see cref="EvaluationScoring"/>. The quarterly
/// snapshots never change, nor do meetings held, datasets first published and replies given in a past year,
/// so evaluating a past year again gives the same answer (checked against a frozen evaluation by <see cref="EvaluationSnapshots"/>).
public sealed class YearlyEvaluation(Storage.KaifangDbContext db, IndicatorMeasurement measurement, IOptions<EvaluationRules> rules)
{
    public sealed record Result(int Year, EvaluationRules Rules, IReadOnlyList<AgencyEvaluation> Agencies);

    public async Task<Result> EvaluateAsync(int year, CancellationToken cancellationToken) =>
        Score(year, await InputsAsync(year, cancellationToken), rules.Value);

    /// What the year's evaluation is computed from: per agency its measured indicators and its targets.
    public async Task<IReadOnlyList<EvaluationInput>> InputsAsync(int year, CancellationToken cancellationToken)
    {
        var measured = await measurement.MeasureAsync(new Feedback.FeedbackPeriod(year), cancellationToken);
        var targets = await db.PerformanceTargets.AsNoTracking().Where(t => t.Year == year).ToDictionaryAsync(t => t.AgencyId, cancellationToken);
        return [.. measured.Select(m => new EvaluationInput(m.Agency.Code, m.Agency.Name, m.Agency.NameEn, m.Values, targets.GetValueOrDefault(m.Agency.Id)))];
    }

    /// Scores and ranks the inputs under the rules: the same inputs and rules always give the same result.
    public static Result Score(int year, IReadOnlyList<EvaluationInput> inputs, EvaluationRules rules) =>
        new(year, rules, EvaluationScoring.Rank([.. inputs.Select(i => (i.Agency, i.AgencyName, i.AgencyNameEn, i.Values, i.Target))], rules));
}

/// One agency's inputs to the evaluation: its measured indicators and its targets (null when it has none).
public sealed record EvaluationInput(string Agency, string AgencyName, string AgencyNameEn, IndicatorValues Values, PerformanceTarget? Target);
