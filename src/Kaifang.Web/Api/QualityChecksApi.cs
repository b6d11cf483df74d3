using Kaifang.Accounts;
using Kaifang.Agencies;
using Kaifang.Catalog;
using Kaifang.Quality;
using Kaifang.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kaifang.Web.Api;

/// The quality verdicts (stars, freshness, broken links, wrong information) and the frozen quarterly
/// checks behind the accuracy indicator (docs/quality.md).
public static class QualityChecksApi
{
    public static IEndpointRouteBuilder MapQualityChecksApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/datasets/{name}/quality", DatasetQuality).WithTags("Quality").WithName("GetDatasetQuality")
            .WithSummary("A published dataset's stars (with their reasons), whether it was updated on time, its broken links and its wrong information");
        routes.MapPost("/api/v1/datasets/{name}/resources/{resourceId:guid}/derived", Derive).WithTags("Quality").WithName("DeriveResource").RequireAuthorization()
            .WithSummary("Raise the stars: add a CSV copy of an XLS/XLSX resource (derivation: csv) or an RDF rendering of a table (derivation: rdf); it is remade whenever its source's file is replaced");
        var staff = routes.MapGroup("/api/v1/quality").WithTags("Quality").RequireAuthorization();
        staff.MapGet("/problems", Problems).WithName("QualityProblems")
            .WithSummary("Published datasets within the caller's agencies that have a fault now (agency: a code to narrow it), worst first");
        staff.MapGet("/checks", ListChecks).WithName("ListQuarterlyChecks")
            .WithSummary("The frozen quarterly checks per agency (year: to narrow it), with their accuracy figures");
        staff.MapGet("/checks/{period}", GetCheck).WithName("GetQuarterlyCheck")
            .WithSummary("One quarter's checks (period: 2026Q3), each with the datasets behind every count (agency: a code to narrow it)");
        staff.MapPost("/checks", RunCheck).WithName("RunQuarterlyCheck")
            .WithSummary("Take the quarterly check now for a quarter (period: 2026Q3; the current one by default); agencies already frozen keep their snapshot. The ministry's administrators");
        return routes;
    }

    public sealed record StarsDto(int Stars, string Reason);
    public sealed record ResourceQualityDto(Guid ResourceId, string Name, string Format, StarsDto Stars, string? Content, string? ContentEncoding, DateTimeOffset? CheckedAt, bool Broken);
    public sealed record DatasetQualityDto(string Name, string Identifier, string Title, string Agency, StarsDto Stars, bool NotUpdatedOnTime, string Freshness,
        DateTimeOffset? LastUpdatedAt, DateTimeOffset? LateAfter, bool BrokenLink, IReadOnlyList<string> WrongInformation, IReadOnlyList<ResourceQualityDto> Resources);
    public sealed record SnapshotDto(string Period, string Agency, DateTimeOffset TakenAt, string TakenBy, int DatasetsOpen, int NotUpdatedOnTime, int BrokenLinks,
        int WrongInformation, decimal? Accuracy, int ThreeStarsOrMore, int FourStarsOrMore, int FiveStars, IReadOnlyList<SnapshotItemDto>? Datasets);
    public sealed record SnapshotItemDto(string Identifier, string Title, int Stars, bool NotUpdatedOnTime, bool BrokenLink, bool WrongInformation, IReadOnlyList<string> Reasons);
    public sealed record RunCheckInput(string? Period);
    public sealed record DeriveInput(string? Derivation);

    private static async Task<IResult> Derive(string name, Guid resourceId, DeriveInput input, RaiseStars raise, HttpContext http, CancellationToken ct)
    {
        if (http.Staff() is not { } staff)
        {
            return TypedResults.Forbid();
        }
        var result = await raise.AddAsync(staff, name, resourceId, input.Derivation?.Trim().ToLowerInvariant() ?? "", ct);
        var english = http.WantsEnglish();
        return result.Outcome switch
        {
            CatalogOutcome.Ok => TypedResults.Created($"/api/v1/datasets/{name}", new { id = result.Value!.Id, name = result.Value.Name, format = result.Value.Format, derivedFrom = resourceId }),
            CatalogOutcome.Invalid => TypedResults.ValidationProblem(result.Errors!.ToDictionary(english)),
            CatalogOutcome.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: string.Join(" ", result.Errors!.ToDictionary(english).Values.SelectMany(v => v))),
            CatalogOutcome.Forbidden => TypedResults.Forbid(),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: english ? $"Dataset '{name}' has no resource {resourceId}." : $"資料集「{name}」沒有資源 {resourceId}。"),
        };
    }

    internal static DatasetQualityDto Dto(DatasetQuality d, AgencyDirectory agencies, bool english) => new(
        d.Name, d.Identifier, d.Title, agencies.Tree.Find(d.AgencyId)?.Code ?? "", new StarsDto(d.Stars.Stars, d.Stars.Reason(english)),
        d.NotUpdatedOnTime, d.Freshness.Reason(english), d.Freshness.LastUpdatedAt, d.Freshness.LateAfter, d.HasBrokenLink,
        [.. d.Problems.Select(p => p.Text(english))],
        [.. d.Resources.Select(r => new ResourceQualityDto(r.ResourceId, r.Name, r.Format, new StarsDto(r.Stars.Stars, r.Stars.Reason(english)),
            r.Check?.Content is { } c ? ContentSniffer.Name(c) : null, r.Check?.ContentEncoding, r.Check?.LastCheckedAt, r.Broken))]);

    private static async Task<IResult> DatasetQuality(string name, KaifangDbContext db, QualityAssessment assessment, AgencyDirectory agencies, HttpContext http, CancellationToken ct)
    {
        var id = await FeedbackApi.DatasetIdAsync(db, name, ct, publishedOnly: true);
        if (id is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: http.WantsEnglish() ? $"There is no published dataset '{name}'." : $"找不到公開的資料集「{name}」。");
        }
        var judged = await assessment.AssessAsync(null, id, ct);
        return TypedResults.Ok(Dto(judged[0], agencies, http.WantsEnglish()));
    }

    private static async Task<IResult> Problems(string? agency, QualityAssessment assessment, AgencyDirectory agencies, HttpContext http, CancellationToken ct)
    {
        var staff = http.Staff();
        if (staff is null)
        {
            return TypedResults.Forbid();
        }
        var scope = Scope(staff, agencies, agency);
        if (scope is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["agency"] = [http.WantsEnglish() ? $"There is no agency '{agency}' within your reach." : $"您的權限內沒有機關「{agency}」。"] });
        }
        var judged = await assessment.AssessAsync(scope, null, ct);
        var english = http.WantsEnglish();
        return TypedResults.Ok(judged.Where(d => d.Faults > 0).OrderByDescending(d => d.Faults).ThenBy(d => d.Identifier, StringComparer.Ordinal)
            .Select(d => Dto(d, agencies, english)).ToList());
    }

    /// The agencies the caller reaches, or the one asked for (with those below it) when the caller reaches it.
    internal static IReadOnlySet<int>? Scope(StaffScope staff, AgencyDirectory agencies, string? agency)
    {
        if (agency is null)
        {
            return staff.Role == StaffRole.SystemAdmin ? null : staff.Agencies;
        }
        var node = agencies.Tree.FindByCode(agency);
        return node is null || !staff.Reaches(node.Id) ? null : agencies.Tree.SelfAndDescendants(node.Id);
    }

    private static async Task<IResult> ListChecks(int? year, KaifangDbContext db, AgencyDirectory agencies, HttpContext http, CancellationToken ct)
    {
        var staff = http.Staff();
        if (staff is null)
        {
            return TypedResults.Forbid();
        }
        var snapshots = await db.QualitySnapshots.AsNoTracking().Where(s => year == null || s.Year == year)
            .OrderByDescending(s => s.Year).ThenByDescending(s => s.Quarter).ThenBy(s => s.AgencyId).ToListAsync(ct);
        return TypedResults.Ok(snapshots.Where(s => staff.Reaches(s.AgencyId)).Select(s => ToDto(s, agencies, withItems: false)).ToList());
    }

    private static async Task<IResult> GetCheck(string period, string? agency, KaifangDbContext db, AgencyDirectory agencies, HttpContext http, CancellationToken ct)
    {
        var staff = http.Staff();
        if (staff is null)
        {
            return TypedResults.Forbid();
        }
        if (Feedback.FeedbackPeriod.Parse(period) is not { Quarter: { } quarter } p)
        {
            return BadPeriod(http, period);
        }
        var node = agency is null ? null : agencies.Tree.FindByCode(agency);
        var snapshots = await db.QualitySnapshots.AsNoTracking().Include(s => s.Items)
            .Where(s => s.Year == p.Year && s.Quarter == quarter && (node == null || s.AgencyId == node.Id)).ToListAsync(ct);
        var visible = snapshots.Where(s => staff.Reaches(s.AgencyId)).OrderBy(s => s.AgencyId).ToList();
        return visible.Count == 0
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: http.WantsEnglish() ? $"No quarterly check of {p.Label} has been taken." : $"{p.Label} 尚未進行季檢核。")
            : TypedResults.Ok(visible.Select(s => ToDto(s, agencies, withItems: true)).ToList());
    }

    private static async Task<IResult> RunCheck(RunCheckInput? input, QuarterlyCheck check, AgencyDirectory agencies, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var staff = http.Staff();
        if (staff is null || !IsMinistryAdmin(staff, agencies))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
                title: http.WantsEnglish() ? "Only the ministry's administrators take the quarterly check." : "只有部本部的管理者可以進行季檢核。");
        }
        var (year, quarter) = QuarterlyCheck.QuarterOf(Feedback.ReplyDeadline.TaipeiDate(time.GetUtcNow()));
        if (!string.IsNullOrWhiteSpace(input?.Period))
        {
            if (Feedback.FeedbackPeriod.Parse(input.Period) is not { Quarter: { } q } p)
            {
                return BadPeriod(http, input.Period);
            }
            (year, quarter) = (p.Year, q);
        }
        var result = await check.RunAsync(year, quarter, staff.UserName, ct);
        return TypedResults.Ok(new
        {
            period = $"{year}Q{quarter}",
            taken = result.Taken.Select(s => ToDto(s, agencies, withItems: false)).ToList(),
            alreadyFrozen = result.AlreadyFrozen.Select(s => agencies.Tree.Find(s.AgencyId)?.Code).ToList(),
        });
    }

    internal static bool IsMinistryAdmin(StaffScope staff, AgencyDirectory agencies) =>
        agencies.Tree.Roots.Count > 0 && staff.Can(StaffAction.ModerateFeedback, agencies.Tree.Roots[0].Id);

    private static Microsoft.AspNetCore.Http.HttpResults.ValidationProblem BadPeriod(HttpContext http, string period) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]>
        {
            ["period"] = [http.WantsEnglish() ? $"'{period}' is not a quarter; write e.g. 2026Q3." : $"「{period}」不是季別；請寫成如 2026Q3。"],
        });

    internal static SnapshotDto ToDto(QualitySnapshot s, AgencyDirectory agencies, bool withItems) => new(
        s.Period, agencies.Tree.Find(s.AgencyId)?.Code ?? "", s.TakenAt, s.TakenBy, s.DatasetsOpen, s.NotUpdatedOnTime, s.BrokenLinks, s.WrongInformation,
        s.Accuracy, s.ThreeStarsOrMore, s.FourStarsOrMore, s.FiveStars,
        withItems ? [.. s.Items.OrderBy(i => i.Identifier, StringComparer.Ordinal).Select(i => new SnapshotItemDto(i.Identifier, i.Title, i.Stars, i.NotUpdatedOnTime, i.BrokenLink,
            i.WrongInformation, i.Reasons is null ? [] : i.Reasons.Split('\n')))] : null);
}
