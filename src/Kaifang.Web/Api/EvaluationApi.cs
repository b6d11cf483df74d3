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
        routes.MapGet("/api/v1/evaluation/targets", Targets).WithTags("Evaluation").WithName("EvaluationTargets").RequireAuthorization()
            .WithSummary("The targets of a year (?year=2017): a row per agency with the five indicators and the datasets planned open at year end; empty is no target");
        routes.MapPut("/api/v1/evaluation/targets", SaveTargets).WithTags("Evaluation").WithName("SaveEvaluationTargets").RequireAuthorization()
            .WithSummary("Replace the targets of the rows given (agency, year, and the values; null for no target); ministry administrators only; all rows or none");
        routes.MapGet("/api/v1/evaluation/targets/export", ExportTargets).WithTags("Evaluation").WithName("ExportEvaluationTargets").RequireAuthorization()
            .WithSummary("The targets as a spreadsheet (format ods, xlsx or csv; year=2017, repeatable, or all years when left out)");
        routes.MapPost("/api/v1/evaluation/targets/import", ImportTargets).WithTags("Evaluation").WithName("ImportEvaluationTargets").RequireAuthorization().DisableAntiforgery()
            .WithSummary("Import targets from a spreadsheet with the exported columns (multipart 'file', or the body with ?fileName=targets.xlsx): all rows or none; every bad row is reported");
        return routes;
    }

    private static async Task<IResult> Targets(int? year, EvaluationTargets targets, HttpContext http, CancellationToken ct)
    {
        if (http.Staff() is null)
        {
            return TypedResults.Forbid();
        }
        if (year is not (>= 2000 and <= 2200))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["year"] = [http.WantsEnglish() ? "Ask for a year from 2000 to 2200, e.g. ?year=2017." : "請指定 2000 至 2200 的年度，例如 ?year=2017。"] });
        }
        return TypedResults.Ok(await targets.ForYearAsync(year.Value, ct));
    }

    private static async Task<IResult> SaveTargets(List<TargetRow>? rows, EvaluationTargets targets, HttpContext http, CancellationToken ct)
    {
        if (http.Staff() is not { } staff)
        {
            return TypedResults.Forbid();
        }
        if (rows is not { Count: > 0 })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [http.WantsEnglish() ? "Send a JSON array of rows: [{\"agency\": \"BLI\", \"year\": 2017, \"growth\": 45, …}]." : "請送出 JSON 陣列，例如 [{\"agency\": \"BLI\", \"year\": 2017, \"growth\": 45, …}]。"] });
        }
        var result = await targets.SaveAsync(staff, rows, ct);
        return result.Succeeded ? TypedResults.Ok(new { saved = result.Value }) : InventoryApi.Failure(result, http);
    }

    private static async Task<IResult> ExportTargets(string? format, int[]? year, EvaluationTargets targets, HttpContext http, CancellationToken ct)
    {
        if (http.Staff() is null)
        {
            return TypedResults.Forbid();
        }
        if (Storage.SpreadsheetTables.ParseFormat(format ?? "ods") is not { } chosen || year?.Any(y => y is < 2000 or > 2200) == true)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["format"] = [http.WantsEnglish() ? "Ask for format ods, xlsx or csv, and years from 2000 to 2200." : "格式請用 ods、xlsx 或 csv，年度介於 2000 至 2200。"],
            });
        }
        var name = year is { Length: 1 } ? $"targets-{year[0]}" : "targets";
        return TypedResults.File(await targets.ExportAsync(chosen, year, ct), Storage.SpreadsheetTables.ContentType(chosen), $"{name}.{Storage.SpreadsheetTables.Extension(chosen)}");
    }

    private static async Task<IResult> ImportTargets(string? fileName, EvaluationTargets targets, HttpContext http, CancellationToken ct)
    {
        if (http.Staff() is not { } staff)
        {
            return TypedResults.Forbid();
        }
        byte[] bytes;
        string name;
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(ct);
            if (form.Files.GetFile("file") is not { } file)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                    title: http.WantsEnglish() ? "Send the spreadsheet in a form field named 'file'." : "請以名為 file 的表單欄位上傳試算表。");
            }
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            (bytes, name) = (buffer.ToArray(), file.FileName);
        }
        else
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, ct);
            (bytes, name) = (buffer.ToArray(), fileName ?? "");
        }
        var result = await targets.ImportAsync(staff, () => new MemoryStream(bytes, writable: false), name, ct);
        return result.Succeeded ? TypedResults.Ok(new { imported = result.Value }) : InventoryApi.Failure(result, http);
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
