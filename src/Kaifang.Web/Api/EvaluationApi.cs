using Kaifang.Evaluation;

namespace Kaifang.Web.Api;

/// The yearly evaluation (ACTION-PLAN S16) for staff: every agency's indicators, achievements, bonuses, score and rank.
public static class EvaluationApi
{
    public static IEndpointRouteBuilder MapEvaluationApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/evaluation/{year:int}", Evaluate).WithTags("Evaluation").WithName("YearlyEvaluation").RequireAuthorization()
            .WithSummary("The year's evaluation: per agency the five indicators against their targets, the bonus points with how they were earned, the score, the rank and the award proposals");
        routes.MapGet("/api/v1/evaluation/{year:int}/report", Report).WithTags("Evaluation").WithName("EvaluationReport").RequireAuthorization()
            .WithSummary("The year's evaluation as a spreadsheet (format: ods, xlsx or csv), with the same figures as the page");
        routes.MapGet("/api/v1/evaluation/{year:int}/schedule", Schedule).WithTags("Evaluation").WithName("ScheduleProgress")
            .WithSummary("Datasets open per agency against the year-end plan, new datasets against the yearly floor of 130, and a projection to year end at the pace so far");
        return routes;
    }

    private static async Task<IResult> Report(int year, string? format, YearlyEvaluation evaluation, HttpContext http, CancellationToken ct)
    {
        if (http.Staff() is null)
        {
            return TypedResults.Forbid();
        }
        if (Storage.SpreadsheetTables.ParseFormat(format ?? "ods") is not { } chosen || year is < 2000 or > 2200)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["format"] = [http.WantsEnglish() ? "Ask for a year from 2000 and format ods, xlsx or csv." : "請指定 2000 年以後的年度，格式為 ods、xlsx 或 csv。"],
            });
        }
        var result = await evaluation.EvaluateAsync(year, ct);
        return TypedResults.File(Storage.SpreadsheetTables.Write(chosen, $"{year}", EvaluationReport.Rows(result), neutralise: true),
            Storage.SpreadsheetTables.ContentType(chosen), $"evaluation-{year}.{Storage.SpreadsheetTables.Extension(chosen)}");
    }

    private static async Task<IResult> Schedule(int year, ScheduleProgress progress, HttpContext http, CancellationToken ct) =>
        year is < 2000 or > 2200
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["year"] = [http.WantsEnglish() ? $"{year} is not a year." : $"{year} 不是年度。"] })
            : TypedResults.Ok(await progress.ForYearAsync(year, ct));

    private static async Task<IResult> Evaluate(int year, YearlyEvaluation evaluation, HttpContext http, CancellationToken ct)
    {
        if (http.Staff() is null)
        {
            return TypedResults.Forbid();
        }
        if (year is < 2000 or > 2200)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["year"] = [http.WantsEnglish() ? $"{year} is not a year to evaluate." : $"{year} 不是可評核的年度。"],
            });
        }
        var result = await evaluation.EvaluateAsync(year, ct);
        var english = http.WantsEnglish();
        return TypedResults.Ok(new
        {
            year = result.Year,
            rules = result.Rules,
            agencies = result.Agencies.Select(a => new
            {
                a.Agency, name = english ? a.AgencyNameEn : a.AgencyName, a.Score, a.MaxScore, a.Rank, a.Award, achieved = a.Achieved,
                indicators = a.Indicators,
                bonuses = a.Bonuses.Select(b => new { b.Bonus, b.Points, explanation = english ? b.En : b.Zh }),
            }),
        });
    }
}
