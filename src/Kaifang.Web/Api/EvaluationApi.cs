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
            .WithSummary("The year's evaluation report: a spreadsheet (format ods, xlsx or csv) with the same figures as the page, or the PDF report with the dashboard's charts; the frozen evaluation when there is one");
        routes.MapGet("/api/v1/evaluation/{year:int}/quarters/{quarter:int}/report", QuarterReport).WithTags("Evaluation").WithName("QuarterlyReport").RequireAuthorization()
            .WithSummary("The quarterly report to the Executive Yuan (format ods, xlsx, csv or pdf): per agency the datasets open against the plan, the new datasets and the quarter's indicators");
        routes.MapGet("/api/v1/evaluation/{year:int}/quarters", Quarters).WithTags("Evaluation").WithName("QuarterlyIndicators").RequireAuthorization()
            .WithSummary("The five indicators per agency for each quarter of the year begun so far");
        routes.MapGet("/api/v1/evaluation/{year:int}/agencies/{agency}/{indicator}", DrillDownOf).WithTags("Evaluation").WithName("IndicatorDrillDown").RequireAuthorization()
            .WithSummary("What makes an indicator's figure (meetings, growth, accuracy, three-star, replies) for an agency in the year or ?quarter=N: the meetings, datasets or comments, each with whether it counts and why");
        routes.MapPost("/api/v1/evaluation/{year:int}/freeze", Freeze).WithTags("Evaluation").WithName("FreezeEvaluation").RequireAuthorization()
            .WithSummary("Freeze a past year's evaluation (the ministry's administrators): its inputs, rules and result are stored and shown from then on");
        routes.MapGet("/api/v1/evaluation/{year:int}/frozen", Frozen).WithTags("Evaluation").WithName("FrozenEvaluation").RequireAuthorization()
            .WithSummary("The frozen evaluation of a year, whether scoring its inputs again gives the same result, and every figure in which evaluating the year again from live data differs");
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
        var (upload, problem) = await SpreadsheetUpload.ReadAsync(http, fileName, ct);
        if (upload is null)
        {
            return problem!;
        }
        var (bytes, name) = (upload.Bytes, upload.Name);
        var result = await targets.ImportAsync(staff, () => new MemoryStream(bytes, writable: false), name, ct);
        return result.Succeeded ? TypedResults.Ok(new { imported = result.Value }) : InventoryApi.Failure(result, http);
    }

    private static async Task<IResult> Report(int year, string? format, YearlyEvaluation evaluation, IndicatorMeasurement measurement, ScheduleProgress schedule,
        EvaluationSnapshots snapshots, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        if (http.Staff() is null)
        {
            return TypedResults.Forbid();
        }
        if (ReportFormat.Parse(format) is not { } chosen || year is < 2000 or > 2200)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["format"] = [http.WantsEnglish() ? "Ask for a year from 2000 and format ods, xlsx, csv or pdf." : "請指定 2000 年以後的年度，格式為 ods、xlsx、csv 或 pdf。"],
            });
        }
        var frozen = await snapshots.LatestAsync(year, ct);
        var result = frozen?.Result ?? await evaluation.EvaluateAsync(year, ct);
        var pdf = chosen.IsPdf
            ? EvaluationReport.Pdf(result, await measurement.QuartersAsync(year, Feedback.ReplyDeadline.TaipeiDate(time.GetUtcNow()), ct),
                await schedule.ForYearAsync(year, ct), time.GetUtcNow(), frozen)
            : null;
        return chosen.File($"evaluation-{year}", $"{year}", () => EvaluationReport.Rows(result), pdf);
    }

    private static async Task<IResult> QuarterReport(int year, int quarter, string? format, QuarterlyReport report, HttpContext http, CancellationToken ct)
    {
        if (http.Staff() is null)
        {
            return TypedResults.Forbid();
        }
        if (ReportFormat.Parse(format) is not { } chosen || year is < 2000 or > 2200 || quarter is < 1 or > 4)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["format"] = [http.WantsEnglish() ? "Ask for a year from 2000, a quarter 1 to 4, and format ods, xlsx, csv or pdf." : "請指定 2000 年以後的年度、第 1 至 4 季，格式為 ods、xlsx、csv 或 pdf。"],
            });
        }
        var data = await report.ForQuarterAsync(year, quarter, ct);
        return chosen.File($"quarterly-report-{year}Q{quarter}", $"{year}Q{quarter}", () => QuarterlyReport.Rows(data), chosen.IsPdf ? QuarterlyReport.Pdf(data) : null);
    }

    /// A report's format: PDF, or a spreadsheet (ods by default, xlsx or csv) of the same figures.
    private sealed record ReportFormat(Storage.SpreadsheetFormat? Spreadsheet)
    {
        public bool IsPdf => Spreadsheet is null;

        public static ReportFormat? Parse(string? format) =>
            string.Equals(format?.Trim().TrimStart('.'), "pdf", StringComparison.OrdinalIgnoreCase) ? new ReportFormat((Storage.SpreadsheetFormat?)null)
            : Storage.SpreadsheetTables.ParseFormat(format ?? "ods") is { } sheet ? new ReportFormat(sheet) : null;

        /// The PDF given, or the rows written as the spreadsheet, cells from user data neutralised.
        public Microsoft.AspNetCore.Http.HttpResults.FileContentHttpResult File(string name, string sheet, Func<IReadOnlyList<string[]>> rows, byte[]? pdf) => Spreadsheet is not { } chosen
            ? TypedResults.File(pdf!, "application/pdf", $"{name}.pdf")
            : TypedResults.File(Storage.SpreadsheetTables.Write(chosen, sheet, rows(), neutralise: true),
                Storage.SpreadsheetTables.ContentType(chosen), $"{name}.{Storage.SpreadsheetTables.Extension(chosen)}");
    }

    private static async Task<IResult> Quarters(int year, IndicatorMeasurement measurement, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        if (http.Staff() is null)
        {
            return TypedResults.Forbid();
        }
        if (year is < 2000 or > 2200)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["year"] = [http.WantsEnglish() ? $"{year} is not a year." : $"{year} 不是年度。"] });
        }
        var quarters = await measurement.QuartersAsync(year, Feedback.ReplyDeadline.TaipeiDate(time.GetUtcNow()), ct);
        var english = http.WantsEnglish();
        return TypedResults.Ok(quarters.Select(q => new
        {
            quarter = q.Quarter,
            agencies = q.Agencies.Select(a => new { agency = a.Agency.Code, name = a.Agency.DisplayName(english), values = a.Values }),
        }));
    }

    private static async Task<IResult> DrillDownOf(int year, string agency, string indicator, int? quarter, IndicatorDrillDown drillDown, HttpContext http, CancellationToken ct)
    {
        if (http.Staff() is null)
        {
            return TypedResults.Forbid();
        }
        if (year is < 2000 or > 2200 || quarter is < 1 or > 4)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["quarter"] = [http.WantsEnglish() ? "Ask for a year from 2000 and a quarter from 1 to 4 (or none for the year)." : "請指定 2000 年以後的年度，季別 1 至 4（或不指定以查全年）。"] });
        }
        var found = await drillDown.ForAsync(agency, indicator, new Feedback.FeedbackPeriod(year, quarter), ct);
        if (found is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
                title: http.WantsEnglish() ? $"No agency '{agency}' or indicator '{indicator}'; indicators are {string.Join(", ", EvaluationScoring.Indicators)}." : $"找不到機關「{agency}」或指標「{indicator}」；指標為 {string.Join("、", EvaluationScoring.Indicators)}。");
        }
        var english = http.WantsEnglish();
        return TypedResults.Ok(new
        {
            found.Agency, name = english ? found.AgencyNameEn : found.AgencyName, found.Indicator, found.Period,
            items = found.Items.Select(i => new { i.Key, i.Title, i.Url, i.Date, i.Counts, i.Period, note = english ? i.En : i.Zh }),
        });
    }

    private static async Task<IResult> Freeze(int year, EvaluationSnapshots snapshots, HttpContext http, CancellationToken ct)
    {
        if (http.Staff() is not { } staff)
        {
            return TypedResults.Forbid();
        }
        var result = await snapshots.FreezeAsync(staff, year, ct);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/evaluation/{year}/frozen", new { result.Value!.Id, result.Value.Year, result.Value.TakenAt, result.Value.TakenBy })
            : InventoryApi.Failure(result, http);
    }

    private static async Task<IResult> Frozen(int year, EvaluationSnapshots snapshots, HttpContext http, CancellationToken ct)
    {
        if (http.Staff() is null)
        {
            return TypedResults.Forbid();
        }
        if (await snapshots.VerifyAsync(year, ct) is not { } check)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
                title: http.WantsEnglish() ? $"The {year} evaluation has not been frozen." : $"{year} 年的評核結果尚未凍結。");
        }
        return TypedResults.Ok(new
        {
            check.Stored.Id, check.Stored.Year, check.Stored.TakenAt, check.Stored.TakenBy,
            rescoredEqual = check.RescoredEqual, liveEqual = check.LiveEqual, liveDifferences = check.LiveDifferences,
            result = check.Stored.Result,
        });
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
