using System.Text.Json;
using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kaifang.Evaluation;

/// A year's evaluation as it was frozen: the inputs (measured indicators and targets), the rules and the result,
/// kept as JSON so that later changes to targets, rules or code cannot alter what was decided.
public sealed class EvaluationSnapshot
{
    public long Id { get; set; }
    public int Year { get; set; }
    public DateTimeOffset TakenAt { get; set; }
    public required string TakenBy { get; set; }
    public required string Inputs { get; set; }
    public required string Rules { get; set; }
    public required string Result { get; set; }
}

/// A frozen evaluation, read back, with the check that it still holds.
public sealed record StoredEvaluation(long Id, int Year, DateTimeOffset TakenAt, string TakenBy, YearlyEvaluation.Result Result, IReadOnlyList<EvaluationInput> Inputs);

/// One figure that differs between the frozen evaluation and the evaluation now.
public sealed record EvaluationDifference(string Agency, string Figure, string? Stored, string? Now);

/// Whether a frozen evaluation is reproduced: scoring its own inputs under its own rules again, and evaluating
/// the year again from live data with today's rules.
public sealed record EvaluationVerification(StoredEvaluation Stored, bool RescoredEqual, IReadOnlyList<EvaluationDifference> LiveDifferences)
{
    public bool LiveEqual => LiveDifferences.Count == 0;
}

/// Freezes a year's evaluation once the year is over (S16), and evaluates a past year again to show that it
/// gives the same answer. Freezing again keeps the earlier snapshots; the latest is the one shown.
public sealed class EvaluationSnapshots(KaifangDbContext db, AgencyDirectory agencies, YearlyEvaluation evaluation, IOptions<EvaluationRules> rules, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<CatalogResult<StoredEvaluation>> FreezeAsync(StaffScope who, int year, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        if (!who.Can(StaffAction.ManageTargets, agencies.Tree.Roots[0].Id))
        {
            return CatalogResult<StoredEvaluation>.Forbidden();
        }
        var thisYear = Feedback.ReplyDeadline.TaipeiDate(time.GetUtcNow()).Year;
        if (year >= thisYear)
        {
            return CatalogResult<StoredEvaluation>.Conflict("year", $"{year} 年尚未結束，年度結束後才能凍結評核結果。", $"{year} is not over yet; an evaluation is frozen once its year has ended.");
        }
        var inputs = await evaluation.InputsAsync(year, cancellationToken);
        var result = YearlyEvaluation.Score(year, inputs, rules.Value);
        var snapshot = new EvaluationSnapshot
        {
            Year = year, TakenAt = time.GetUtcNow(), TakenBy = who.UserName,
            Inputs = JsonSerializer.Serialize(inputs, Json), Rules = JsonSerializer.Serialize(result.Rules, Json), Result = JsonSerializer.Serialize(result, Json),
        };
        db.EvaluationSnapshots.Add(snapshot);
        await db.SaveChangesAsync(cancellationToken);
        return CatalogResult<StoredEvaluation>.Ok(Read(snapshot));
    }

    public async Task<StoredEvaluation?> LatestAsync(int year, CancellationToken cancellationToken)
    {
        var snapshot = await db.EvaluationSnapshots.AsNoTracking().Where(s => s.Year == year).OrderByDescending(s => s.Id).FirstOrDefaultAsync(cancellationToken);
        return snapshot is null ? null : Read(snapshot);
    }

    /// Scores the frozen inputs again under the frozen rules, and evaluates the year again from live data.
    public async Task<EvaluationVerification?> VerifyAsync(int year, CancellationToken cancellationToken)
    {
        if (await LatestAsync(year, cancellationToken) is not { } stored)
        {
            return null;
        }
        var rescored = YearlyEvaluation.Score(year, stored.Inputs, stored.Result.Rules);
        var live = await evaluation.EvaluateAsync(year, cancellationToken);
        return new EvaluationVerification(stored, Differences(stored.Result, rescored).Count == 0, Differences(stored.Result, live));
    }

    /// Figure by figure: ranks, awards, totals, and each indicator's actual, target and points, and the bonuses.
    public static IReadOnlyList<EvaluationDifference> Differences(YearlyEvaluation.Result stored, YearlyEvaluation.Result now)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(now);
        var differences = new List<EvaluationDifference>();
        var codes = stored.Agencies.Select(a => a.Agency).Union(now.Agencies.Select(a => a.Agency));
        foreach (var code in codes)
        {
            var a = stored.Agencies.FirstOrDefault(x => x.Agency == code);
            var b = now.Agencies.FirstOrDefault(x => x.Agency == code);
            void Compare(string figure, object? x, object? y)
            {
                var sx = Text(x);
                var sy = Text(y);
                if (sx != sy)
                {
                    differences.Add(new(code, figure, sx, sy));
                }
            }
            Compare("rank", a?.Rank, b?.Rank);
            Compare("award", a?.Award, b?.Award);
            Compare("score", a?.Score, b?.Score);
            foreach (var name in EvaluationScoring.Indicators)
            {
                var x = a?.Indicators.FirstOrDefault(i => i.Indicator == name);
                var y = b?.Indicators.FirstOrDefault(i => i.Indicator == name);
                Compare($"{name}.actual", x?.Actual, y?.Actual);
                Compare($"{name}.target", x?.Target, y?.Target);
                Compare($"{name}.points", x?.Points, y?.Points);
            }
            foreach (var bonus in (a?.Bonuses ?? []).Select(x => x.Bonus).Union((b?.Bonuses ?? []).Select(x => x.Bonus)))
            {
                Compare($"bonus.{bonus}", a?.Bonuses.FirstOrDefault(x => x.Bonus == bonus)?.Points, b?.Bonuses.FirstOrDefault(x => x.Bonus == bonus)?.Points);
            }
        }
        return differences;
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        decimal d => d.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static StoredEvaluation Read(EvaluationSnapshot s)
    {
        var rules = JsonSerializer.Deserialize<EvaluationRules>(s.Rules, Json) ?? new EvaluationRules();
        var result = JsonSerializer.Deserialize<YearlyEvaluation.Result>(s.Result, Json)
            ?? throw new InvalidOperationException($"The frozen evaluation {s.Id} of {s.Year} cannot be read.");
        var inputs = JsonSerializer.Deserialize<List<EvaluationInput>>(s.Inputs, Json) ?? [];
        return new StoredEvaluation(s.Id, s.Year, s.TakenAt, s.TakenBy, result with { Rules = rules }, inputs);
    }
}
